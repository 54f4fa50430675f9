// Admission webhook benchmark: `npm run bench -- --webhook [options]`, or `node dist/bench/webhook.js [options]`.
//
//   --rates 250,500,1000,2000   steady request rates (reviews/s) to measure latency at; default these
//   --duration SECONDS          per measurement; default 10
//   --connections N             connections for the saturation run; default 32
//   --steady RATE               rate of the paced open-loop run; default 1000
//   --out FILE                  results JSON; default bench-out/webhook-results.json
//
// The webhook runs as a separate process (`kubeharden webhook`, enforce mode, default settings, its
// decision log written to a file) on loopback HTTPS with a throwaway CA. The load is one realistic
// Deployment AdmissionReview (three containers, env, probes, managedFields) over HTTP/1.1 keep-alive:
//   1. autocannon at each rate of --rates, then as fast as it can (saturation: the throughput). Its rate
//      limit lets each connection send its share of a second at the start of the second, so its
//      latencies at a "rate" are those of a burst every second;
//   2. an open-loop paced client at a steady --steady rate (default 1,000/s): one request every 1/rate
//      seconds whatever the answers do, latency measured from when each request was due (no
//      coordinated omission). This is how an API server's independent requests arrive, and what the
//      p50/p99 target is about.

import { spawn, type ChildProcess } from 'node:child_process';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { admissionReview, deployment, podSpec } from '../testing/admission.js';
import { https1 } from '../testing/https-client.js';
import { createTestCa } from '../testing/tls.js';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

interface Options {
  steady: number;
  rates: number[];
  duration: number;
  connections: number;
  out: string;
}

export interface Measurement {
  readonly label: string;
  /** The rate asked for; undefined for saturation. */
  readonly targetRate?: number;
  readonly connections: number;
  /** Responses per second over the run. */
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly requests: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  /** CPU time the webhook process spent per answered review (Linux /proc), whatever else runs on the machine. */
  readonly webhookCpuMsPerReview?: number;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { steady: 1000, rates: [250, 500, 1000, 2000], duration: 10, connections: 32, out: join('bench-out', 'webhook-results.json') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const positive = (text: string): number => {
      const n = Number(text);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, not ${text}`);
      return n;
    };
    if (flag === '--rates') options.rates = value().split(',').filter(Boolean).map(positive);
    else if (flag === '--steady') options.steady = positive(value());
    else if (flag === '--duration') options.duration = positive(value());
    else if (flag === '--connections') options.connections = Math.round(positive(value()));
    else if (flag === '--out') options.out = value();
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

/** A Deployment as a real application's looks when kubectl applies it: three containers, env, probes, managedFields. */
export function benchmarkReview(): string {
  const spec = podSpec(
    {
      env: Array.from({ length: 12 }, (_, i) => ({ name: `SETTING_${i}`, value: `value-${i}` })),
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'config', mountPath: '/etc/web', readOnly: true }],
      readinessProbe: { httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    },
    {
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }, { name: 'config', configMap: { name: 'web', defaultMode: 420 } }],
    },
  );
  const main = (spec['containers'] as Record<string, unknown>[])[0] as Record<string, unknown>;
  spec['initContainers'] = [{ ...main, name: 'migrate', args: ['migrate', '--to=latest'], ports: undefined, livenessProbe: undefined, readinessProbe: undefined }];
  spec['containers'] = [main, { ...main, name: 'proxy', image: 'registry.example.com/platform/proxy:2.3.1@sha256:' + 'b'.repeat(64), ports: [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }] }];
  const object = deployment('web', 'shop', spec, { 'deployment.kubernetes.io/revision': '7', 'team.example.com/owner': 'shop-backend' });
  return JSON.stringify(admissionReview({ object, uid: '705ab4f5-6393-11e8-b7cc-42010a800002' }));
}

function measure(url: string, body: string, label: string, connections: number, duration: number, rate?: number): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections,
        duration,
        ...(rate ? { overallRate: rate } : {}),
        timeout: 10,
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = (result.duration || duration) as number;
        resolvePromise({
          label,
          ...(rate ? { targetRate: rate } : {}),
          connections,
          throughput: Math.round(result.requests.total / seconds),
          p50Ms: result.latency.p50,
          p90Ms: result.latency.p90,
          p99Ms: result.latency.p99,
          maxMs: result.latency.max,
          requests: result.requests.total,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
        });
      },
    );
  });
}

/**
 * Sends `rate` requests per second for `seconds`, each at its due time whatever the earlier ones are
 * doing (open loop), on up to `connections` keep-alive TLS connections; a request's latency runs from
 * its due time to the end of its answer. The requests are written as prepared bytes and the answers
 * read by their Content-Length, so that the client costs little of the CPU the webhook shares.
 */
async function paced(port: number, ca: Buffer, body: string, rate: number, seconds: number, connections: number): Promise<Measurement> {
  const payload = Buffer.from(body);
  const head = Buffer.from(`POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`);
  const requestBytes = Buffer.concat([head, payload]);
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let done = 0;
  interface Conn { socket: TLSSocket; due: number; buffer: Buffer }
  const idle: Conn[] = [];
  const waiting: number[] = [];
  let finished!: () => void;
  const allDone = new Promise<void>((r) => (finished = r));
  const complete = (conn: Conn, ok: boolean): void => {
    if (ok) latencies.push(performance.now() - conn.due);
    else non2xx++;
    if (++done === total) finished();
    const next = waiting.shift();
    if (next !== undefined) dispatch(conn, next);
    else idle.push(conn);
  };
  const dispatch = (conn: Conn, due: number): void => {
    conn.due = due;
    conn.socket.write(requestBytes);
  };
  const open = (): Promise<Conn> =>
    new Promise((resolveConn, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca, ALPNProtocols: ['http/1.1'] }, () => resolveConn(conn));
      const conn: Conn = { socket, due: 0, buffer: Buffer.alloc(0) };
      socket.on('error', (error) => {
        errors++;
        reject(error);
      });
      socket.on('data', (chunk: Buffer) => {
        conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, chunk]) : chunk;
        const end = conn.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headers = conn.buffer.subarray(0, end).toString('latin1');
        const length = Number(/content-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
        if (conn.buffer.length < end + 4 + length) return;
        conn.buffer = conn.buffer.subarray(end + 4 + length);
        complete(conn, headers.startsWith('HTTP/1.1 200'));
      });
    });
  idle.push(...(await Promise.all(Array.from({ length: connections }, open))));
  const started = performance.now();
  let issued = 0;
  const tick = (): void => {
    const now = performance.now();
    while (issued < total && started + issued * interval <= now) {
      const due = started + issued++ * interval;
      const conn = idle.pop();
      if (conn) dispatch(conn, due);
      else waiting.push(due);
    }
    if (issued < total) setTimeout(tick, Math.max(0, started + issued * interval - performance.now()));
  };
  tick();
  await allDone;
  const elapsed = (performance.now() - started) / 1000;
  for (const conn of idle) conn.socket.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
  return {
    label: `paced ${rate}/s`,
    targetRate: rate,
    connections,
    throughput: Math.round(latencies.length / elapsed),
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    maxMs: at(1),
    requests: total,
    errors,
    timeouts: 0,
    non2xx,
  };
}

/** User plus system CPU milliseconds of a process so far, from /proc (undefined elsewhere). */
function cpuMilliseconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of the line, counted in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Runs a measurement and adds the webhook's CPU time per answered review. */
async function withCpu(pid: number | undefined, run: () => Promise<Measurement>): Promise<Measurement> {
  const before = cpuMilliseconds(pid);
  const result = await run();
  const after = cpuMilliseconds(pid);
  const answered = result.requests - result.errors - result.timeouts;
  if (before === undefined || after === undefined || answered <= 0) return result;
  return { ...result, webhookCpuMsPerReview: Math.round(((after - before) / answered) * 1000) / 1000 };
}

async function startWebhook(certFile: string, keyFile: string, logFile: string): Promise<{ child: ChildProcess; port: number }> {
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [BIN, 'webhook', '--tls-cert', certFile, '--tls-key', keyFile, '--port', '0', '--shutdown-delay', '0', '--max-in-flight', '4096'], {
    stdio: ['ignore', log, 'pipe'],
  });
  closeSync(log);
  let stderr = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /"msg":"listening","port":(\d+)/.exec(stderr);
      if (match) resolvePort(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the webhook exited with ${code}: ${stderr}`)));
  });
  return { child, port };
}

export async function runWebhookBench(argv: readonly string[]): Promise<Measurement[]> {
  const options = parseArgs(argv);
  const ca = createTestCa();
  const { certFile, keyFile } = ca.issue('server');
  const { child, port } = await startWebhook(certFile, keyFile, join(ca.dir, 'decisions.log'));
  const url = `https://localhost:${port}/validate`;
  const body = benchmarkReview();
  const results: Measurement[] = [];
  try {
    const check = await https1(port, ca.ca, body);
    const response = check.json?.['response'] as { allowed?: boolean; uid?: string } | undefined;
    if (check.status !== 200 || response?.allowed !== true) throw new Error(`the benchmark review is not allowed: ${check.text}`);
    console.log(
      `kubeharden webhook bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ` +
        `review body ${Buffer.byteLength(body)} bytes; ${options.duration}s per run\n`,
    );
    await measure(url, body, 'warm-up', 8, 3);
    for (const rate of options.rates) {
      const connections = Math.max(2, Math.min(16, Math.round(rate / 100)));
      results.push(await withCpu(child.pid, () => measure(url, body, `steady ${rate}/s`, connections, options.duration, rate)));
      print(results.at(-1) as Measurement);
    }
    results.push(await withCpu(child.pid, () => measure(url, body, 'saturation', options.connections, options.duration)));
    print(results.at(-1) as Measurement);
    results.push(await withCpu(child.pid, () => paced(port, ca.ca, body, options.steady, options.duration, 32)));
    print(results.at(-1) as Measurement);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    ca.remove();
  }
  mkdirSync(dirname(resolve(options.out)), { recursive: true });
  writeFileSync(options.out, JSON.stringify({ node: process.version, cpus: cpus().length, loadAverage: loadavg(), results }, null, 2) + '\n');
  console.log(`\nresults written to ${options.out}`);
  return results;
}

function print(m: Measurement): void {
  const bad = m.errors + m.timeouts + m.non2xx;
  console.log(
    `${m.label.padEnd(16)} ${String(m.throughput).padStart(6)} reviews/s  p50 ${m.p50Ms} ms  p90 ${m.p90Ms} ms  p99 ${m.p99Ms} ms  max ${m.maxMs} ms  ` +
      `(${m.requests} requests, ${m.connections} connections, ${bad === 0 ? 'no errors' : `${m.errors} errors, ${m.timeouts} timeouts, ${m.non2xx} non-2xx`}` +
      `${m.webhookCpuMsPerReview !== undefined ? `; webhook CPU ${m.webhookCpuMsPerReview} ms/review` : ''})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runWebhookBench(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  });
}
