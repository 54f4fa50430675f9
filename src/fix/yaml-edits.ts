import { isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../core/fix.js';
import { deepEqual, subsequence } from './ops.js';

/** A document the edit engine cannot change safely (it does not parse the same way, or has an odd shape). */
export class FixError extends Error {}

type AnyNode = Node | null | undefined;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const MERGE_KEY = '<<';

/**
 * The minimal text edits that turn one YAML (or JSON) document of `text` (the characters [start, end))
 * from `original` into `desired`: the document is walked alongside both values, and only the nodes whose
 * value changes are touched. Everything else (comments, key order, quoting, indentation, flow style, line
 * ends, anchors, other documents) stays byte for byte. `original` is the document as the scanner read
 * it (YAML 1.1 booleans, merge keys resolved); the `yaml` package gives only the positions.
 */
export function documentEdits(text: string, start: number, end: number, original: unknown, desired: unknown, json: boolean): TextEdit[] {
  if (deepEqual(original, desired)) return [];
  const editor = new DocumentEditor(text, start, end, json);
  return editor.edits(original, desired);
}

let lastParsed: { text: string; base: number; end: number; root: AnyNode; unit: number; indentedLists: boolean } | undefined;

class DocumentEditor {
  private readonly out: TextEdit[] = [];
  private readonly eol: string;
  private readonly root: AnyNode;
  /** Spaces per nesting level of block maps in this document. */
  private unit = 2;
  /** Block lists are indented under their key (`key:\n  - a`) rather than level with it (`key:\n- a`). */
  private indentedLists = true;

  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly end: number,
    private readonly json: boolean,
  ) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    // The fixes of one finding after another are worked out on the same document (SARIF output): it is parsed once.
    if (lastParsed && lastParsed.text === text && lastParsed.base === base && lastParsed.end === end) {
      this.root = lastParsed.root;
      this.unit = lastParsed.unit;
      this.indentedLists = lastParsed.indentedLists;
      return;
    }
    const doc = parseDocument(text.slice(base, end), { uniqueKeys: false, keepSourceTokens: false });
    if (doc.errors.length > 0) throw new FixError(`the document does not parse for editing: ${doc.errors[0]?.message ?? ''}`);
    this.root = doc.contents as AnyNode;
    this.learnStyle(this.root);
    lastParsed = { text, base, end, root: this.root, unit: this.unit, indentedLists: this.indentedLists };
  }

  edits(original: unknown, desired: unknown): TextEdit[] {
    this.diff(this.root, original, desired, undefined);
    this.keepAliasesOfChangedAnchors(this.root);
    return this.out.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  }

  // ---- positions -------------------------------------------------------------------------------

  private abs(offset: number): number {
    return this.base + offset;
  }

  private lineStart(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  private column(pos: number): number {
    return pos - this.lineStart(pos);
  }

  /** The start of the line after the one `pos` is on (or the document end). */
  private nextLineStart(pos: number): number {
    if (pos > this.base && this.text[pos - 1] === '\n') return pos;
    const newline = this.text.indexOf('\n', pos);
    return newline === -1 || newline >= this.end ? this.end : newline + 1;
  }

  /** The end of the line `pos` is on, before its line break. */
  private lineEnd(pos: number): number {
    let newline = this.text.indexOf('\n', pos);
    if (newline === -1 || newline > this.end) newline = this.end;
    return this.text[newline - 1] === '\r' ? newline - 1 : newline;
  }

  private start(node: Node): number {
    return this.abs((node.range as [number, number, number])[0]);
  }

  private valueEnd(node: Node): number {
    return this.abs((node.range as [number, number, number])[1]);
  }

  private isFlow(node: Node): boolean {
    const c = this.text[this.start(node)];
    return c === '{' || c === '[';
  }

  private pairEnd(pair: Pair): number {
    const value = pair.value as AnyNode;
    if (value && value.range) return this.valueEnd(value);
    return this.valueEnd(pair.key as Node);
  }

  /** Where a block list item's `-` is. */
  private dash(item: Node): number {
    let pos = this.start(item) - 1;
    while (pos > this.base && this.text[pos] !== '-') pos--;
    return pos;
  }

  private learnStyle(node: AnyNode): void {
    let unitFound = false;
    let listFound = false;
    const visit = (n: AnyNode): void => {
      if (unitFound && listFound) return;
      if (isMap(n) && !this.isFlow(n)) {
        for (const pair of n.items) {
          const key = pair.key as Node;
          const value = pair.value as AnyNode;
          if (!key?.range || !value?.range) continue;
          if (!unitFound && isMap(value) && !this.isFlow(value) && value.items[0]) {
            const step = this.column(this.start(value.items[0].key as Node)) - this.column(this.start(key));
            if (step > 0) {
              this.unit = step;
              unitFound = true;
            }
          }
          if (!listFound && isSeq(value) && !this.isFlow(value) && value.items[0]) {
            this.indentedLists = this.column(this.dash(value.items[0] as Node)) > this.column(this.start(key));
            listFound = true;
          }
          visit(value);
        }
      } else if (isSeq(n) && !this.isFlow(n)) n.items.forEach((item) => visit(item as AnyNode));
    };
    visit(node);
  }

  // ---- the walk --------------------------------------------------------------------------------

  /** Anchors whose node was edited, with the value it had: the aliases that should not change get a copy of it. */
  private readonly changedAnchors = new Map<string, unknown>();
  /** Aliases already replaced by a copy of their own changed value. */
  private readonly replacedAliases = new Set<number>();

  private diff(node: AnyNode, original: unknown, desired: unknown, pair: Pair | undefined): void {
    if (deepEqual(original, desired)) return;
    if (!node || !node.range) throw new FixError('a changed value has no position in the document');
    if (isAlias(node)) {
      // The anchored node is shared: the alias becomes a copy of its own, changed value.
      this.replacedAliases.add(this.start(node));
      this.replace(this.start(node), this.valueEnd(node), this.flow(desired));
      return;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor && !this.changedAnchors.has(anchor)) this.changedAnchors.set(anchor, original);
    if (isMap(node) && isObject(original) && isObject(desired)) return this.diffMap(node, original, desired);
    if (isSeq(node) && Array.isArray(original) && Array.isArray(desired)) return this.diffSeq(node, original, desired);
    if (isScalar(node) && (original === null || original === undefined) && desired !== null && typeof desired === 'object') {
      return this.fillNull(node, desired, pair);
    }
    if (isScalar(node) && (desired === null || typeof desired !== 'object')) return this.replaceScalar(node, desired, pair);
    this.replaceWhole(node, desired);
  }

  private keepAliasesOfChangedAnchors(node: AnyNode): void {
    if (this.changedAnchors.size === 0 || !node) return;
    if (isAlias(node)) {
      const name = String(node.source);
      if (this.changedAnchors.has(name) && !this.replacedAliases.has(this.start(node))) {
        this.replace(this.start(node), this.valueEnd(node), this.flow(this.changedAnchors.get(name)));
      }
    } else if (isMap(node)) {
      for (const pair of node.items as Pair[]) this.keepAliasesOfChangedAnchors(pair.value as AnyNode);
    } else if (isSeq(node)) node.items.forEach((item) => this.keepAliasesOfChangedAnchors(item as AnyNode));
  }

  private diffMap(node: YAMLMap, original: Record<string, unknown>, desired: Record<string, unknown>): void {
    const pairs = new Map<string, Pair>();
    for (const pair of node.items as Pair[]) {
      const key = isScalar(pair.key) ? String((pair.key as Scalar).value) : undefined;
      if (key !== undefined && key !== MERGE_KEY) pairs.set(key, pair);
    }
    const removals: Pair[] = [];
    const inserts: [string, unknown][] = [];
    for (const key of Object.keys(original)) {
      if (Object.prototype.hasOwnProperty.call(desired, key)) continue;
      const pair = pairs.get(key);
      // A key that came from a merge (`<<: *base`) cannot be deleted here: an explicit null overrides it.
      if (pair) removals.push(pair);
      else inserts.push([key, null]);
    }
    for (const [key, value] of Object.entries(desired)) {
      if (!Object.prototype.hasOwnProperty.call(original, key)) {
        inserts.push([key, value]);
        continue;
      }
      const pair = pairs.get(key);
      if (pair) this.diff(pair.value as AnyNode, original[key], value, pair);
      else if (!deepEqual(original[key], value)) inserts.push([key, value]);
    }
    const kept = node.items.length - removals.length;
    if (kept === 0 && inserts.length === 0) {
      this.replaceWhole(node, {});
      return;
    }
    const flow = this.json || this.isFlow(node);
    for (const pair of removals) this.removePair(node, pair, flow);
    if (inserts.length > 0) this.insertPairs(node, inserts, flow, new Set(removals));
  }

  private diffSeq(node: YAMLSeq, original: unknown[], desired: unknown[]): void {
    const items = node.items as AnyNode[];
    if (items.length !== original.length) throw new FixError('a list does not line up with its parsed value');
    const flow = this.json || this.isFlow(node);
    if (original.length === desired.length) {
      original.forEach((value, i) => this.diff(items[i], value, desired[i], undefined));
      return;
    }
    if (desired.length > original.length && original.every((value, i) => deepEqual(value, desired[i]))) {
      this.appendItems(node, desired.slice(original.length), flow);
      return;
    }
    const kept = subsequence(original, desired);
    if (!kept || kept.size === 0) {
      this.replaceWhole(node, desired);
      return;
    }
    if (flow) {
      // Kept items keep their own text (quoting, spacing); only the separators are rewritten.
      const texts = items.filter((_, i) => kept.has(i)).map((item) => this.text.slice(this.start(item as Node), this.valueEnd(item as Node)));
      const open = this.start(node);
      const close = this.valueEnd(node) - 1;
      this.replace(open + 1, close, texts.join(', '));
      return;
    }
    items.forEach((item, i) => {
      if (!kept.has(i)) this.removeBlockEntry(this.dash(item as Node), this.valueEnd(item as Node));
    });
  }

  // ---- changes ---------------------------------------------------------------------------------

  private replace(from: number, to: number, text: string): void {
    this.out.push({ range: [from, to], text });
  }

  private replaceScalar(node: Scalar, value: unknown, pair: Pair | undefined): void {
    const from = this.start(node);
    const to = this.valueEnd(node);
    const text = this.scalar(value, node.type);
    if (from === to && pair) {
      // An empty value (`key:`): write after the colon, before any comment on the line.
      const colon = this.text.indexOf(':', this.valueEnd(pair.key as Node));
      this.replace(colon + 1, colon + 1, ` ${text}`);
      return;
    }
    this.replace(from, to, text);
  }

  /** `key:` or `key: null` becomes a map or list: written below the key in block style, inline in flow style. */
  private fillNull(node: Scalar, desired: object, pair: Pair | undefined): void {
    const from = this.start(node);
    const to = this.valueEnd(node);
    const inFlow = this.json || !pair || this.isFlowContext(pair);
    const empty = Array.isArray(desired) ? desired.length === 0 : Object.keys(desired).length === 0;
    if (inFlow || empty) {
      if (from === to && pair) {
        const colon = this.text.indexOf(':', this.valueEnd(pair.key as Node));
        this.replace(colon + 1, colon + 1, ` ${this.flow(desired)}`);
      } else this.replace(from, to, this.flow(desired));
      return;
    }
    const keyColumn = this.column(this.start(pair.key as Node));
    if (to > from) this.replace(from, to, '');
    const lines = Array.isArray(desired)
      ? desired.map((item) => this.blockItem(item, this.listColumn(keyColumn))).join('')
      : Object.entries(desired).map(([k, v]) => this.blockPair(k, v, keyColumn + this.unit)).join('');
    const at = this.lineEnd(this.valueEnd(pair.key as Node));
    this.replace(at, at, this.eol + lines.slice(0, -this.eol.length));
  }

  private isFlowContext(pair: Pair): boolean {
    // In flow style the key is preceded by `{`, `,` or `[` on its line rather than only indentation.
    const key = this.start(pair.key as Node);
    const before = this.text.slice(this.lineStart(key), key).trim();
    return before !== '' && before !== '-' && !/^(-\s+)+$/.test(before);
  }

  private replaceWhole(node: Node, desired: unknown): void {
    let to = this.valueEnd(node);
    while (to > this.start(node) && (this.text[to - 1] === '\n' || this.text[to - 1] === '\r')) to--;
    this.replace(this.start(node), to, desired !== null && typeof desired === 'object' ? this.flow(desired) : this.scalar(desired, undefined));
  }

  private removePair(map: YAMLMap, pair: Pair, flow: boolean): void {
    const items = map.items as Pair[];
    const index = items.indexOf(pair);
    const keyStart = this.start(pair.key as Node);
    const pairEnd = this.pairEnd(pair);
    if (flow) {
      const next = items[index + 1];
      const previous = items[index - 1];
      if (next) this.replace(keyStart, this.start(next.key as Node), '');
      else if (previous) this.replace(this.pairEnd(previous), pairEnd, '');
      else this.replace(keyStart, pairEnd, '');
      return;
    }
    const lineStart = this.lineStart(keyStart);
    if (this.text.slice(lineStart, keyStart).trim() === '') {
      this.removeBlockEntry(keyStart, pairEnd);
      return;
    }
    // The first key of a list item shares its line with `- `: the next key moves up to take its place.
    const next = items[index + 1];
    if (!next) throw new FixError('cannot remove the only key of a list item');
    this.replace(keyStart, this.start(next.key as Node), '');
  }

  /**
   * Removes the lines of a block entry (a map key with its value, or a list item), keeping every comment
   * they hold as a comment line where the entry was.
   */
  private removeBlockEntry(entryStart: number, entryEnd: number): void {
    const from = this.lineStart(entryStart);
    const to = this.nextLineStart(entryEnd);
    const pad = ' '.repeat(entryStart - from);
    const comments = commentsIn(this.text.slice(from, to)).map((c) => pad + c + this.eol);
    let text = comments.join('');
    if (text && to === this.end && !this.text.slice(from, to).endsWith('\n')) text = text.slice(0, -this.eol.length);
    this.replace(from, to, text);
  }

  private insertPairs(map: YAMLMap, entries: readonly [string, unknown][], flow: boolean, removed: ReadonlySet<Pair>): void {
    const items = (map.items as Pair[]).filter((p) => !removed.has(p));
    if (flow) {
      const rendered = entries.map(([k, v]) => `${this.key(k)}: ${this.flow(v)}`);
      this.insertFlow(map, items.map((p) => [this.start(p.key as Node), this.pairEnd(p)] as const), rendered);
      return;
    }
    const all = map.items as Pair[];
    const indent = this.column(this.start(all[0]?.key as Node));
    const last = all[all.length - 1] as Pair;
    const lines = entries.map(([k, v]) => this.blockPair(k, v, indent)).join('');
    this.insertLines(this.nextLineStart(this.pairEnd(last)), lines);
  }

  private appendItems(seq: YAMLSeq, values: readonly unknown[], flow: boolean): void {
    const items = seq.items as Node[];
    if (flow || items.length === 0) {
      this.insertFlow(seq, items.map((item) => [this.start(item), this.valueEnd(item)] as const), values.map((v) => this.flow(v)));
      return;
    }
    const column = this.column(this.dash(items[0] as Node));
    const last = items[items.length - 1] as Node;
    this.insertLines(this.nextLineStart(this.valueEnd(last)), values.map((v) => this.blockItem(v, column)).join(''));
  }

  /** Adds entries at the end of a flow collection: on its line, or one per line when it spans lines. */
  private insertFlow(collection: Node, entries: readonly (readonly [number, number])[], rendered: readonly string[]): void {
    const close = this.valueEnd(collection) - 1;
    const open = this.start(collection);
    const last = entries[entries.length - 1];
    if (!last) {
      this.replace(close, close, rendered.join(', '));
      return;
    }
    const multiline = this.text.slice(open, close).includes('\n');
    if (multiline) {
      const pad = ' '.repeat(this.column(last[0]));
      this.replace(last[1], last[1], rendered.map((r) => `,${this.eol}${pad}${r}`).join(''));
    } else this.replace(last[1], last[1], rendered.map((r) => `, ${r}`).join(''));
  }

  /** Inserts whole lines at a line start; at the end of a file without a final line break, adds one first. */
  private insertLines(at: number, lines: string): void {
    if (at > 0 && this.text[at - 1] !== '\n') this.replace(at, at, this.eol + lines.slice(0, -this.eol.length));
    else this.replace(at, at, lines);
  }

  // ---- rendering -------------------------------------------------------------------------------

  private listColumn(keyColumn: number): number {
    return keyColumn + (this.indentedLists ? this.unit : 0);
  }

  private blockPair(key: string, value: unknown, indent: number): string {
    const pad = ' '.repeat(indent);
    if (isObject(value) && Object.keys(value).length > 0) {
      return `${pad}${this.key(key)}:${this.eol}` + Object.entries(value).map(([k, v]) => this.blockPair(k, v, indent + this.unit)).join('');
    }
    if (Array.isArray(value) && value.length > 0) {
      return `${pad}${this.key(key)}:${this.eol}` + value.map((item) => this.blockItem(item, this.listColumn(indent))).join('');
    }
    return `${pad}${this.key(key)}: ${this.inline(value)}${this.eol}`;
  }

  private blockItem(value: unknown, column: number): string {
    if (isObject(value) && Object.keys(value).length > 0) {
      const lines = Object.entries(value).map(([k, v]) => this.blockPair(k, v, column + 2)).join('');
      return ' '.repeat(column) + '- ' + lines.slice(column + 2);
    }
    return `${' '.repeat(column)}- ${this.inline(value)}${this.eol}`;
  }

  private inline(value: unknown): string {
    return value !== null && typeof value === 'object' ? this.flow(value) : this.scalar(value, undefined);
  }

  private flow(value: unknown): string {
    if (this.json) return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map((v) => this.flow(v)).join(', ')}]`;
    if (isObject(value)) return `{${Object.entries(value).map(([k, v]) => `${this.key(k)}: ${this.flow(v)}`).join(', ')}}`;
    return this.scalar(value, undefined);
  }

  private key(key: string): string {
    return this.json ? JSON.stringify(key) : plainOrQuoted(key);
  }

  private scalar(value: unknown, style: Scalar['type'] | undefined): string {
    if (this.json) return JSON.stringify(value);
    if (typeof value === 'string') {
      if (style === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
      if (style === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
      return plainOrQuoted(value);
    }
    if (value === null || value === undefined) return 'null';
    return String(value);
  }
}

/** Words YAML 1.1 or 1.2 reads as something other than a string. */
const specialWords = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
const plainText = /^[A-Za-z_/][A-Za-z0-9_./@-]*(?::[A-Za-z0-9_./@-]+)*$/;
/** Kubernetes quantities (100m, 128Mi): strings for YAML, and safe unquoted. */
const quantity = /^\d+(?:\.\d+)?(?:m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)$/;

/** A string written plain when YAML 1.1 and 1.2 both read it back as the same string, else double-quoted. */
export function plainOrQuoted(value: string): string {
  if ((plainText.test(value) || quantity.test(value)) && !specialWords.test(value)) return value;
  return JSON.stringify(value);
}

/** The comments (from `#`) on the lines of a block of YAML text, outside quoted strings. */
export function commentsIn(text: string): string[] {
  const comments: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = undefined;
        continue;
      }
      if (c === '"' || c === "'") {
        if (i === 0 || /[\s[{,:-]/.test(line[i - 1] ?? '')) quote = c;
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
        comments.push(line.slice(i).trimEnd());
        break;
      }
    }
  }
  return comments;
}
