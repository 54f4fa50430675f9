import { severityRankOf, worstSeverity, type VulnSeverity } from './cvss.js';
import type { ImageIdentity } from './image-identity.js';
import type { OsvDatabase } from './osv.js';
import type { ImageSbom } from './sbom.js';
import { comparatorFor } from './versions/index.js';

/** One vulnerability of one package in an image; a CVE and its GHSA (aliases) are one entry. */
export interface ImageVulnerability {
  /** The primary ID first (a CVE when there is one), then its aliases that the evidence named. */
  readonly ids: readonly string[];
  readonly severity: VulnSeverity;
  readonly package: string;
  readonly ecosystem?: string;
  readonly installed: string;
  /** Versions that fix it; empty when no fix is known. */
  readonly fixed: readonly string[];
}

/** What is known about one image: where from, and its vulnerabilities. */
export interface ImageEvidence {
  readonly image: ImageIdentity;
  /** The files this evidence came from (an SBOM, a Trivy or Grype report). */
  readonly sources: readonly string[];
  readonly kinds: readonly ('sbom' | 'trivy' | 'grype')[];
  readonly vulnerabilities: readonly ImageVulnerability[];
}

/** A vulnerability as a source reports it, before aliases are merged. */
export interface RawVulnerability {
  readonly id: string;
  readonly related: readonly string[];
  readonly severity: VulnSeverity;
  readonly package: string;
  readonly ecosystem?: string;
  readonly installed: string;
  readonly fixed: readonly string[];
}

export interface RawImageEvidence {
  readonly image: ImageIdentity;
  readonly source: string;
  readonly kind: 'sbom' | 'trivy' | 'grype';
  readonly vulnerabilities: readonly RawVulnerability[];
}

/** Matches an SBOM's packages against the OSV data. */
export function matchSbom(sbom: ImageSbom, db: OsvDatabase): RawImageEvidence {
  const vulnerabilities: RawVulnerability[] = [];
  for (const pkg of sbom.packages) {
    for (const match of db.match(pkg)) {
      vulnerabilities.push({
        id: match.record.id,
        related: match.record.related,
        severity: db.severityOf(match.record),
        package: pkg.name,
        ecosystem: pkg.ecosystem,
        installed: pkg.version,
        fixed: match.fixed,
      });
    }
  }
  return { image: sbom.image, source: sbom.file, kind: 'sbom', vulnerabilities };
}

/** `CVE-…` first, then GHSA, then the rest, each alphabetically: the ID people search for leads. */
function idOrder(a: string, b: string): number {
  const rank = (id: string): number => (id.startsWith('CVE-') ? 0 : id.startsWith('GHSA-') ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Merges the vulnerabilities of one image: entries for the same package and installed version whose IDs
 * are linked by aliases become one (union of IDs and fixes, the worst severity known).
 */
export function mergeVulnerabilities(raw: readonly RawVulnerability[]): ImageVulnerability[] {
  const groups = new Map<string, RawVulnerability[]>();
  for (const v of raw) {
    const k = `${v.package}\u0000${v.installed}`;
    const list = groups.get(k);
    if (list) list.push(v);
    else groups.set(k, [v]);
  }
  const out: ImageVulnerability[] = [];
  for (const list of groups.values()) {
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let root = x;
      while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) as string;
      parent.set(x, root);
      return root;
    };
    const union = (a: string, b: string): void => {
      if (!parent.has(a)) parent.set(a, a);
      if (!parent.has(b)) parent.set(b, b);
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(ra, rb);
    };
    for (const v of list) {
      union(v.id, v.id);
      for (const r of v.related) union(v.id, r);
    }
    const merged = new Map<string, { ids: Set<string>; severity: VulnSeverity; fixed: Set<string>; sample: RawVulnerability }>();
    for (const v of list) {
      const root = find(v.id);
      const entry = merged.get(root) ?? { ids: new Set<string>(), severity: 'unknown' as VulnSeverity, fixed: new Set<string>(), sample: v };
      entry.ids.add(v.id);
      for (const r of v.related) entry.ids.add(r);
      entry.severity = worstSeverity(entry.severity, v.severity);
      for (const f of v.fixed) entry.fixed.add(f);
      merged.set(root, entry);
    }
    for (const { ids, severity, fixed, sample } of merged.values()) {
      const compare = sample.ecosystem ? comparatorFor(sample.ecosystem) : undefined;
      out.push({
        ids: [...ids].sort(idOrder),
        severity,
        package: sample.package,
        ...(sample.ecosystem ? { ecosystem: sample.ecosystem } : {}),
        installed: sample.installed,
        fixed: [...fixed].sort((a, b) => (compare ? (compare(a, b) ?? 0) : a < b ? -1 : a > b ? 1 : 0)),
      });
    }
  }
  return out.sort(
    (a, b) => severityRankOf(b.severity) - severityRankOf(a.severity) || idOrder(a.ids[0] as string, b.ids[0] as string) || (a.package < b.package ? -1 : a.package > b.package ? 1 : 0),
  );
}

/** The image a container runs, as far as the manifest (and, in a live cluster, the pod status) tells. */
export interface RunningImage {
  /** Normalized `repository:tag`, when the reference has a tag (or none and no digest: `latest`). */
  readonly reference?: string;
  /** The digest that runs: the pod status's imageID, else the reference's `@digest`. */
  readonly digest?: string;
}

/** How an image's evidence was found: by the digest that runs, or by the tag. */
export interface EvidenceMatch {
  readonly evidence: ImageEvidence;
  readonly by: 'digest' | 'tag';
  /**
   * Found by tag although the digest that runs is known and the evidence names other digests: another
   * build of the tag, or the same image by another digest (a multi-platform index against the platform
   * manifest syft records). Used, and said, rather than leaving the image without evidence.
   */
  readonly unconfirmedDigest?: string;
}

/**
 * All vulnerability evidence of a scan, keyed by digest and by normalized reference. The join rule: the
 * digest that runs wins; otherwise evidence for the tag, preferring evidence that records no digest,
 * and saying so when the evidence names other digests than the one that runs.
 */
export class VulnerabilityEvidence {
  readonly images: readonly ImageEvidence[];
  private readonly byDigest = new Map<string, ImageEvidence>();
  private readonly byReference = new Map<string, ImageEvidence[]>();

  constructor(raw: readonly RawImageEvidence[]) {
    // Evidence naming the same image (an SBOM and a report of it) is merged into one.
    const groups: { keys: Set<string>; members: RawImageEvidence[] }[] = [];
    for (const item of raw) {
      const keys = new Set([...item.image.digests.map((d) => `@${d}`), ...item.image.references]);
      const overlapping = groups.filter((g) => [...keys].some((k) => g.keys.has(k) && (k.startsWith('@') || sameBuild(g.members, item))));
      const group = { keys, members: [] as RawImageEvidence[] };
      for (const g of overlapping) {
        for (const k of g.keys) group.keys.add(k);
        group.members.push(...g.members);
        groups.splice(groups.indexOf(g), 1);
      }
      group.members.push(item);
      groups.push(group);
    }
    this.images = groups.map(({ members }) => ({
      image: {
        display: (members[0] as RawImageEvidence).image.display,
        references: [...new Set(members.flatMap((m) => m.image.references))].sort(),
        digests: [...new Set(members.flatMap((m) => m.image.digests))].sort(),
      },
      sources: [...new Set(members.map((m) => m.source))],
      kinds: [...new Set(members.map((m) => m.kind))],
      vulnerabilities: mergeVulnerabilities(members.flatMap((m) => m.vulnerabilities)),
    }));
    for (const evidence of this.images) {
      for (const digest of evidence.image.digests) this.byDigest.set(digest, evidence);
      for (const reference of evidence.image.references) {
        const list = this.byReference.get(reference);
        if (list) list.push(evidence);
        else this.byReference.set(reference, [evidence]);
      }
    }
  }

  get empty(): boolean {
    return this.images.length === 0;
  }

  find(running: RunningImage): EvidenceMatch | undefined {
    if (running.digest) {
      const evidence = this.byDigest.get(running.digest);
      if (evidence) return { evidence, by: 'digest' };
    }
    if (!running.reference) return undefined;
    const candidates = this.byReference.get(running.reference) ?? [];
    const confirmed = candidates.find((e) => !running.digest || e.image.digests.length === 0);
    if (confirmed) return { evidence: confirmed, by: 'tag' };
    const other = candidates[0];
    return other ? { evidence: other, by: 'tag', unconfirmedDigest: running.digest as string } : undefined;
  }
}

/** Two pieces of evidence found by the same tag describe the same build unless their digests disagree. */
function sameBuild(members: readonly RawImageEvidence[], item: RawImageEvidence): boolean {
  const digests = new Set(members.flatMap((m) => m.image.digests));
  return digests.size === 0 || item.image.digests.length === 0 || item.image.digests.some((d) => digests.has(d));
}
