import { compareBytes, compareDigits, memoize } from './digits.js';

/**
 * Alpine apk ordering (apk-tools' version.c, apk-package(5)): `digits{.digits}[letter]{_suffix[digits]}[-rN]`.
 * Numbers compare by value, except that a later component starting with `0` compares as a decimal
 * fraction (`1.02` < `1.1`); more components beat fewer; a letter beats none; suffixes rank
 * `_alpha` < `_beta` < `_pre` < `_rc` < (none) < `_cvs` < `_svn` < `_git` < `_hg` < `_p`; then `-rN`.
 */
const suffixRank: Readonly<Record<string, number>> = { alpha: 0, beta: 1, pre: 2, rc: 3, cvs: 5, svn: 6, git: 7, hg: 8, p: 9 };
const NO_SUFFIX = 4;

interface ApkVersion {
  readonly numbers: readonly string[];
  readonly letter: string;
  readonly suffixes: readonly (readonly [number, string])[];
  readonly revision: string;
}

const grammar = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:~[0-9a-f]+)?(?:-r(\d+))?$/;

export const parseApk = memoize(parseApkText);

function parseApkText(text: string): ApkVersion | undefined {
  const m = grammar.exec(text.trim());
  if (!m) return undefined;
  const suffixes = [...(m[3] ?? '').matchAll(/_([a-z]+)(\d*)/g)].map((s) => [suffixRank[s[1] as string] ?? NO_SUFFIX, s[2] || '0'] as const);
  return { numbers: (m[1] as string).split('.'), letter: m[2] ?? '', suffixes, revision: m[4] ?? '0' };
}

function compareComponent(a: string, b: string, first: boolean): number {
  if (!first && (a.startsWith('0') || b.startsWith('0'))) {
    // Fractional comparison: compare digit strings left to right, the shorter padded.
    return compareBytes(a.padEnd(b.length, '0'), b.padEnd(a.length, '0'));
  }
  return compareDigits(a, b);
}

export function compareApk(a: string, b: string): number | undefined {
  const x = parseApk(a);
  const y = parseApk(b);
  if (!x || !y) return undefined;
  const n = Math.min(x.numbers.length, y.numbers.length);
  for (let i = 0; i < n; i++) {
    const c = compareComponent(x.numbers[i] as string, y.numbers[i] as string, i === 0);
    if (c !== 0) return c;
  }
  if (x.numbers.length !== y.numbers.length) return x.numbers.length < y.numbers.length ? -1 : 1;
  if (x.letter !== y.letter) return compareBytes(x.letter, y.letter);
  const m = Math.max(x.suffixes.length, y.suffixes.length);
  for (let i = 0; i < m; i++) {
    const [xr, xn] = x.suffixes[i] ?? [NO_SUFFIX, '0'];
    const [yr, yn] = y.suffixes[i] ?? [NO_SUFFIX, '0'];
    if (xr !== yr) return xr < yr ? -1 : 1;
    const c = compareDigits(xn, yn);
    if (c !== 0) return c;
  }
  return compareDigits(x.revision, y.revision);
}
