import { detach } from './values.js';

/** A field path inside a Kubernetes object: ['spec', 'containers', 0, 'securityContext']. */
export type Path = readonly (string | number)[];

const simpleKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** How each string segment is written after the first, remembered: reports repeat the same few hundred field names. */
const writtenSegments = new Map<string, string>();
const MAX_WRITTEN_SEGMENTS = 10_000;

function writtenSegment(segment: string): string {
  let written = writtenSegments.get(segment);
  if (written === undefined) {
    if (writtenSegments.size >= MAX_WRITTEN_SEGMENTS) writtenSegments.clear();
    // Both are copies: a segment read from a file is a slice of its text, and must not keep the file alive.
    written = detach(simpleKey.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`);
    writtenSegments.set(detach(segment), written);
  }
  return written;
}

/** Renders a path the way kubectl explain and JSONPath users read it: spec.containers[0].image. */
export function formatPath(path: Path): string {
  // join() builds one flat string: reports hold hundreds of thousands of paths, and a string built
  // with += is a chain of pieces that costs several times the memory.
  const parts = new Array<string>(path.length);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string | number;
    if (typeof segment === 'number') parts[i] = `[${segment}]`;
    else if (i === 0 && simpleKey.test(segment)) parts[i] = segment;
    else parts[i] = writtenSegment(segment);
  }
  return parts.join('');
}

/** RFC 6901 JSON pointer, used by JSON patches and SARIF. */
export function toPointer(path: Path): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Reads the value at a path, or undefined when any step is missing. */
export function getAtPath(root: unknown, path: Path): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
