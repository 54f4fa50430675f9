import type { VulnerableImageEntry, VulnerabilitiesReport } from '../core/report.js';
import type { ResourceRef } from '../core/resource.js';
import type { VulnerabilitySettings } from '../engine/settings.js';
import type { WorkloadView } from '../normalize/workload.js';
import { countBySeverity, reportable } from './filter.js';
import { workloadImages } from './join.js';

/** Collects, while the scan streams, which workloads run which image, for the report's vulnerabilities section. */
export class ImageVulnerabilityCollector {
  private readonly images = new Map<string, { image: string; reference?: string; digest?: string; workloads: ResourceRef[] }>();

  constructor(private readonly settings: VulnerabilitySettings) {}

  add(workload: WorkloadView): void {
    for (const { image, running } of workloadImages(workload)) {
      const key = `${running.reference ?? ''}@${running.digest ?? ''}`;
      let entry = this.images.get(key);
      if (!entry) {
        entry = { image, ...(running.reference ? { reference: running.reference } : {}), ...(running.digest ? { digest: running.digest } : {}), workloads: [] };
        this.images.set(key, entry);
      }
      entry.workloads.push(workload.resource.ref);
    }
  }

  report(): VulnerabilitiesReport {
    const { evidence, minSeverity, includeUnfixable } = this.settings;
    const images: VulnerableImageEntry[] = [...this.images.values()].map((entry) => {
      const match = evidence.find({ ...(entry.reference ? { reference: entry.reference } : {}), ...(entry.digest ? { digest: entry.digest } : {}) });
      const vulnerabilities = match?.evidence.vulnerabilities ?? [];
      const counts = countBySeverity(vulnerabilities);
      return {
        ...entry,
        ...(match
          ? { evidence: { sources: match.evidence.sources, kinds: match.evidence.kinds, matchedBy: match.by, ...(match.unconfirmedDigest ? { digestUnconfirmed: true as const } : {}) } }
          : {}),
        counts: { critical: counts['critical'] ?? 0, high: counts['high'] ?? 0, medium: counts['medium'] ?? 0, low: counts['low'] ?? 0, unknown: counts['unknown'] ?? 0 },
        reported: reportable(vulnerabilities, minSeverity, includeUnfixable).length,
        vulnerabilities,
      };
    });
    images.sort((a, b) => b.reported - a.reported || (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
    return { minSeverity, includeUnfixable, images };
  }
}
