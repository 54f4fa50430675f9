import { compareBytes, compareDigits, splitEpochAndRelease } from './digits.js';

/**
 * RPM ordering: `[epoch:]version[-release]`, epoch numerically (missing is 0), then version and release
 * with rpmvercmp (rpm's lib/rpmvercmp.c): alphanumeric segments, separators ignored, numeric segments by
 * value and above alphabetic ones, `~` sorting before anything (pre-releases) and `^` after the end of
 * the other version but before any further segment (snapshots after a release). A release is compared
 * only when both sides have one.
 */
export function compareRpm(a: string, b: string): number {
  const x = splitEpochAndRelease(a);
  const y = splitEpochAndRelease(b);
  const epoch = compareDigits(x.epoch, y.epoch);
  if (epoch !== 0) return epoch;
  const version = rpmvercmp(x.version, y.version);
  if (version !== 0 || x.release === undefined || y.release === undefined) return version;
  return rpmvercmp(x.release, y.release);
}


const isAlnum = (c: string | undefined): boolean => c !== undefined && /[0-9A-Za-z]/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c);

export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a[i]);
    const take = numeric ? isDigit : isAlpha;
    let ai = i;
    while (take(a[ai])) ai++;
    let bj = j;
    while (take(b[bj])) bj++;
    // Segments of different types: the numeric one is newer.
    if (bj === j) return numeric ? 1 : -1;
    const c = numeric ? compareDigits(a.slice(i, ai), b.slice(j, bj)) : compareBytes(a.slice(i, ai), b.slice(j, bj));
    if (c !== 0) return c;
    i = ai;
    j = bj;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}
