import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Path } from '../core/path.js';
import type { SourceDocument, SourcePosition } from '../core/resource.js';
import { locateInBlockYaml, splitLines } from './block-locate.js';

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
 * by indentation (block-locate.ts); anything else is parsed with positions by the `yaml` package. The
 * locator keeps the last document: the engine asks for all findings of one document together.
 */
export class Locator {
  private last: ParsedDocument | undefined;
  private lastLines: { source: SourceDocument; lines: ReturnType<typeof splitLines> } | undefined;

  locate(source: SourceDocument, path: Path): Located {
    if (this.lastLines?.source !== source) {
      this.lastLines = { source, lines: splitLines(source.text.slice(source.start, source.end)) };
    }
    const fast = locateInBlockYaml(this.lastLines.lines, path);
    if (fast) return { line: source.startLine + fast.lineIndex, column: fast.column + 1, exact: fast.exact };
    return this.locateWithParser(source, path);
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
