import { compareBytes, compareDigits, memoize } from './digits.js';

/**
 * Semantic Versioning 2.0.0 precedence (semver.org §11), used by npm, cargo and Go modules and by OSV
 * `SEMVER` ranges. Leniencies real data needs: a leading `v` (Go's `v1.2.3`), missing minor or patch
 * (`1.2` is `1.2.0`, as OSV and npm's loose mode read it), and a fourth numeric part (NuGet's revision).
 * Build metadata (`+incompatible`, `+build.5`) never changes precedence.
 */
export interface SemverParts {
  readonly core: readonly string[];
  readonly prerelease: readonly string[];
}

const grammar = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]*)?$/;

export const parseSemver = memoize(parseSemverText);

function parseSemverText(text: string): SemverParts | undefined {
  const m = grammar.exec(text.trim());
  if (!m) return undefined;
  const prerelease = m[5] === undefined ? [] : m[5].split('.');
  if (prerelease.some((p) => p === '')) return undefined;
  return { core: [m[1] ?? '0', m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'], prerelease };
}

export function compareSemverParts(a: SemverParts, b: SemverParts, caseInsensitivePre = false): number {
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(a.core[i] ?? '0', b.core[i] ?? '0');
    if (c !== 0) return c;
  }
  // A version without pre-release fields ranks above any pre-release of the same core.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length === 0 ? 0 : a.prerelease.length === 0 ? 1 : -1;
  const n = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < n; i++) {
    let x = a.prerelease[i] as string;
    let y = b.prerelease[i] as string;
    if (caseInsensitivePre) {
      x = x.toLowerCase();
      y = y.toLowerCase();
    }
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    // Numeric identifiers compare by value and rank below alphanumeric ones.
    const c = xNumeric && yNumeric ? compareDigits(x, y) : xNumeric ? -1 : yNumeric ? 1 : compareBytes(x, y);
    if (c !== 0) return c;
  }
  return Math.sign(a.prerelease.length - b.prerelease.length);
}

export function compareSemver(a: string, b: string): number | undefined {
  const x = parseSemver(a);
  const y = parseSemver(b);
  return x && y ? compareSemverParts(x, y) : undefined;
}

/**
 * NuGet (NuGet.Versioning): up to four numeric parts, missing ones 0 (`1.0` = `1.0.0.0`), pre-release
 * labels compared case-insensitively, metadata ignored.
 */
export function compareNuget(a: string, b: string): number | undefined {
  const x = parseSemver(a);
  const y = parseSemver(b);
  return x && y ? compareSemverParts(x, y, true) : undefined;
}
