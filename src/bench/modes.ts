// What a benchmark child process runs. Each mode reads one corpus and reports one RunResult.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { builtinControls, builtinReporters, defaultSettings, scanPaths, type PathScan } from '../index.js';

/**
 * `pipeline` is the scan with no control selected: reading, parsing, normalising, Pod Security Standards
 * levels and the JSON report, so that what the catalogue of controls costs shows apart from the rest.
 */
export type Mode = 'floor' | 'scan' | 'pipeline';
export const modes: readonly Mode[] = ['floor', 'scan', 'pipeline'];

export interface MemorySample {
  readonly rssMB: number;
  readonly heapUsedMB: number;
  readonly externalMB: number;
}

export interface PhaseResult {
  readonly seconds: number;
  /** Memory right after the phase (no forced GC: garbage may still be counted). */
  readonly after: MemorySample;
}

export interface RunResult {
  readonly mode: Mode;
  readonly files: number;
  readonly documents?: number;
  readonly resources: number;
  readonly seconds: number;
  readonly peakRssMB: number;
  readonly phases: Readonly<Record<string, PhaseResult>>;
  /** Scan only. */
  readonly findings?: number;
  readonly findingsByStatus?: { readonly failed: number; readonly warning: number; readonly suppressed: number };
  readonly workloads?: number;
  readonly errors?: number;
  readonly outputChars?: number;
}

const MB = 1024 * 1024;
const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

function memory(): MemorySample {
  const m = process.memoryUsage();
  return { rssMB: round(m.rss / MB, 1), heapUsedMB: round(m.heapUsed / MB, 1), externalMB: round((m.external + m.arrayBuffers) / MB, 1) };
}

class Phases {
  readonly phases: Record<string, PhaseResult> = {};
  private last = performance.now();
  readonly start = this.last;

  mark(name: string): void {
    const now = performance.now();
    this.phases[name] = { seconds: round((now - this.last) / 1000, 4), after: memory() };
    this.last = now;
  }

  total(): number {
    return round((this.last - this.start) / 1000, 4);
  }
}

/** Peak resident set size of this process so far, in MB (`maxRSS` is in kilobytes). */
export function peakRssMB(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

const manifestExtensions = /\.(ya?ml|json)$/i;

function listFiles(dir: string, out: string[]): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else if (entry.isFile() && manifestExtensions.test(entry.name)) out.push(path);
  }
  return out;
}

/** The floor: read every file and parse it with js-yaml `loadAll`, nothing else. */
export function runFloor(dir: string): RunResult {
  const phases = new Phases();
  const paths = listFiles(dir, []);
  let documents = 0;
  let resources = 0;
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    jsYaml.loadAll(text, (doc) => {
      documents++;
      if (doc === null || doc === undefined) return;
      const items = (doc as { kind?: unknown; items?: unknown }).items;
      const kind = (doc as { kind?: unknown }).kind;
      resources += typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items) ? items.length : 1;
    });
  }
  phases.mark('readAndLoadAll');
  return { mode: 'floor', files: paths.length, documents, resources, seconds: phases.total(), peakRssMB: peakRssMB(), phases: phases.phases };
}

/**
 * The full scan, composed as the CLI's `runScan` does with default options and `--format json`. Loading,
 * parsing and scanning sit in their own function so that the benchmark itself keeps no reference to the
 * files and parsed resources while the report is rendered (only the library can keep them alive).
 */
export async function runScan(dir: string, mode: 'scan' | 'pipeline' = 'scan'): Promise<RunResult> {
  const phases = new Phases();
  const { report, files, resources } = await loadParseAndScan(dir, phases, mode === 'pipeline' ? new Set() : undefined);
  const reporter = builtinReporters['json'];
  if (!reporter) throw new Error('no json reporter');
  let outputChars = 0;
  for (const chunk of reporter.render(report, { color: false })) outputChars += chunk.length;
  phases.mark('render');
  const s = report.summary.findings;
  return {
    mode,
    files,
    resources,
    seconds: phases.total(),
    peakRssMB: peakRssMB(),
    phases: phases.phases,
    findings: report.findings.length,
    findingsByStatus: { failed: s.failed, warning: s.warning, suppressed: s.suppressed },
    workloads: report.summary.workloads,
    errors: report.errors.length,
    outputChars,
  };
}

/** The CLI's pipeline with default settings, timed phase by phase. */
function loadParseAndScan(dir: string, phases: Phases, only: ReadonlySet<string> | undefined): Promise<PathScan> {
  return scanPaths([dir], { controls: builtinControls, settings: defaultSettings, failOn: 'high', ...(only ? { only } : {}) }, (phase) => phases.mark(phase));
}
