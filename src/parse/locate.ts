import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { formatPath, type Path } from '../core/path.js';
import type { SourceDocument, SourcePosition } from '../core/resource.js';
import { blockDescend, blockRoot, splitLines, type BlockCursor } from './block-locate.js';
import { jsonDescend, jsonRoot, type JsonCursor } from './json-locate.js';

/** The paths walked in the current document, as a tree of cursors; undefined: not modelled, use the parser. */
interface Walked {
  readonly cursor: BlockCursor | JsonCursor | undefined;
  children?: Map<string | number, Walked>;
}

type CurrentDocument =
  | { kind: 'json'; source: SourceDocument; lineStarts: number[]; walked: Walked }
  | { kind: 'yaml'; source: SourceDocument; lines: ReturnType<typeof splitLines>; walked: Walked };

function step(current: CurrentDocument, cursor: BlockCursor | JsonCursor, segment: string | number): BlockCursor | JsonCursor | undefined {
  return current.kind === 'json'
    ? jsonDescend(current.source.text, cursor as JsonCursor, [segment])
    : blockDescend(current.lines, cursor as BlockCursor, [segment]);
}

/** Offsets (into the file text) where the document's lines start. */
function lineStarts(source: SourceDocument): number[] {
  const starts = [source.start];
  for (let i = source.text.indexOf('\n', source.start); i !== -1 && i < source.end; i = source.text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

function positionOf(starts: readonly number[], source: SourceDocument, offset: number): SourcePosition {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] as number) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: source.startLine + low, column: offset - (starts[low] as number) + 1 };
}

export interface Located extends SourcePosition {
  /** False when the path does not exist and the position is that of its nearest existing parent. */
  readonly exact: boolean;
}

interface ParsedDocument {
  readonly source: SourceDocument;
  readonly document: Document;
  readonly lines: LineCounter;
}

/**
 * Turns field paths into file positions, only for documents that have findings. Block-style YAML is read
 * by indentation (block-locate.ts) and JSON by scanning (json-locate.ts); anything else (flow style,
 * aliases) is parsed with positions by the `yaml` package. The locator keeps the last document: the
 * engine asks for all findings of one document together.
 */
export class Locator {
  private last: ParsedDocument | undefined;
  private current: CurrentDocument | undefined;
  private sources: Locator | undefined;

  /** A second locator for the user's files Kustomize output was made from: locating in both would evict each other's document. */
  get sourcesLocator(): Locator {
    return (this.sources ??= new Locator());
  }

  /**
   * The position of `path` in a document. Every path prefix walked is remembered for the document, so
   * the findings of one resource (which share `spec.template.spec.containers[0]`, or a List's `items[N]`)
   * walk each step once.
   */
  locate(source: SourceDocument, path: Path): Located {
    if (source.positions) return locateInTable(source, source.positions, path);
    const current = this.documentState(source);
    let node = current.walked;
    for (const segment of path) {
      let next = node.children?.get(segment);
      if (!next) {
        const cursor = node.cursor && step(current, node.cursor, segment);
        next = { cursor };
        (node.children ??= new Map()).set(segment, next);
      }
      node = next;
      if (!node.cursor) break;
    }
    const cursor = node.cursor;
    if (cursor) {
      if (current.kind === 'json') {
        const json = cursor as JsonCursor;
        return { ...positionOf(current.lineStarts, source, json.offset), exact: json.exact };
      }
      const { lineIndex, column, exact } = (cursor as BlockCursor).position;
      return { line: source.startLine + lineIndex, column: column + 1, exact };
    }
    return this.locateWithParser(source, path);
  }

  private documentState(source: SourceDocument): CurrentDocument {
    if (this.current?.source === source) return this.current;
    const first = /\S/.exec(source.text.slice(source.start, Math.min(source.end, source.start + 4096)))?.[0];
    if (first === '{' || first === '[') {
      this.current = { kind: 'json', source, lineStarts: lineStarts(source), walked: { cursor: jsonRoot(source.text, source.start) } };
    } else {
      const lines = splitLines(source.text.slice(source.start, source.end));
      this.current = { kind: 'yaml', source, lines, walked: { cursor: blockRoot(lines) } };
    }
    return this.current;
  }

  /** The full YAML parser, for what the block reader does not model (flow style, aliases, JSON). */
  locateWithParser(source: SourceDocument, path: Path): Located {
    const parsed = this.parse(source);
    const root = parsed.document.contents as Node | null;
    let node: Node | null = root;
    let offset = startOfContent(parsed, root);
    let exact = true;
    for (const segment of path) {
      const next = child(parsed.document, node, segment);
      if (!next) {
        exact = false;
        break;
      }
      node = next.value;
      offset = next.offset;
    }
    const position = parsed.lines.linePos(offset);
    return { line: source.startLine + position.line - 1, column: position.col, exact };
  }

  private parse(source: SourceDocument): ParsedDocument {
    if (this.last?.source === source) return this.last;
    const lines = new LineCounter();
    const document = parseDocument(source.text.slice(source.start, source.end), {
      lineCounter: lines,
      keepSourceTokens: false,
      uniqueKeys: false,
      strict: false,
    });
    this.last = { source, document, lines };
    return this.last;
  }
}

/** A path in a document whose positions were listed when it was read: the longest listed prefix. */
function locateInTable(source: SourceDocument, positions: ReadonlyMap<string, SourcePosition>, path: Path): Located {
  for (let length = path.length; length > 0; length--) {
    const position = positions.get(formatPath(path.slice(0, length)));
    if (position) return { ...position, exact: length === path.length };
  }
  return { line: source.startLine, column: 1, exact: path.length === 0 };
}

function startOfContent(parsed: ParsedDocument, root: Node | null): number {
  return root?.range?.[0] ?? 0;
}

/** The child node at one path step, and the offset to report for it (the key of a map entry). */
function child(document: Document, node: Node | null, segment: string | number): { value: Node | null; offset: number } | undefined {
  const resolved = isAlias(node) ? (node.resolve(document) as Node | undefined) ?? null : node;
  if (isMap(resolved)) {
    for (const pair of resolved.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      if (isScalar(key) && String(key.value) === String(segment)) {
        return { value: (pair.value as Node | null) ?? null, offset: key.range?.[0] ?? 0 };
      }
    }
    // Merge keys: the field may come from a merged map.
    for (const pair of resolved.items) {
      const key = pair.key as Node | null;
      if (isScalar(key) && key.value === '<<') {
        const merged = pair.value as Node | null;
        const sources = isSeq(merged) ? (merged.items as Node[]) : [merged];
        for (const source of sources) {
          const found = child(document, source, segment);
          if (found) return found;
        }
      }
    }
    return undefined;
  }
  if (isSeq(resolved) && typeof segment === 'number') {
    const item = resolved.items[segment] as Node | undefined;
    if (item === undefined) return undefined;
    return { value: item, offset: item?.range?.[0] ?? resolved.range?.[0] ?? 0 };
  }
  return undefined;
}
