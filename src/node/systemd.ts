import { formatPath, type Path } from '../core/path.js';
import type { SourcePosition } from '../core/resource.js';

/**
 * Readers for the kubelet's flag files that are not YAML: systemd units and drop-ins (10-kubeadm.conf,
 * kubelet.service) and environment files (kubeadm-flags.env, /etc/default/kubelet). Each becomes a plain
 * object plus a table of where each of its fields sits in the text, so that a finding on a flag from
 * one of these files is located at its line and column like any YAML field.
 */

/** A word of a value, and where it starts in the file. */
interface Token {
  readonly text: string;
  readonly offset: number;
}

export interface ParsedText {
  readonly object: Record<string, unknown>;
  readonly positions: ReadonlyMap<string, SourcePosition>;
}

class Positions {
  readonly table = new Map<string, SourcePosition>();
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  set(path: Path, offset: number): void {
    this.table.set(formatPath(path), this.position(offset));
  }

  private position(offset: number): SourcePosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] as number) + 1 };
  }
}

/** One logical line (backslash continuations joined), with a map from its characters back to file offsets. */
interface LogicalLine {
  readonly text: string;
  readonly offsets: readonly number[];
}

function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let current = '';
  let offsets: number[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const continued = line.endsWith('\\') && !line.trimStart().startsWith('#') && !line.trimStart().startsWith(';');
    const body = continued ? line.slice(0, -1) : line;
    for (let i = 0; i < body.length; i++) offsets.push(offset + i);
    current += body;
    if (continued) {
      // systemd joins continued lines with a space.
      current += ' ';
      offsets.push(offset + body.length);
    } else {
      lines.push({ text: current, offsets });
      current = '';
      offsets = [];
    }
    offset += raw.length + 1;
  }
  if (current) lines.push({ text: current, offsets });
  return lines;
}

/**
 * Splits a value into words as systemd does for ExecStart= and Environment= (extract_first_word with
 * quotes and C escapes): whitespace separates, "double" and 'single' quotes group, a backslash escapes.
 */
function splitWords(line: LogicalLine, from: number): Token[] {
  const words: Token[] = [];
  let i = from;
  const { text } = line;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    const start = i;
    let word = '';
    let quote: string | undefined;
    while (i < text.length) {
      const c = text[i] as string;
      if (quote) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
        else word += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '\\' && i + 1 < text.length) word += text[++i];
      else if (/\s/.test(c)) break;
      else word += c;
      i++;
    }
    words.push({ text: word, offset: line.offsets[start] ?? 0 });
  }
  return words;
}

/** The words of a variable's value as the kubelet sees them after `$VAR` expansion (split on whitespace). */
function valueWords(value: string, valueOffset: (index: number) => number): Token[] {
  const words: Token[] = [];
  const pattern = /\S+/g;
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) words.push({ text: match[0], offset: valueOffset(match.index) });
  return words;
}

/**
 * A systemd unit or drop-in: `directives[i]` = {section, key, value}; ExecStart= directives carry their
 * `words`, Environment= directives their `assignments` ({name, value, words}).
 */
export function parseSystemdUnit(text: string): ParsedText {
  const positions = new Positions(text);
  const directives: Record<string, unknown>[] = [];
  let section = '';
  for (const line of logicalLines(text)) {
    const trimmed = line.text.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      section = header[1] as string;
      continue;
    }
    const eq = line.text.indexOf('=');
    if (eq === -1) continue;
    const key = line.text.slice(0, eq).trim();
    let valueStart = eq + 1;
    while (valueStart < line.text.length && /[ \t]/.test(line.text[valueStart] as string)) valueStart++;
    const value = line.text.slice(valueStart).trimEnd();
    const index = directives.length;
    const path: Path = ['directives', index];
    const keyOffset = line.offsets[line.text.search(/\S/)] ?? 0;
    positions.set(path, keyOffset);
    positions.set([...path, 'value'], line.offsets[valueStart] ?? keyOffset);
    const directive: Record<string, unknown> = { section, key, value };
    if (key === 'ExecStart' || key === 'ExecStartPre') {
      const words = splitWords(line, valueStart);
      // A leading prefix (@, -, :, +, !) changes how systemd runs the command, not its arguments.
      const first = words[0];
      if (first) {
        const prefix = /^[@\-:+!]+/.exec(first.text)?.[0].length ?? 0;
        if (prefix > 0) words[0] = { text: first.text.slice(prefix), offset: first.offset + prefix };
      }
      directive['words'] = words.map((w) => w.text);
      words.forEach((w, j) => positions.set([...path, 'words', j], w.offset));
    } else if (key === 'Environment') {
      const assignments: Record<string, unknown>[] = [];
      for (const token of splitAssignments(line, valueStart)) {
        const k = assignments.length;
        const assignment = { name: token.name, value: token.value, words: token.words.map((w) => w.text) };
        positions.set([...path, 'assignments', k], token.offset);
        token.words.forEach((w, j) => positions.set([...path, 'assignments', k, 'words', j], w.offset));
        assignments.push(assignment);
      }
      directive['assignments'] = assignments;
    }
    directives.push(directive);
  }
  return { object: { directives }, positions: positions.table };
}

interface Assignment {
  readonly name: string;
  readonly value: string;
  readonly offset: number;
  readonly words: Token[];
}

/** `Environment="A=x y" B=z`: each quoted or bare word is one assignment. */
function splitAssignments(line: LogicalLine, from: number): Assignment[] {
  const assignments: Assignment[] = [];
  let i = from;
  const { text } = line;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    const start = i;
    let word = '';
    const sourceIndex: number[] = [];
    let quote: string | undefined;
    while (i < text.length) {
      const c = text[i] as string;
      if (quote) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && quote === '"' && i + 1 < text.length) {
          sourceIndex.push(i + 1);
          word += text[++i];
        } else {
          sourceIndex.push(i);
          word += c;
        }
      } else if (c === '"' || c === "'") quote = c;
      else if (/\s/.test(c)) break;
      else {
        sourceIndex.push(i);
        word += c;
      }
      i++;
    }
    const eq = word.indexOf('=');
    if (eq <= 0) continue;
    const value = word.slice(eq + 1);
    const offsetAt = (index: number): number => line.offsets[sourceIndex[eq + 1 + index] ?? start] ?? 0;
    assignments.push({ name: word.slice(0, eq), value, offset: line.offsets[start] ?? 0, words: valueWords(value, offsetAt) });
  }
  return assignments;
}

/**
 * An environment file as systemd reads it (EnvironmentFile=): `NAME=value` lines, values optionally
 * quoted, `#` and `;` comments. `variables[i]` = {name, value, words}.
 */
export function parseEnvironmentFile(text: string): ParsedText {
  const positions = new Positions(text);
  const variables: Record<string, unknown>[] = [];
  for (const line of logicalLines(text)) {
    const match = /^(\s*)(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/.exec(line.text);
    if (!match || line.text.trimStart().startsWith('#') || line.text.trimStart().startsWith(';')) continue;
    const valueStart = match[0].length;
    let raw = line.text.slice(valueStart).trimEnd();
    let rawStart = valueStart;
    const quote = raw[0];
    if ((quote === '"' || quote === "'") && raw.endsWith(quote) && raw.length >= 2) {
      raw = raw.slice(1, -1);
      rawStart++;
    }
    const index = variables.length;
    const path: Path = ['variables', index];
    positions.set(path, line.offsets[(match[1] as string).length] ?? 0);
    const words = valueWords(raw, (i) => line.offsets[rawStart + i] ?? 0);
    words.forEach((w, j) => positions.set([...path, 'words', j], w.offset));
    variables.push({ name: match[2], value: raw, words: words.map((w) => w.text) });
  }
  return { object: { variables }, positions: positions.table };
}
