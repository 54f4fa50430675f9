import { compareDigits, sign, splitEpochAndRelease } from './digits.js';

/**
 * Debian version ordering (deb-version(7), dpkg's verrevcmp): `[epoch:]upstream[-revision]`, epoch
 * numerically, then upstream and revision by alternating non-digit and digit runs. In non-digit runs
 * letters sort before other characters and `~` before everything, even the end of the string, so
 * `1.0~rc1` < `1.0`. A missing revision compares as an empty one (`1.0` = `1.0-0`).
 */
export function compareDebian(a: string, b: string): number {
  const x = splitDebian(a);
  const y = splitDebian(b);
  const epoch = compareDigits(x.epoch, y.epoch);
  if (epoch !== 0) return epoch;
  return verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
}

function splitDebian(text: string): { epoch: string; upstream: string; revision: string } {
  const { epoch, version, release } = splitEpochAndRelease(text);
  return { epoch, upstream: version, revision: release ?? '' };
}

function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  const code = c.charCodeAt(0);
  if (c >= '0' && c <= '9') return 0;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return code;
  return code + 256;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(isDigit(a[i]) ? undefined : a[i]);
      const bc = order(isDigit(b[j]) ? undefined : b[j]);
      if (ac !== bc) return sign(ac - bc);
      if (i < a.length && !isDigit(a[i])) i++;
      if (j < b.length && !isDigit(b[j])) j++;
    }
    let ai = i;
    while (isDigit(a[ai])) ai++;
    let bj = j;
    while (isDigit(b[bj])) bj++;
    const c = compareDigits(a.slice(i, ai) || '0', b.slice(j, bj) || '0');
    if (c !== 0) return c;
    i = ai;
    j = bj;
  }
  return 0;
}
