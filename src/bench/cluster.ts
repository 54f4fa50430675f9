// kubeharden cluster benchmark: `node --expose-gc dist/bench/cluster.js [--pods N] [--deployments N] [--out FILE]`,
// or `npm run bench -- --cluster`.
//
// Three processes, so that each figure belongs to one of them: the test API server holding the generated
// cluster (10,000 pods, 2,000 deployments, 100 namespaces with their RBAC and network policies), the
// cluster scan (`scan --cluster` in a child: its peak RSS is the scanner's alone), and a file scan of the
// same objects written as one YAML file (the reference for time per resource).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { builtinControls } from '../controls/index.js';
import type { ScanReport } from '../core/report.js';
import { defaultSettings } from '../engine/default-settings.js';
import { connect } from '../load/cluster/kubeconfig.js';
import { scanCluster } from '../load/cluster/scan-cluster.js';
import { scanPaths } from '../load/scan-paths.js';
import { generateScaleFixture } from '../testing/apiserver/fixture.js';
import { startTestApiServer } from '../testing/apiserver/index.js';

const SCRIPT = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

export interface ClusterBenchResult {
  readonly pods: number;
  readonly deployments: number;
  readonly objects: number;
  readonly cluster: ChildFigures & { readonly requests: number };
  readonly file: ChildFigures;
  /** cluster time per resource / file time per resource. */
  readonly ratio: number;
  readonly targets: { readonly peakRssUnder500MB: boolean; readonly within2xOfFile: boolean };
}

interface ChildFigures {
  readonly seconds: number;
  readonly peakRssMB: number;
  readonly resources: number;
  readonly findings: number;
  readonly microsecondsPerResource: number;
}

const scanOptions = { controls: builtinControls, settings: defaultSettings, failOn: 'none' as const };

/** Child: serve the generated cluster and print its kubeconfig path; runs until killed. */
async function serve(pods: number, deployments: number): Promise<void> {
  const objects = generateScaleFixture({ pods, deployments });
  const server = await startTestApiServer({ objects, users: { admin: { token: 'bench-admin-token', groups: ['system:masters'] } } });
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-bench-cluster-'));
  const kubeconfig = await server.writeKubeconfig(dir, 'admin', 'bench');
  const file = join(dir, 'cluster.yaml');
  writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  process.stdout.write(`${JSON.stringify({ kubeconfig, file, objects: objects.length })}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

/** Child: one scan, then its figures as JSON on stdout. */
async function measure(mode: 'cluster' | 'file', target: string): Promise<void> {
  const started = performance.now();
  let report: ScanReport;
  let requests = 0;
  if (mode === 'cluster') {
    const connection = await connect({ kubeconfig: target, env: {} });
    report = (await scanCluster(connection, scanOptions, { qps: 1000, burst: 1000, concurrency: 4, pageSize: 500, requestTimeoutMs: 60_000 })).report;
    requests = report.cluster?.requests ?? 0;
  } else {
    report = (await scanPaths([target], scanOptions)).report;
  }
  const seconds = (performance.now() - started) / 1000;
  const resources = report.summary.resources;
  const figures: ChildFigures & { requests: number } = {
    seconds,
    peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
    resources,
    findings: report.findings.length,
    microsecondsPerResource: (seconds * 1e6) / Math.max(1, resources),
    requests,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function run(args: readonly string[], onLine?: (line: string) => void): { done: Promise<string>; kill: () => void } {
  const child = spawn(process.execPath, ['--expose-gc', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    if (onLine && out.includes('\n')) onLine(out.slice(0, out.indexOf('\n')));
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 || signal === 'SIGTERM' ? resolve(out.trim()) : reject(new Error(`${args[0]} exited with ${code ?? signal}`))));
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

/** Runs the whole benchmark: server, cluster scan, file scan. */
export async function clusterBench(pods = 10_000, deployments = 2_000): Promise<ClusterBenchResult> {
  let ready: (value: { kubeconfig: string; file: string; objects: number }) => void = () => {};
  const started = new Promise<{ kubeconfig: string; file: string; objects: number }>((resolve) => (ready = resolve));
  const server = run(['--serve', String(pods), String(deployments)], (line) => ready(JSON.parse(line) as { kubeconfig: string; file: string; objects: number }));
  try {
    const { kubeconfig, file, objects } = await Promise.race([started, server.done.then(() => Promise.reject(new Error('the test API server stopped')))]);
    const cluster = JSON.parse(await run(['--measure', 'cluster', kubeconfig]).done) as ChildFigures & { requests: number };
    const fromFile = JSON.parse(await run(['--measure', 'file', file]).done) as ChildFigures;
    const ratio = cluster.microsecondsPerResource / fromFile.microsecondsPerResource;
    return { pods, deployments, objects, cluster, file: fromFile, ratio, targets: { peakRssUnder500MB: cluster.peakRssMB < 500, within2xOfFile: ratio <= 2 } };
  } finally {
    server.kill();
    await server.done.catch(() => undefined);
  }
}

export function formatClusterBench(result: ClusterBenchResult): string {
  const row = (name: string, f: ChildFigures, extra = ''): string =>
    `  ${name.padEnd(8)} ${f.seconds.toFixed(2).padStart(7)} s  ${f.resources.toString().padStart(6)} resources  ${f.microsecondsPerResource.toFixed(0).padStart(5)} µs/resource  peak RSS ${f.peakRssMB.toFixed(0).padStart(4)} MB  ${f.findings} findings${extra}`;
  return [
    `cluster scan of ${result.pods} pods, ${result.deployments} deployments (${result.objects} objects) on the test API server`,
    row('cluster', result.cluster, `  ${result.cluster.requests} requests`),
    row('file', result.file),
    `  time per resource: ${result.ratio.toFixed(2)}x the file scan (target <= 2x: ${result.targets.within2xOfFile ? 'PASS' : 'FAIL'}); peak RSS < 500 MB: ${result.targets.peakRssUnder500MB ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--serve') return serve(Number(argv[1]), Number(argv[2]));
  if (argv[0] === '--measure') return measure(argv[1] as 'cluster' | 'file', argv[2] ?? '');
  let pods = 10_000;
  let deployments = 2_000;
  let out = join('bench-out', 'cluster-bench.json');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--pods') pods = Number(argv[++i]);
    else if (argv[i] === '--deployments') deployments = Number(argv[++i]);
    else if (argv[i] === '--out') out = argv[++i] ?? out;
  }
  const result = await clusterBench(pods, deployments);
  process.stdout.write(`${formatClusterBench(result)}\n`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
