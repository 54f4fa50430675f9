// Component versions as the cluster reports them: kubelet `v1.29.4-eks-036c24b`, containerd `2.1.4`,
// kernel `5.15.0-1057-aws`, image tags `v1.11.3@sha256:…`. Only the leading numeric parts are compared;
// vendor suffixes (which may carry backported fixes) are ignored and documented as such where it matters.

/** A version as its numeric parts: `1.29.4` → [1, 29, 4]. */
export type Version = readonly number[];

const leadingVersion = /(?:^|[^0-9.])v?(\d+(?:\.\d+)*)/;

/**
 * The first dotted number of a text (`v1.29.4-eks` → [1, 29, 4], `nginx-1.9.4-rancher1` → [1, 9, 4]),
 * or undefined when there is none. Parts beyond the fourth are dropped.
 */
export function parseVersion(text: unknown): Version | undefined {
  if (typeof text !== 'string') return undefined;
  const match = leadingVersion.exec(text);
  if (!match?.[1]) return undefined;
  const parts = match[1].split('.').slice(0, 4).map(Number);
  return parts.every((p) => Number.isSafeInteger(p)) ? parts : undefined;
}

/** Orders versions part by part; a missing part counts as 0 (`1.20` equals `1.20.0`). */
export function compareVersions(a: Version, b: Version): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}

export function formatVersion(version: Version): string {
  return version.join('.');
}

/** `introduced` ≤ version < `fixed`; a range without `introduced` starts at the first release. */
export interface AffectedRange {
  readonly introduced?: string;
  readonly fixed: string;
}

/** Whether a version falls in any of the ranges. Range bounds are written as plain versions (`1.20.11`). */
export function inAffectedRanges(version: Version, ranges: readonly AffectedRange[]): boolean {
  return ranges.some((range) => {
    const fixed = parseVersion(range.fixed);
    const introduced = range.introduced === undefined ? undefined : parseVersion(range.introduced);
    if (!fixed) return false;
    return compareVersions(version, fixed) < 0 && (!introduced || compareVersions(version, introduced) >= 0);
  });
}
