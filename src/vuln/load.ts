import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { VulnerabilityEvidence, matchSbom, type RawImageEvidence } from './evidence.js';
import { OsvDatabase } from './osv.js';
import { readSbom, SbomError } from './sbom.js';
import { readScannerReport, ReportError } from './scanner-reports.js';
import { zipEntries, ZipError } from './zip.js';

/** Evidence that cannot be read: a usage or input error the CLI reports (exit code 2). */
export class EvidenceError extends Error {}

export interface EvidenceSources {
  readonly sboms: readonly string[];
  readonly osvDatabases: readonly string[];
  readonly reports: readonly string[];
}

export interface LoadedEvidence {
  readonly evidence: VulnerabilityEvidence;
  readonly osv?: OsvDatabase;
  /** Things the user should know (GIT ranges skipped, packages without a distribution release). */
  readonly notes: readonly string[];
  readonly timings: { readonly osvSeconds: number; readonly sbomSeconds: number; readonly matchSeconds: number };
}

/** Every `.json` (and, for OSV data, `.zip`) file under a path, any depth, in a stable order. */
function filesUnder(path: string, extensions: readonly string[]): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new EvidenceError(`${path}: no such file or folder`);
  }
  if (stat.isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && extensions.some((e) => entry.name.toLowerCase().endsWith(e))) out.push(full);
    }
  };
  walk(path);
  return out;
}

function parseJson(text: string | Buffer, file: string): unknown {
  try {
    return JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch (error) {
    throw new EvidenceError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Loads OSV records from folders (any depth) and `all.zip` archives into one indexed database. */
export function loadOsv(paths: readonly string[]): OsvDatabase {
  const db = new OsvDatabase();
  for (const path of paths) {
    for (const file of filesUnder(path, ['.json', '.zip'])) {
      if (file.toLowerCase().endsWith('.zip')) {
        let entries;
        try {
          entries = zipEntries(readFileSync(file), file);
        } catch (error) {
          if (error instanceof ZipError) throw new EvidenceError(error.message);
          throw error;
        }
        for (const entry of entries) {
          if (!entry.name.toLowerCase().endsWith('.json')) continue;
          if (!db.add(parseJson(entry.read(), `${file}!${entry.name}`))) throw new EvidenceError(`${file}!${entry.name}: not an OSV record (no id)`);
        }
      } else if (!db.add(parseJson(readFileSync(file, 'utf8'), file))) {
        throw new EvidenceError(`${file}: not an OSV record (no id)`);
      }
    }
  }
  return db;
}

/**
 * `IMAGE=FILE` names the image an SBOM describes when the document does not (`docker buildx imagetools
 * inspect … .SPDX` output); a plain path is taken as it is, even when it contains `=`.
 */
export function namedSource(text: string): { image?: string; path: string } {
  const eq = text.indexOf('=');
  if (eq <= 0 || existsSync(text)) return { path: text };
  return { image: text.slice(0, eq), path: text.slice(eq + 1) };
}

/** Reads SBOMs and scanner reports, matches the SBOMs against the OSV data, and joins it all by image. */
export function loadEvidence(sources: EvidenceSources): LoadedEvidence {
  if (sources.sboms.length > 0 && sources.osvDatabases.length === 0) {
    throw new EvidenceError('--sbom needs OSV data to match against: add --osv-db DIR|ZIP (https://osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip)');
  }
  const started = performance.now();
  const db = sources.osvDatabases.length > 0 ? loadOsv(sources.osvDatabases) : undefined;
  const osvDone = performance.now();
  const raw: RawImageEvidence[] = [];
  const sboms = [];
  for (const source of sources.sboms) {
    const { image, path } = namedSource(source);
    for (const file of filesUnder(path, ['.json'])) {
      try {
        const sbom = readSbom(parseJson(readFileSync(file, 'utf8'), file), file, image ? [image] : []);
        if (!sbom) throw new EvidenceError(`${file}: not a CycloneDX or SPDX JSON document`);
        sboms.push(sbom);
      } catch (error) {
        if (error instanceof SbomError) throw new EvidenceError(error.message);
        throw error;
      }
    }
  }
  const sbomDone = performance.now();
  if (db) for (const sbom of sboms) raw.push(matchSbom(sbom, db));
  for (const path of sources.reports) {
    for (const file of filesUnder(path, ['.json'])) {
      try {
        const report = readScannerReport(parseJson(readFileSync(file, 'utf8'), file), file);
        if (!report) throw new EvidenceError(`${file}: neither a Trivy (trivy image -f json) nor a Grype (grype -o json) report`);
        raw.push(report);
      } catch (error) {
        if (error instanceof ReportError) throw new EvidenceError(error.message);
        throw error;
      }
    }
  }
  const evidence = new VulnerabilityEvidence(raw);
  const matchDone = performance.now();
  const notes: string[] = [];
  if (db) {
    const s = db.statistics;
    if (s.gitRanges > 0) notes.push(`${s.gitRanges} OSV range(s) of type GIT skipped: commit ranges cannot be judged from package versions`);
    if (s.withdrawn > 0) notes.push(`${s.withdrawn} withdrawn OSV record(s) ignored`);
    if (s.releaseUnknown > 0) notes.push(`${s.releaseUnknown} OSV entr(ies) for one distribution release skipped: the SBOM does not say which release its OS packages come from (distro qualifier)`);
    if (s.unreadableVersions > 0) notes.push(`${s.unreadableVersions} OSV range(s) skipped: a version not readable by its ecosystem's rules`);
    for (const [ecosystem, count] of s.unsupportedEcosystems) notes.push(`${count} OSV entr(ies) of ecosystem ${ecosystem} skipped: no version order known for it`);
  }
  return {
    evidence,
    ...(db ? { osv: db } : {}),
    notes,
    timings: { osvSeconds: (osvDone - started) / 1000, sbomSeconds: (sbomDone - osvDone) / 1000, matchSeconds: (matchDone - sbomDone) / 1000 },
  };
}
