import { compareBytes, compareDigits, memoize } from './digits.js';

/**
 * RubyGems' Gem::Version ordering: the version splits into numeric and letter segments (`1.0.0.rc1` →
 * 1, 0, 0, "rc", 1; a `-` means `.pre.`), trailing zeros of the release part and of the prerelease part do
 * not count, a missing segment is 0, and a letter segment (a prerelease) sorts below any number.
 */
type Segment = string | number;

const grammar = /^\s*[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\s*$/;

const canonicalSegments = memoize(canonicalSegmentsOf);

function canonicalSegmentsOf(version: string): string[] | undefined {
  if (!grammar.test(version)) return undefined;
  const text = version.trim().replace(/-/g, '.pre.');
  const segments = text.match(/[0-9]+|[a-z]+/gi) ?? [];
  const firstString = segments.findIndex((s) => !/^\d/.test(s));
  const numeric = firstString === -1 ? segments : segments.slice(0, firstString);
  const strings = firstString === -1 ? [] : segments.slice(firstString);
  const trim = (list: string[]): string[] => {
    const out = [...list];
    while (out.length > 0 && /^0+$/.test(out[out.length - 1] as string)) out.pop();
    return out;
  };
  return [...trim(numeric), ...trim(strings)];
}

const isNumber = (s: Segment): boolean => /^\d+$/.test(String(s));

export function compareRubyGems(a: string, b: string): number | undefined {
  const x = canonicalSegments(a);
  const y = canonicalSegments(b);
  if (!x || !y) return undefined;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const l = x[i] ?? '0';
    const r = y[i] ?? '0';
    if (l === r) continue;
    const ln = isNumber(l);
    const rn = isNumber(r);
    if (!ln && rn) return -1;
    if (ln && !rn) return 1;
    const c = ln ? compareDigits(l, r) : compareBytes(l, r);
    if (c !== 0) return c;
  }
  return 0;
}
