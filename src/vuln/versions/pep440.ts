import { compareBytes, compareDigits, memoize } from './digits.js';

/**
 * PEP 440 ordering, as `packaging.version.Version` implements it: epoch, release (trailing zeros do not
 * count), then pre-release (a < b < rc), post-release, development release, and the local version label.
 * A `.devN` of a final release sorts before its pre-releases; a local label sorts after the same public
 * version, with numeric segments above alphanumeric ones.
 */
const pattern = new RegExp(
  '^\\s*v?' +
    '(?:(?<epoch>[0-9]+)!)?' +
    '(?<release>[0-9]+(?:\\.[0-9]+)*)' +
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?' +
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?' +
    '(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?' +
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$',
  'i',
);

export interface Pep440Version {
  readonly epoch: string;
  readonly release: readonly string[];
  /** [rank, number]: a=0, b=1, rc=2. */
  readonly pre?: readonly [number, string];
  readonly post?: string;
  readonly dev?: string;
  readonly local?: readonly string[];
}

const preRank: Readonly<Record<string, number>> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

export const parsePep440 = memoize(parsePep440Text);

function parsePep440Text(text: string): Pep440Version | undefined {
  const m = pattern.exec(text);
  const g = m?.groups;
  if (!g) return undefined;
  const release = (g['release'] as string).split('.');
  while (release.length > 1 && /^0+$/.test(release[release.length - 1] as string)) release.pop();
  const preL = g['preL']?.toLowerCase();
  const postPresent = g['post'] !== undefined;
  return {
    epoch: g['epoch'] ?? '0',
    release,
    ...(preL ? { pre: [preRank[preL] ?? 2, g['preN'] ?? '0'] as const } : {}),
    ...(postPresent ? { post: g['postN1'] ?? g['postN2'] ?? '0' } : {}),
    ...(g['dev'] !== undefined ? { dev: g['devN'] ?? '0' } : {}),
    ...(g['local'] ? { local: g['local'].toLowerCase().split(/[-_.]/) } : {}),
  };
}

function compareRelease(a: readonly string[], b: readonly string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

/** The pre-release key: a dev-only release sorts below every pre-release, a final release above. */
function preKey(v: Pep440Version): [number, number, string] {
  if (v.pre) return [0, v.pre[0], v.pre[1]];
  if (v.post === undefined && v.dev !== undefined) return [-1, 0, '0'];
  return [1, 0, '0'];
}

function compareLocal(a: readonly string[] | undefined, b: readonly string[] | undefined): number {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    const c = xn && yn ? compareDigits(x, y) : xn ? 1 : yn ? -1 : compareBytes(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

export function comparePep440Parsed(a: Pep440Version, b: Pep440Version): number {
  const epoch = compareDigits(a.epoch, b.epoch);
  if (epoch !== 0) return epoch;
  const release = compareRelease(a.release, b.release);
  if (release !== 0) return release;
  const [ap, ar, an] = preKey(a);
  const [bp, br, bn] = preKey(b);
  if (ap !== bp) return ap < bp ? -1 : 1;
  if (ar !== br) return ar < br ? -1 : 1;
  const preNumber = compareDigits(an, bn);
  if (preNumber !== 0) return preNumber;
  // No post-release sorts below any post-release; no dev release sorts above any dev release.
  if (a.post !== b.post) {
    if (a.post === undefined || b.post === undefined) return a.post === undefined ? -1 : 1;
    const c = compareDigits(a.post, b.post);
    if (c !== 0) return c;
  }
  if (a.dev !== b.dev) {
    if (a.dev === undefined || b.dev === undefined) return a.dev === undefined ? 1 : -1;
    const c = compareDigits(a.dev, b.dev);
    if (c !== 0) return c;
  }
  return compareLocal(a.local, b.local);
}

export function comparePep440(a: string, b: string): number | undefined {
  const x = parsePep440(a);
  const y = parsePep440(b);
  return x && y ? comparePep440Parsed(x, y) : undefined;
}
