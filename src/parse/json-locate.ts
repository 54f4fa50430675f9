import type { Path } from '../core/path.js';

/**
 * Locates a field path in a JSON document by scanning its text, skipping the values it does not enter:
 * `kubectl get -o json` dumps are single documents of many megabytes, which a position-tracking YAML
 * parse would re-read for every finding. Offsets are into the whole file text.
 */
export interface JsonCursor {
  /** Offset of the reported position: a member's key (its opening quote) or an element's value. */
  readonly offset: number;
  /** Offset of the value the path reached, or -1 when the path stopped early. */
  readonly value: number;
  readonly exact: boolean;
}

export function jsonRoot(text: string, start: number): JsonCursor {
  const offset = skipSpace(text, start);
  return { offset, value: offset, exact: true };
}

/** Descends from a cursor; undefined when the text is not the JSON it should be (the caller falls back). */
export function jsonDescend(text: string, from: JsonCursor, path: Path): JsonCursor | undefined {
  let cursor = from;
  for (const segment of path) {
    if (cursor.value < 0) return cursor;
    const open = text.charCodeAt(cursor.value);
    const found =
      open === 123 /* { */ && typeof segment === 'string'
        ? member(text, cursor.value, segment)
        : open === 91 /* [ */ && typeof segment === 'number'
          ? element(text, cursor.value, segment)
          : null;
    if (found === undefined) return undefined;
    if (found === null) return { offset: cursor.offset, value: -1, exact: false };
    cursor = found;
  }
  return cursor;
}

function member(text: string, open: number, key: string): JsonCursor | null | undefined {
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === 125 /* } */) return null;
  for (;;) {
    if (text.charCodeAt(i) !== 34 /* " */) return undefined;
    const keyStart = i;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return undefined;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 58 /* : */) return undefined;
    const value = skipSpace(text, i + 1);
    if (keyName(text, keyStart, keyEnd) === key) return { offset: keyStart, value, exact: true };
    const after = skipValue(text, value);
    if (after < 0) return undefined;
    i = skipSpace(text, after);
    const next = text.charCodeAt(i);
    if (next === 125 /* } */) return null;
    if (next !== 44 /* , */) return undefined;
    i = skipSpace(text, i + 1);
  }
}

/**
 * Where the elements of each array start, as far as they were read, for the text last asked about: the
 * `items` of a cluster dump are then skipped over once, not once per item asked for.
 */
let elementText: string | undefined;
let elementStarts = new Map<number, { readonly starts: number[]; ended: boolean }>();

function element(text: string, open: number, index: number): JsonCursor | null | undefined {
  if (elementText !== text) {
    elementText = text;
    elementStarts = new Map();
  }
  let known = elementStarts.get(open);
  if (!known) {
    const first = skipSpace(text, open + 1);
    known = { starts: text.charCodeAt(first) === 93 /* ] */ ? [] : [first], ended: text.charCodeAt(first) === 93 };
    elementStarts.set(open, known);
  }
  while (known.starts.length <= index && !known.ended) {
    const after = skipValue(text, known.starts[known.starts.length - 1] as number);
    if (after < 0) return undefined;
    let i = skipSpace(text, after);
    const next = text.charCodeAt(i);
    if (next === 93 /* ] */) known.ended = true;
    else if (next !== 44 /* , */) return undefined;
    else {
      i = skipSpace(text, i + 1);
      known.starts.push(i);
    }
  }
  const start = known.starts[index];
  return start === undefined ? null : { offset: start, value: start, exact: true };
}

function keyName(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  if (!raw.includes('\\')) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** The offset just after the string starting at `i`, or -1. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */) j++;
    else if (c === 34 /* " */) return j + 1;
  }
  return -1;
}

/** The offset just after the value starting at `i`, or -1. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return skipString(text, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 34) {
        j = skipString(text, j) - 1;
        if (j < 0) return -1;
      } else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
    j++;
  }
  return j > i ? j : -1;
}
