import type { Severity } from '../core/severity.js';
import { severityRankOf, type VulnSeverity } from './cvss.js';
import type { ImageVulnerability } from './evidence.js';

/**
 * Whether a vulnerability is reported at the threshold. One of unknown severity is reported only at the
 * lowest threshold (`low`): nothing says it is high, and nothing says it may be ignored.
 */
export function meetsThreshold(severity: VulnSeverity, threshold: Severity): boolean {
  if (severity === 'unknown') return threshold === 'low';
  return severityRankOf(severity) >= severityRankOf(threshold);
}

/** The vulnerabilities NSA-UPG-007 reports: at or above the threshold, with a fix unless unfixable ones are included. */
export function reportable(vulnerabilities: readonly ImageVulnerability[], threshold: Severity, includeUnfixable: boolean): readonly ImageVulnerability[] {
  // Many workloads run one image: its list is filtered once per threshold.
  let byOptions = reportableCache.get(vulnerabilities);
  if (!byOptions) reportableCache.set(vulnerabilities, (byOptions = new Map()));
  const key = `${threshold}/${includeUnfixable}`;
  let out = byOptions.get(key);
  if (!out) byOptions.set(key, (out = vulnerabilities.filter((v) => meetsThreshold(v.severity, threshold) && (includeUnfixable || v.fixed.length > 0))));
  return out;
}

const reportableCache = new WeakMap<readonly ImageVulnerability[], Map<string, readonly ImageVulnerability[]>>();

export const vulnSeverities: readonly VulnSeverity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

/** `2 critical, 1 high`. */
export function countBySeverity(vulnerabilities: readonly ImageVulnerability[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of vulnSeverities) counts[s] = 0;
  for (const v of vulnerabilities) if (v.severity !== 'none') counts[v.severity] = (counts[v.severity] ?? 0) + 1;
  return counts;
}

export function describeCounts(vulnerabilities: readonly ImageVulnerability[]): string {
  const counts = countBySeverity(vulnerabilities);
  return vulnSeverities
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

const LISTED = 20;

/** `CVE-2024-1 / GHSA-… (high) openssl 3.0.11-1, fixed in 3.0.13-1; …`, the first 20 then how many more. */
export function describeVulnerabilities(vulnerabilities: readonly ImageVulnerability[]): string {
  const shown = vulnerabilities.slice(0, LISTED).map(
    (v) => `${v.ids.join(' / ')} (${v.severity}) ${v.package} ${v.installed}, ${v.fixed.length > 0 ? `fixed in ${v.fixed.join(' or ')}` : 'no fix yet'}`,
  );
  const more = vulnerabilities.length - LISTED;
  return shown.join('; ') + (more > 0 ? `; and ${more} more (all of them in the vulnerabilities section of the JSON report)` : '');
}
