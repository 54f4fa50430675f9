import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Path } from '../core/path.js';
import { PolicyError, type PolicySource } from './fields.js';

export interface ParsedPolicyFile {
  /** The file's content as plain data (YAML 1.2: `2027-06-30` stays text). */
  readonly value: unknown;
  readonly source: PolicySource;
}

/**
 * Parses a configuration or exceptions file with positions, so that each error can name its line.
 * A syntax error or a duplicate key is itself an error naming the file and line.
 */
export function parsePolicyYaml(text: string, file: string): ParsedPolicyFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
    throw new PolicyError(`${file}:${line}: not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const lineOf = (path: Path): number | undefined => {
    let node: unknown = document.contents;
    let offset: number | undefined = (node as Node | null)?.range?.[0];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  return { value: document.toJS({ maxAliasCount: 100 }) as unknown, source: { file, lineOf } };
}
