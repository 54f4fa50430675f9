/** A field path inside a Kubernetes object: ['spec', 'containers', 0, 'securityContext']. */
export type Path = readonly (string | number)[];

const simpleKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Renders a path the way kubectl explain and JSONPath users read it: spec.containers[0].image. */
export function formatPath(path: Path): string {
  // join() builds one flat string: reports hold hundreds of thousands of paths, and a string built
  // with += is a chain of pieces that costs several times the memory.
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (simpleKey.test(segment)) return i === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
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
