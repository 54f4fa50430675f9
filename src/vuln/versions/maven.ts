import { compareBytes, compareDigits, memoize } from './digits.js';

/**
 * Maven's ComparableVersion (maven-artifact; documented in the POM reference, "Version Order
 * Specification"): the version splits at `.`, `-` and digit/letter transitions into numbers, qualifiers
 * and sub-lists (a `-` or a transition opens one); trailing "null" items (0, "", final, ga, release) are
 * dropped. Qualifiers rank alpha < beta < milestone < rc = cr < snapshot < "" = final = ga = release < sp,
 * unknown qualifiers after them alphabetically; `a1`, `b1`, `m1` mean alpha/beta/milestone. A number beats
 * a qualifier and a sub-list; a sub-list beats a qualifier.
 */
type Item = { readonly kind: 'int'; readonly value: string } | { readonly kind: 'string'; readonly value: string } | { readonly kind: 'list'; readonly items: Item[] };

const qualifiers = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const aliases: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };

function stringItem(text: string, followedByDigit: boolean): Item {
  let value = text;
  if (followedByDigit && value.length === 1) value = value === 'a' ? 'alpha' : value === 'b' ? 'beta' : value === 'm' ? 'milestone' : value;
  return { kind: 'string', value: aliases[value] ?? value };
}

function parseItem(isDigit: boolean, text: string): Item {
  return isDigit ? { kind: 'int', value: text.replace(/^0+(?=\d)/, '') } : stringItem(text, false);
}

function isNull(item: Item): boolean {
  if (item.kind === 'int') return /^0+$/.test(item.value);
  if (item.kind === 'string') return item.value === '';
  return item.items.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i] as Item;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

export function parseMaven(version: string): Item {
  const text = version.trim().toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const open = (): void => {
    const next: Item[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '.') {
      list.push(i === start ? { kind: 'int', value: '0' } : parseItem(isDigit, text.slice(start, i)));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? { kind: 'int', value: '0' } : parseItem(isDigit, text.slice(start, i)));
      start = i + 1;
      open();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(stringItem(text.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, text.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (text.length > start) list.push(parseItem(isDigit, text.slice(start)));
  while (stack.length > 0) normalize(stack.pop() as Item[]);
  return { kind: 'list', items: root };
}

function comparableQualifier(value: string): string {
  const index = qualifiers.indexOf(value);
  return index === -1 ? `${qualifiers.length}-${value}` : String(index);
}

/** Compares `a` with `b`, where an absent `b` is the "null" item padding the shorter list. */
function compareItem(a: Item, b: Item | undefined): number {
  if (a.kind === 'int') {
    if (!b) return /^0+$/.test(a.value) ? 0 : 1;
    return b.kind === 'int' ? compareDigits(a.value, b.value) : 1;
  }
  if (a.kind === 'string') {
    if (!b) return compareBytes(comparableQualifier(a.value), comparableQualifier(''));
    if (b.kind === 'int') return -1;
    if (b.kind === 'list') return -1;
    return compareBytes(comparableQualifier(a.value), comparableQualifier(b.value));
  }
  if (!b) return a.items.length === 0 ? 0 : compareItem(a.items[0] as Item, undefined);
  if (b.kind === 'int') return -1;
  if (b.kind === 'string') return 1;
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const x = a.items[i];
    const y = b.items[i];
    const c = x ? compareItem(x, y) : y ? -compareItem(y, undefined) : 0;
    if (c !== 0) return c;
  }
  return 0;
}

const parsedMaven = memoize(parseMaven);

export function compareMaven(a: string, b: string): number {
  return compareItem(parsedMaven(a), parsedMaven(b));
}
