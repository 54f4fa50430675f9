import type { Path } from '../core/path.js';

/**
 * Locates a field path in block-style YAML by reading indentation, without building a syntax tree:
 * the common case of Kubernetes manifests, and about as fast as scanning the lines once.
 * Returns undefined when it meets something it does not model (flow collections, aliases, merge keys,
 * complex keys, tabs, directives) on the way down; the caller then falls back to a full YAML parser.
 */
export interface BlockPosition {
  /** 0-based line index within the document text. */
  readonly lineIndex: number;
  /** 0-based column. */
  readonly column: number;
  readonly exact: boolean;
}

interface Line {
  readonly text: string;
  readonly indent: number;
  /** Blank or comment-only: never part of the structure. */
  readonly blank: boolean;
}

/** A node whose children are read: a mapping or sequence starting at `line`, column `column`. */
interface Node {
  readonly line: number;
  readonly column: number;
}

const plainKey = /^([^\s'"#&*!|>{}[\],?%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;
const doubleQuotedKey = /^"((?:[^"\\]|\\.)*)"[ \t]*:(?=[ \t]|$)/;
const singleQuotedKey = /^'((?:[^']|'')*)'[ \t]*:(?=[ \t]|$)/;

export function splitLines(text: string): Line[] {
  const raws = text.split('\n');
  const lines = new Array<Line>(raws.length);
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i] as string;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let indent = 0;
    while (indent < text.length && isWhiteSpace(text.charCodeAt(indent))) indent++;
    lines[i] = { text, indent, blank: indent === text.length || text.charCodeAt(indent) === 0x23 /* # */ };
  }
  return lines;
}

/** What String.prototype.trimStart removes: ECMAScript WhiteSpace and LineTerminator characters. */
function isWhiteSpace(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Where a path walk stands: the reported position, and the collection it can descend into
 * (null: a scalar or missing value, nothing below; 'opaque': something the reader does not model).
 */
export interface BlockCursor {
  readonly position: BlockPosition;
  readonly node: Node | null | 'opaque';
}

/** The document's root collection; undefined for documents the reader does not model. */
export function blockRoot(lines: readonly Line[]): BlockCursor | undefined {
  let first = 0;
  while (first < lines.length) {
    const line = lines[first];
    if (!line) break;
    if (line.text.startsWith('%') || line.text.includes('\t')) return undefined;
    if (!line.blank && !(line.indent === 0 && /^---\s*(#.*)?$/.test(line.text))) break;
    if (line.text.startsWith('---') && line.text.trim() !== '---' && !/^---\s+#/.test(line.text)) return undefined;
    first++;
  }
  const root = lines[first];
  if (!root) return { position: { lineIndex: 0, column: 0, exact: true }, node: null };
  const rest = root.text.slice(root.indent);
  if (rest.startsWith('{') || rest.startsWith('[')) return undefined;
  return { position: { lineIndex: first, column: root.indent, exact: true }, node: { line: first, column: root.indent } };
}

/** Walks a path down from a cursor; undefined when the walk meets something the reader does not model. */
export function blockDescend(lines: readonly Line[], from: BlockCursor, path: Path): BlockCursor | undefined {
  let cursor = from;
  for (const segment of path) {
    const node = cursor.node;
    if (node === 'opaque') return undefined;
    if (node === null) return { position: { ...cursor.position, exact: false }, node: null };
    const found = typeof segment === 'number' ? sequenceItem(lines, node, segment) : mappingValue(lines, node, segment);
    if (found === undefined) return undefined;
    if (found === null) return { position: { ...cursor.position, exact: false }, node: null };
    const child = valueNode(lines, found);
    cursor = { position: { lineIndex: found.keyLine, column: found.keyColumn, exact: true }, node: child === undefined ? 'opaque' : child };
  }
  return cursor;
}

interface Entry {
  readonly keyLine: number;
  readonly keyColumn: number;
  /** Where the value starts on the key's line (after `key:` or `- `), and the block indent it belongs to. */
  readonly valueColumn: number;
  readonly ownerIndent: number;
  readonly isSequenceItem: boolean;
}

/** The entry for `key` in the mapping at `node`; null when absent; undefined when not modelled. */
function mappingValue(lines: readonly Line[], node: Node, key: string): Entry | null | undefined {
  const column = node.column;
  for (const { line: l, at, rest } of blockEntries(lines, node)) {
    // At the mapping's own indent, a `- ` line is an item of the previous key's "indentless" sequence.
    if (rest.startsWith('- ') || rest === '-') {
      if (l === node.line) return undefined;
      continue;
    }
    const match = doubleQuotedKey.exec(rest) ?? singleQuotedKey.exec(rest) ?? plainKey.exec(rest);
    if (!match) return undefined;
    const name = match[0].startsWith('"')
      ? unescapeDouble(match[1] ?? '')
      : match[0].startsWith("'")
        ? (match[1] ?? '').replace(/''/g, "'")
        : (match[1] ?? '').trimEnd();
    if (name === '<<') return undefined;
    if (name === key) {
      return { keyLine: l, keyColumn: at, valueColumn: at + match[0].length, ownerIndent: column, isSequenceItem: false };
    }
  }
  return null;
}

/**
 * The lines where the items of each sequence start, as far as they were read, per document: a List of
 * thousands of items (a cluster dump) is then read once, not once per item asked for.
 */
const itemStarts = new WeakMap<readonly Line[], Map<number, { readonly lines: number[]; at: number[]; ended: boolean }>>();

/** The item `index` of the sequence at `node`. */
function sequenceItem(lines: readonly Line[], node: Node, index: number): Entry | null | undefined {
  const column = node.column;
  let byNode = itemStarts.get(lines);
  if (!byNode) itemStarts.set(lines, (byNode = new Map()));
  const key = node.line * 4096 + column;
  let known = byNode.get(key);
  if (!known) byNode.set(key, (known = { lines: [], at: [], ended: false }));
  if (index >= known.lines.length && !known.ended) {
    const resumeFrom = known.lines.length === 0 ? node.line : (known.lines[known.lines.length - 1] as number) + 1;
    let ended = true;
    for (const { line: l, at, rest } of blockEntries(lines, node, resumeFrom)) {
      if (!(rest.startsWith('- ') || rest === '-')) {
        if (l === node.line) return undefined;
        break;
      }
      known.lines.push(l);
      known.at.push(at);
      if (known.lines.length > index) {
        ended = false;
        break;
      }
    }
    known.ended = ended;
  }
  const l = known.lines[index];
  const at = known.at[index];
  if (l === undefined || at === undefined) return null;
  const rest = (lines[l] as Line).text.slice(at);
  const content = rest.slice(1);
  const spaces = content.length - content.trimStart().length;
  const inline = content.trim() !== '' && !content.trimStart().startsWith('#');
  if (inline) return { keyLine: l, keyColumn: at + 1 + spaces, valueColumn: at + 1 + spaces, ownerIndent: column, isSequenceItem: true };
  const next = nextContentLine(lines, l + 1);
  if (next === undefined || (lines[next] as Line).indent <= column) return null;
  return { keyLine: next, keyColumn: (lines[next] as Line).indent, valueColumn: (lines[next] as Line).indent, ownerIndent: column, isSequenceItem: true };
}

/**
 * The lines where entries of the collection at `node` may start: its first line (from its column), then
 * every line at its column, until a line less indented ends the block. Deeper lines belong to values.
 */
function* blockEntries(lines: readonly Line[], node: Node, from = node.line): Iterable<{ line: number; at: number; rest: string }> {
  for (let l = from; l < lines.length; l++) {
    const line = lines[l] as Line;
    if (line.blank) continue;
    if (l !== node.line) {
      if (line.indent < node.column) return;
      if (line.indent > node.column) continue;
    }
    const at = l === node.line ? node.column : line.indent;
    yield { line: l, at, rest: line.text.slice(at) };
  }
}

/** The collection that is the value of an entry; null for a scalar or empty value; undefined when not modelled. */
function valueNode(lines: readonly Line[], entry: Entry): Node | null | undefined {
  const line = lines[entry.keyLine] as Line;
  let rest = line.text.slice(entry.valueColumn);
  let column = entry.valueColumn;
  // Anchors and tags may stand before the value.
  for (;;) {
    const trimmed = rest.trimStart();
    column += rest.length - trimmed.length;
    rest = trimmed;
    const property = /^([&!][^\s]*)/.exec(rest);
    if (!property?.[1]) break;
    column += property[1].length;
    rest = rest.slice(property[1].length);
  }
  if (rest === '' || rest.startsWith('#')) {
    const next = nextContentLine(lines, entry.keyLine + 1);
    if (next === undefined) return null;
    const nextLine = lines[next] as Line;
    const ownIndent = entry.isSequenceItem ? entry.ownerIndent : entry.keyColumn;
    if (nextLine.indent > ownIndent) return { line: next, column: nextLine.indent };
    // A sequence may sit at the same indent as its key ("indentless" sequences).
    if (!entry.isSequenceItem && nextLine.indent === ownIndent && /^-( |$)/.test(nextLine.text.slice(nextLine.indent))) {
      return { line: next, column: nextLine.indent };
    }
    return null;
  }
  // An empty flow collection has no children: a path below it ends at its key, as with a scalar.
  if (/^(\{\s*\}|\[\s*\])\s*(#.*)?$/.test(rest)) return null;
  if (rest.startsWith('{') || rest.startsWith('[') || rest.startsWith('*') || rest.startsWith('?')) return undefined;
  if (rest.startsWith('- ') || rest === '-') return { line: entry.keyLine, column };
  if (entry.isSequenceItem && (doubleQuotedKey.test(rest) || singleQuotedKey.test(rest) || plainKey.test(rest))) {
    return { line: entry.keyLine, column };
  }
  return null; // a scalar: block scalars (| >), quoted or plain
}

function nextContentLine(lines: readonly Line[], from: number): number | undefined {
  for (let l = from; l < lines.length; l++) if (!(lines[l] as Line).blank) return l;
  return undefined;
}

function unescapeDouble(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}
