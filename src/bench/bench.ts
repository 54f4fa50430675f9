// kubeharden benchmark: `npm run bench`, or `node --expose-gc dist/bench/bench.js [options]`.
//
//   --sizes 1000,10000,100000   corpus sizes in resources (1k, 10k, 100k accepted too); default all three
//   --repeat N                  runs per size and mode, each in a fresh child process; the best time is reported
//   --cpu-prof                  also profile the scan children (bench-out/profiles/) and print their top functions
//   --corpus-root DIR           where corpora are generated; default os.tmpdir()/kubeharden-bench
//   --out FILE                  results JSON; default bench-out/bench-results.json
//   --summarize-profile FILE    only print a summary of a .cpuprofile
//   --webhook [options]         only the admission webhook case (src/bench/webhook.ts: load on loopback HTTPS)
//   --vulns [options]           only the image vulnerability benchmark (src/bench/vulns.ts; its options follow)
//   --cluster                   only the live cluster case (src/bench/cluster.ts): 10,000 pods on the test API server
//
// Each measurement runs in a child process (`--child <mode> <dir>`) so that peak RSS belongs to one run. Modes:
// floor (js-yaml loadAll), scan (the full scan with JSON output) and pipeline (the same scan with no
// control selected, which shows what the catalogue of controls costs apart from reading and reporting).

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, GENERATOR_VERSION, type CorpusInfo, type CorpusLayout } from './generate.js';
import { modes, runFloor, runScan, type Mode, type RunResult } from './modes.js';
import { formatProfile, summarizeProfile } from './profile.js';

const SCRIPT = fileURLToPath(import.meta.url);
const DEFAULT_SIZES = [1_000, 10_000, 100_000];
/** A `kubectl get -A -o yaml` dump of a cluster of a few thousand objects, as issue 3 asks to measure. */
const DEFAULT_DUMP_SIZES = [5_000];
const MB = 1024 * 1024;

interface Options {
  sizes: number[];
  dumpSizes: number[];
  repeat: number;
  cpuProf: boolean;
  corpusRoot: string;
  out: string;
}

interface ChildOutcome {
  readonly result?: RunResult;
  readonly error?: string;
  readonly wallSeconds: number;
  readonly profile?: string;
}

interface SizeResult {
  readonly size: number;
  readonly layout: CorpusLayout;
  /** `10k`, or `dump 5k` for a cluster dump. */
  readonly label: string;
  readonly corpus: CorpusInfo & { readonly megabytes: number };
  readonly floor?: Summary;
  readonly scan?: Summary;
  /** The scan with no control selected: what the rest of the pipeline costs. */
  readonly pipeline?: Summary;
  /** scan throughput / floor throughput */
  readonly ratio?: number;
}

interface Summary {
  readonly mode: Mode;
  readonly resources: number;
  readonly files: number;
  /** Best of the repeats. */
  readonly seconds: number;
  readonly resourcesPerSecond: number;
  /** Highest of the repeats. */
  readonly peakRssMB: number;
  readonly findings?: number;
  readonly findingsByStatus?: RunResult['findingsByStatus'];
  readonly outputMB?: number;
  readonly errors?: number;
  readonly phases: RunResult['phases'];
  readonly runs: readonly { seconds: number; peakRssMB: number; wallSeconds: number }[];
  readonly failures: readonly string[];
  readonly profiles?: readonly string[];
}

interface Target {
  readonly name: string;
  readonly size: number;
  readonly value: number | null;
  readonly threshold: string;
  readonly status: 'PASS' | 'FAIL' | 'SKIP';
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!match) throw new Error(`invalid size "${text}"`);
  const n = Number(match[1]) * (match[2]?.toLowerCase() === 'k' ? 1_000 : match[2]?.toLowerCase() === 'm' ? 1_000_000 : 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid size "${text}"`);
  return n;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    sizes: DEFAULT_SIZES,
    dumpSizes: DEFAULT_DUMP_SIZES,
    repeat: 1,
    cpuProf: false,
    corpusRoot: join(tmpdir(), 'kubeharden-bench'),
    out: join('bench-out', 'bench-results.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--sizes':
        options.sizes = value().split(',').filter(Boolean).map(parseSize);
        break;
      case '--dump-sizes':
        options.dumpSizes = value().split(',').filter(Boolean).map(parseSize);
        break;
      case '--repeat': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new Error('--repeat needs a positive integer');
        options.repeat = n;
        break;
      }
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--corpus-root':
        options.corpusRoot = resolve(value());
        break;
      case '--out':
        options.out = value();
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------------
// Child side

async function child(mode: string, dir: string): Promise<void> {
  if (!modes.includes(mode as Mode)) throw new Error(`unknown mode ${mode}`);
  const result = mode === 'floor' ? runFloor(dir) : await runScan(dir, mode as 'scan' | 'pipeline');
  process.stdout.write(JSON.stringify(result) + '\n');
}

// ---------------------------------------------------------------------------------------------------------
// Parent side

function runChild(mode: Mode, corpus: CorpusInfo, profileDir: string | undefined): Promise<ChildOutcome> {
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--cpu-prof'));
  if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const args = [...execArgv, SCRIPT, '--child', mode, basename(corpus.dir)];
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const before = profileDir ? new Set(safeList(profileDir)) : undefined;
    const proc = spawn(process.execPath, args, { cwd: dirname(corpus.dir), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
      process.stderr.write(chunk);
    });
    proc.on('close', (code, signal) => {
      const wallSeconds = Math.round((performance.now() - started) / 10) / 100;
      const profile = before ? safeList(profileDir!).find((f) => !before.has(f)) : undefined;
      const withProfile = profile ? { profile: join(profileDir!, profile) } : {};
      const lastLine = stdout.trim().split('\n').pop() ?? '';
      if (code === 0) {
        try {
          resolvePromise({ result: JSON.parse(lastLine) as RunResult, wallSeconds, ...withProfile });
          return;
        } catch {
          // fall through
        }
      }
      const why = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolvePromise({ error: `${mode} child failed (${why}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`, wallSeconds, ...withProfile });
    });
  });
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function summarize(mode: Mode, outcomes: readonly ChildOutcome[]): Summary | undefined {
  const ok = outcomes.filter((o): o is ChildOutcome & { result: RunResult } => o.result !== undefined);
  const failures = outcomes.flatMap((o) => (o.error ? [o.error] : []));
  const profiles = outcomes.flatMap((o) => (o.profile ? [o.profile] : []));
  if (ok.length === 0) {
    return { mode, resources: 0, files: 0, seconds: NaN, resourcesPerSecond: 0, peakRssMB: NaN, phases: {}, runs: [], failures, ...(profiles.length ? { profiles } : {}) };
  }
  const best = ok.reduce((a, b) => (b.result.seconds < a.result.seconds ? b : a)).result;
  return {
    mode,
    resources: best.resources,
    files: best.files,
    seconds: best.seconds,
    resourcesPerSecond: Math.round(best.resources / best.seconds),
    peakRssMB: Math.max(...ok.map((o) => o.result.peakRssMB)),
    ...(best.findings !== undefined ? { findings: best.findings } : {}),
    ...(best.findingsByStatus ? { findingsByStatus: best.findingsByStatus } : {}),
    ...(best.outputChars !== undefined ? { outputMB: Math.round((best.outputChars / MB) * 10) / 10 } : {}),
    ...(best.errors !== undefined ? { errors: best.errors } : {}),
    phases: best.phases,
    runs: ok.map((o) => ({ seconds: o.result.seconds, peakRssMB: o.result.peakRssMB, wallSeconds: o.wallSeconds })),
    failures,
    ...(profiles.length ? { profiles } : {}),
  };
}

const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined || Number.isNaN(n) ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(headers: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function sizeLabel(size: number): string {
  return size >= 1000 && size % 1000 === 0 ? `${size / 1000}k` : String(size);
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--child') {
    await child(argv[1] ?? '', argv[2] ?? '');
    return;
  }
  if (argv[0] === '--webhook') {
    // The other cases are imported only when asked for: the scan and floor children load no HTTP load generator.
    const { runWebhookBench } = await import('./webhook.js');
    await runWebhookBench(argv.slice(1));
    return;
  }
  if (argv[0] === '--vulns') {
    const { runVulnBench } = await import('./vulns.js');
    await runVulnBench(argv.slice(1));
    return;
  }
  if (argv[0] === '--cluster') {
    const { clusterBench, formatClusterBench } = await import('./cluster.js');
    const result = await clusterBench();
    console.log(formatClusterBench(result));
    mkdirSync('bench-out', { recursive: true });
    writeFileSync(join('bench-out', 'cluster-bench.json'), `${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (argv[0] === '--summarize-profile') {
    process.stdout.write(formatProfile(argv[1] ?? '', Number(argv[2] ?? 25)));
    return;
  }
  const options = parseArgs(argv);
  const outDir = dirname(resolve(options.out));
  mkdirSync(outDir, { recursive: true });
  const profileRoot = resolve(outDir, 'profiles');

  console.log(`kubeharden bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, ${Math.round(totalmem() / MB)} MB RAM`);
  console.log(`sizes ${options.sizes.map(sizeLabel).join(', ')}; repeat ${options.repeat}; corpora in ${options.corpusRoot}\n`);

  const results: SizeResult[] = [];
  const corpora = [
    ...options.sizes.map((size) => ({ size, layout: 'folders' as const })),
    ...options.dumpSizes.map((size) => ({ size, layout: 'dump' as const })),
  ];
  for (const { size, layout } of corpora) {
    const label = layout === 'dump' ? `dump ${sizeLabel(size)}` : sizeLabel(size);
    const dir = join(options.corpusRoot, layout === 'dump' ? `dump-${size}` : String(size));
    process.stderr.write(`[bench] corpus ${label}: `);
    const corpus = ensureCorpus(size, dir, layout);
    const megabytes = Math.round((corpus.bytes / MB) * 10) / 10;
    process.stderr.write(
      `${corpus.reused ? 'reused' : `generated in ${corpus.generatedSeconds}s`}, ${corpus.files} files, ${megabytes} MB\n`,
    );
    const outcomes: Record<Mode, ChildOutcome[]> = { floor: [], scan: [], pipeline: [] };
    for (let run = 0; run < options.repeat; run++) {
      for (const mode of modes) {
        const profileDir = options.cpuProf && mode === 'scan' ? join(profileRoot, label) : undefined;
        if (profileDir) mkdirSync(profileDir, { recursive: true });
        process.stderr.write(`[bench] ${label} ${mode} run ${run + 1}/${options.repeat} ... `);
        const outcome = await runChild(mode, corpus, profileDir);
        outcomes[mode].push(outcome);
        process.stderr.write(outcome.result ? `${outcome.result.seconds}s, ${outcome.result.peakRssMB} MB\n` : `FAILED\n`);
      }
    }
    const floor = summarize('floor', outcomes.floor);
    const scanned = summarize('scan', outcomes.scan);
    const pipeline = summarize('pipeline', outcomes.pipeline);
    const ratio =
      floor && scanned && floor.resourcesPerSecond > 0 && scanned.resourcesPerSecond > 0
        ? Math.round((scanned.resourcesPerSecond / floor.resourcesPerSecond) * 1000) / 1000
        : undefined;
    results.push({
      size,
      layout,
      label,
      corpus: { ...corpus, megabytes },
      ...(floor ? { floor } : {}),
      ...(scanned ? { scan: scanned } : {}),
      ...(pipeline ? { pipeline } : {}),
      ...(ratio !== undefined ? { ratio } : {}),
    });
  }

  // Corpora
  console.log('Corpora');
  console.log(
    table(
      ['size', 'files', 'yaml multi-doc', 'single-doc', 'json', 'documents', 'resources', 'workloads', 'MB'],
      results.map(({ label, corpus: c }) => [
        label,
        fmt(c.files),
        fmt(c.files - c.singleDocumentFiles - c.jsonFiles),
        fmt(c.singleDocumentFiles),
        fmt(c.jsonFiles),
        fmt(c.documents),
        fmt(c.resources),
        `${fmt(c.workloads)} (${fmt((c.workloads / c.resources) * 100)}%)`,
        fmt(c.megabytes, 1),
      ]),
    ),
  );
  const last = results[results.length - 1];
  if (last) {
    const kinds = Object.entries(last.corpus.kinds).sort((a, b) => b[1] - a[1]);
    console.log(`mix (${sizeLabel(last.size)}): ` + kinds.map(([k, n]) => `${k} ${fmt((n / last.corpus.resources) * 100, 1)}%`).join(', '));
    const h = last.corpus.hardening;
    console.log(`workload hardening (${sizeLabel(last.size)}): restricted ${h.restricted}, partial ${h.partial}, none ${h.none}, dangerous ${h.dangerous}`);
  }

  // Results
  console.log('\nResults (best of ' + options.repeat + (options.repeat > 1 ? ' runs' : ' run') + '; peak RSS = max over runs)');
  const rows: string[][] = [];
  for (const r of results) {
    for (const s of [r.floor, r.scan, r.pipeline]) {
      if (!s) continue;
      const failed = s.runs.length === 0;
      const ofFloor = r.floor && r.floor.resourcesPerSecond > 0 && s.resourcesPerSecond > 0 ? `${fmt((s.resourcesPerSecond / r.floor.resourcesPerSecond) * 100, 1)}%` : '-';
      rows.push([
        r.label,
        s.mode === 'floor' ? 'floor (js-yaml loadAll)' : s.mode === 'scan' ? 'full scan (json)' : 'no controls (json)',
        failed ? 'FAILED' : fmt(s.resources),
        failed ? '-' : fmt(s.seconds, 2),
        failed ? '-' : fmt(s.resourcesPerSecond),
        failed ? '-' : fmt(s.peakRssMB, 0),
        s.findings === undefined ? '' : fmt(s.findings),
        s.outputMB === undefined ? '' : fmt(s.outputMB, 1),
        s.mode === 'floor' ? '' : ofFloor,
      ]);
    }
  }
  console.log(
    table(['size', 'mode', 'resources', 'seconds', 'resources/s', 'peak RSS MB', 'findings', 'output MB', 'of floor'], rows, 2),
  );
  const phaseRows = results.flatMap((r) =>
    r.scan && r.scan.runs.length
      ? [[r.label, ...['load', 'index', 'scan', 'render'].map((p) => {
          const ph = r.scan!.phases[p];
          return ph ? `${fmt(ph.seconds, 2)}s / ${fmt(ph.after.heapUsedMB)} MB` : '-';
        })]]
      : [],
  );
  if (phaseRows.length) {
    console.log('\nScan phases (time / heap used after the phase)');
    console.log(table(['size', 'loadFiles', 'index pass', 'parse + scan', 'render json'], phaseRows));
  }
  for (const r of results) for (const s of [r.floor, r.scan, r.pipeline]) for (const f of s?.failures ?? []) console.log(`! ${r.label} ${f}`);

  // Targets
  const targets: Target[] = [];
  for (const size of [10_000, 100_000]) {
    const r = results.find((x) => x.size === size && x.layout === 'folders');
    targets.push({
      name: `full scan throughput >= 50% of floor at ${sizeLabel(size)}`,
      size,
      value: r?.ratio ?? null,
      threshold: '>= 0.5',
      status: !r ? 'SKIP' : r.ratio !== undefined && r.ratio >= 0.5 ? 'PASS' : 'FAIL',
    });
  }
  const big = results.find((x) => x.size === 100_000 && x.layout === 'folders');
  const bigRss = big?.scan && big.scan.runs.length ? big.scan.peakRssMB : undefined;
  targets.push({
    name: '100k scan peak RSS < 1024 MB',
    size: 100_000,
    value: bigRss ?? null,
    threshold: '< 1024 MB',
    status: !big ? 'SKIP' : bigRss !== undefined && bigRss < 1024 ? 'PASS' : 'FAIL',
  });
  // Issue 3: a cluster dump scans in about the same time per resource as the manifest corpus of similar size.
  for (const dump of results.filter((x) => x.layout === 'dump')) {
    const folders = results
      .filter((x) => x.layout === 'folders' && x.scan?.runs.length)
      .sort((a, b) => Math.abs(Math.log(a.size / dump.size)) - Math.abs(Math.log(b.size / dump.size)))[0];
    const ratio =
      dump.scan?.runs.length && folders?.scan ? Math.round((dump.scan.resourcesPerSecond / folders.scan.resourcesPerSecond) * 100) / 100 : undefined;
    targets.push({
      name: `${dump.label} scan throughput within 2/3 of the ${folders?.label ?? '?'} manifest corpus`,
      size: dump.size,
      value: ratio ?? null,
      threshold: '>= 0.67',
      status: ratio === undefined ? 'SKIP' : ratio >= 0.67 ? 'PASS' : 'FAIL',
    });
  }
  console.log('\nTargets');
  for (const t of targets) {
    const value = t.value === null ? 'n/a' : t.name.includes('RSS') ? `${fmt(t.value)} MB` : `${fmt(t.value * 100, 1)}%`;
    console.log(`  ${t.status.padEnd(4)}  ${t.name}  (measured: ${value})`);
  }

  if (options.cpuProf) {
    for (const r of results) {
      for (const p of r.scan?.profiles ?? []) {
        console.log(`\nCPU profile of the ${r.label} scan child`);
        console.log(formatProfile(p, 20));
      }
    }
  }

  const output = {
    generatedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpu: cpus()[0]?.model ?? 'unknown',
      cpus: cpus().length,
      totalMemoryMB: Math.round(totalmem() / MB),
    },
    generatorVersion: GENERATOR_VERSION,
    options: { sizes: options.sizes, repeat: options.repeat, cpuProf: options.cpuProf, corpusRoot: options.corpusRoot },
    results,
    targets,
    ...(options.cpuProf
      ? {
          profiles: results.flatMap((r) =>
            (r.scan?.profiles ?? []).map((p) => ({ size: r.size, file: p, summary: summarizeProfile(p, 30) })),
          ),
        }
      : {}),
  };
  writeFileSync(options.out, JSON.stringify(output, null, 2) + '\n');
  console.log(`\nresults written to ${options.out}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 2;
});
