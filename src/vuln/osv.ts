import { asArray, asRecord, asString } from '../core/values.js';
import { cvss2BaseScore, cvss3BaseScore, cvss4ApproximateScore, ratingOf, severityFromText, type VulnSeverity } from './cvss.js';
import { normalizePackageName, type InstalledPackage } from './packages.js';
import { baseEcosystem, comparatorFor, type VersionComparator } from './versions/index.js';

/** One OSV record (ossf.github.io/osv-schema), reduced to what matching and reporting need. */
export interface OsvRecord {
  readonly id: string;
  /** `aliases` and `upstream`: IDs of the same vulnerability elsewhere (a CVE, a GHSA). */
  readonly related: readonly string[];
  readonly summary?: string;
  /** From the record itself; see `OsvDatabase.severityOf` for the alias fallback. */
  readonly severity?: VulnSeverity;
}

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

interface RangeEvent {
  readonly kind: EventKind;
  readonly version: string;
}

interface AffectedEntry {
  readonly record: OsvRecord;
  /** The full ecosystem, `Debian:12`. */
  readonly ecosystem: string;
  /** What follows the base ecosystem (`12`, `v3.18`, `22.04:LTS`), when the entry is for one release. */
  readonly release?: string;
  readonly ranges: readonly (readonly RangeEvent[])[];
  readonly versions?: ReadonlySet<string>;
}

/** A package version an OSV record says is affected, with the versions that fix it (none: unfixable). */
export interface PackageMatch {
  readonly record: OsvRecord;
  readonly fixed: readonly string[];
}

export interface OsvStatistics {
  records: number;
  withdrawn: number;
  /** Ranges of type GIT: commit ranges, which cannot be judged from a package version. */
  gitRanges: number;
  /** Affected entries of ecosystems with no known version order. */
  unsupportedEcosystems: Map<string, number>;
  /** Affected entries for one distribution release, skipped for packages whose release is unknown. */
  releaseUnknown: number;
  /** Versions a comparator could not read (the event or the installed version), skipped. */
  unreadableVersions: number;
}

const key = (ecosystem: string, name: string): string => `${baseEcosystem(ecosystem)}\u0000${normalizePackageName(ecosystem, name)}`;

/** OSV records indexed by ecosystem and package, loaded once, matched against installed packages. */
export class OsvDatabase {
  private readonly index = new Map<string, AffectedEntry[]>();
  private readonly severityById = new Map<string, VulnSeverity>();
  private readonly ids = new Set<string>();
  readonly statistics: OsvStatistics = { records: 0, withdrawn: 0, gitRanges: 0, unsupportedEcosystems: new Map(), releaseUnknown: 0, unreadableVersions: 0 };

  /** Adds one record (parsed JSON); false when it is not an OSV record. A repeated ID is added once. */
  add(document: unknown): boolean {
    const root = asRecord(document);
    const id = asString(root?.['id']);
    if (!root || !id || !Array.isArray(root['affected'] ?? [])) return false;
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    this.statistics.records++;
    if (root['withdrawn'] !== undefined && root['withdrawn'] !== null) {
      this.statistics.withdrawn++;
      return true;
    }
    const related = [...(asArray(root['aliases']) ?? []), ...(asArray(root['upstream']) ?? [])].map(asString).filter((s): s is string => !!s && s !== id);
    const affectedList = (asArray(root['affected']) ?? []).map(asRecord).filter((a): a is Record<string, unknown> => a !== undefined);
    const severity = recordSeverity(root, affectedList);
    const summary = asString(root['summary']);
    const record: OsvRecord = { id, related, ...(summary ? { summary } : {}), ...(severity ? { severity } : {}) };
    if (severity) {
      this.severityById.set(id, severity);
      for (const alias of related) if (!this.severityById.has(alias)) this.severityById.set(alias, severity);
    }
    for (const affected of affectedList) {
      const pkg = asRecord(affected['package']);
      const ecosystem = asString(pkg?.['ecosystem']);
      const name = asString(pkg?.['name']);
      if (!ecosystem || !name) continue;
      const base = baseEcosystem(ecosystem);
      const compare = comparatorFor(base);
      if (!compare) {
        this.statistics.unsupportedEcosystems.set(base, (this.statistics.unsupportedEcosystems.get(base) ?? 0) + 1);
        continue;
      }
      const ranges: RangeEvent[][] = [];
      for (const r of asArray(affected['ranges']) ?? []) {
        const range = asRecord(r);
        const type = asString(range?.['type']);
        if (type === 'GIT') {
          this.statistics.gitRanges++;
          continue;
        }
        if (type !== 'SEMVER' && type !== 'ECOSYSTEM') continue;
        const events: RangeEvent[] = [];
        for (const e of asArray(range?.['events']) ?? []) {
          const event = asRecord(e);
          for (const kind of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
            const version = asString(event?.[kind]);
            if (version !== undefined) events.push({ kind, version });
          }
        }
        if (events.length > 0) ranges.push(sortEvents(events, compare));
      }
      const versionList = (asArray(affected['versions']) ?? []).map(asString).filter((s): s is string => !!s);
      if (ranges.length === 0 && versionList.length === 0) continue;
      const release = ecosystem.length > base.length + 1 ? ecosystem.slice(base.length + 1) : undefined;
      const entry: AffectedEntry = {
        record,
        ecosystem,
        ...(release ? { release } : {}),
        ranges,
        ...(versionList.length > 0 ? { versions: new Set(versionList) } : {}),
      };
      const k = key(ecosystem, name);
      const list = this.index.get(k);
      if (list) list.push(entry);
      else this.index.set(k, [entry]);
    }
    return true;
  }

  /** The record's own severity, or that of a record it is an alias of. */
  severityOf(record: OsvRecord): VulnSeverity {
    if (record.severity) return record.severity;
    for (const id of [record.id, ...record.related]) {
      const severity = this.severityById.get(id);
      if (severity) return severity;
    }
    return 'unknown';
  }

  /** Every record affecting the installed package, each with its fixed versions above the installed one. */
  match(pkg: InstalledPackage): PackageMatch[] {
    const compare = comparatorFor(pkg.ecosystem);
    if (!compare) return [];
    const out = new Map<string, PackageMatch>();
    for (const name of pkg.lookupNames) {
      for (const entry of this.index.get(`${pkg.ecosystem}\u0000${name}`) ?? []) {
        if (out.has(entry.record.id)) continue;
        if (entry.release !== undefined && !releaseMatches(entry.release, pkg.distro)) {
          if (!pkg.distro) this.statistics.releaseUnknown++;
          continue;
        }
        const fixed = this.affects(entry, pkg.version, compare);
        if (fixed) out.set(entry.record.id, { record: entry.record, fixed });
      }
    }
    return [...out.values()];
  }

  /** The fixed versions when `version` is affected by the entry, otherwise undefined. */
  private affects(entry: AffectedEntry, version: string, compare: VersionComparator): string[] | undefined {
    const listed = entry.versions?.has(version) ?? false;
    let affected = listed;
    const fixes = new Set<string>();
    const firstFixAbove = (events: readonly RangeEvent[]): string | undefined =>
      events
        .filter((e) => e.kind === 'fixed' && (compare(e.version, version) ?? 0) > 0)
        .map((e) => e.version)
        .sort((a, b) => compare(a, b) ?? 0)[0];
    for (const events of entry.ranges) {
      const verdict = inRange(events, version, compare);
      if (verdict === undefined) {
        this.statistics.unreadableVersions++;
        continue;
      }
      if (!verdict) continue;
      affected = true;
      const fix = firstFixAbove(events);
      if (fix) fixes.add(fix);
    }
    if (!affected) return undefined;
    // Listed by version only: the fix is the first one above it in any of the entry's ranges.
    if (fixes.size === 0 && listed) {
      const fix = firstFixAbove(entry.ranges.flat());
      if (fix) fixes.add(fix);
    }
    return [...fixes].sort((a, b) => compare(a, b) ?? 0);
  }
}

/** Sorts a range's events by version (`introduced: "0"` first; at one version, introduced before the rest), once at load. */
export function sortEvents(events: readonly RangeEvent[], compare: VersionComparator): RangeEvent[] {
  const order = { introduced: 0, fixed: 1, last_affected: 2, limit: 3 } as const;
  return [...events].sort((a, b) => {
    if (a.kind === 'introduced' && a.version === '0') return -1;
    if (b.kind === 'introduced' && b.version === '0') return 1;
    return (compare(a.version, b.version) ?? 0) || order[a.kind] - order[b.kind];
  });
}

/**
 * OSV's evaluation of one range (schema §"Evaluation"), its events sorted by `sortEvents`;
 * introduced opens, fixed closes at the version, last_affected closes after it; a limit caps the range.
 * Undefined when a version cannot be read by the ecosystem's rules (nothing is then claimed).
 */
export function inRange(events: readonly RangeEvent[], version: string, compare: VersionComparator): boolean | undefined {
  const comparisons = new Map<RangeEvent, number>();
  for (const e of events) {
    if (e.kind === 'introduced' && e.version === '0') {
      comparisons.set(e, 1);
      continue;
    }
    if (e.kind === 'limit' && e.version === '*') {
      comparisons.set(e, -1);
      continue;
    }
    const c = compare(version, e.version);
    if (c === undefined) return undefined;
    comparisons.set(e, c);
  }
  const sorted = events;
  if (sorted.some((e) => e.kind === 'limit' && (comparisons.get(e) as number) >= 0)) return false;
  let vulnerable = false;
  for (const e of sorted) {
    const c = comparisons.get(e) as number;
    if (e.kind === 'introduced' && c >= 0) vulnerable = true;
    else if (e.kind === 'fixed' && c >= 0) vulnerable = false;
    else if (e.kind === 'last_affected' && c > 0) vulnerable = false;
  }
  return vulnerable;
}

/**
 * Whether an entry for one release (`12`, `v3.18`, `22.04:LTS`, `enterprise_linux:9::appstream`) applies
 * to a package of `distro`: the release's first version number must be a prefix of the distribution's.
 */
export function releaseMatches(release: string, distro: { name: string; version: string } | undefined): boolean {
  if (!distro) return false;
  const wanted = /\d+(?:\.\d+)*/.exec(release)?.[0];
  if (!wanted) return true;
  const have = distro.version.split('.');
  return wanted.split('.').every((part, i) => have[i] !== undefined && Number(have[i]) === Number(part));
}

function recordSeverity(root: Record<string, unknown>, affected: readonly Record<string, unknown>[]): VulnSeverity | undefined {
  const vectors = [root, ...affected].flatMap((o) => (asArray(o['severity']) ?? []).map(asRecord)).filter((s): s is Record<string, unknown> => s !== undefined);
  const of = (type: string): string[] => vectors.filter((v) => asString(v['type']) === type).map((v) => asString(v['score'])).filter((s): s is string => !!s);
  const v3 = of('CVSS_V3').map(cvss3BaseScore).filter((s): s is number => s !== undefined);
  if (v3.length > 0) return ratingOf(Math.max(...v3));
  const texts = [
    asString(asRecord(root['database_specific'])?.['severity']),
    ...affected.flatMap((a) => [asString(asRecord(a['database_specific'])?.['severity']), asString(asRecord(a['ecosystem_specific'])?.['severity'])]),
    ...of('Ubuntu'),
  ]
    .map(severityFromText)
    .filter((s): s is VulnSeverity => s !== undefined);
  if (texts.length > 0) return texts.reduce((a, b) => (rankOf(a) >= rankOf(b) ? a : b));
  const v4 = of('CVSS_V4').map(cvss4ApproximateScore).filter((s): s is number => s !== undefined);
  if (v4.length > 0) return ratingOf(Math.max(...v4));
  const v2 = of('CVSS_V2').map(cvss2BaseScore).filter((s): s is number => s !== undefined);
  if (v2.length > 0) return ratingOf(Math.max(...v2));
  return undefined;
}

const rankOf = (s: VulnSeverity): number => ['unknown', 'none', 'low', 'medium', 'high', 'critical'].indexOf(s);
