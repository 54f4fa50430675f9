// Running the real CLI in tests: in-process (runCli, fast, for most cases) and as a child process with a
// time limit and a heap limit (for crashes, hangs and memory), with a check that nothing leaked a stack.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../cli/main.js';
import { repoRoot } from './shared-fixtures.js';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The child was killed by the time limit (spawned runs only). */
  readonly timedOut?: boolean;
  readonly signal?: NodeJS.Signals | null;
}

/** `kubeharden ARGS` in this process; standard input is not available (use a file, or runSpawned). */
export async function runInProcess(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTty: false,
    env: { NO_COLOR: '1', ...env },
  });
  return { code, stdout, stderr };
}

export interface SpawnOptions {
  readonly input?: string | Buffer;
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  /** Killed (SIGKILL) after this long: a hang fails the test instead of stalling it. Default 60 s. */
  readonly timeoutMs?: number;
  /** V8 heap limit in MB: running out of it is a crash, which the test sees. Default 512. */
  readonly maxOldSpaceMb?: number;
  /** Modules loaded before the CLI (`--import`), e.g. the network guard. */
  readonly preload?: readonly string[];
}

export function binPath(): string {
  const root = repoRoot();
  assert.ok(root, 'repository root not found');
  return join(root, 'dist', 'cli', 'bin.js');
}

/** `node dist/cli/bin.js ARGS` as a child, bounded in time and memory. */
export function runSpawned(args: readonly string[], options: SpawnOptions = {}): Promise<CliResult> {
  const nodeArgs = [`--max-old-space-size=${options.maxOldSpaceMb ?? 512}`, ...(options.preload ?? []).flatMap((p) => ['--import', p]), binPath(), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: options.cwd ?? repoRoot(),
      env: { ...process.env, NO_COLOR: '1', KUBEHARDEN_DEBUG: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin.on('error', () => {}); // a child that exits before reading its input is not the test's failure
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A stack trace line (`    at fn (file.js:1:2)`) or a raw Node error dump: never shown to a user. */
const stackLine = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

export function assertNoStackTrace(text: string, what = 'stderr'): void {
  assert.doesNotMatch(text, stackLine, `${what} holds a stack trace:\n${text.slice(0, 2000)}`);
  assert.doesNotMatch(text, /FATAL ERROR|JavaScript heap out of memory|node:internal/, `${what} holds a crash dump:\n${text.slice(0, 2000)}`);
}

/** A spawned run ended by itself, within its limits: no hang, no heap exhaustion, no signal. */
export function assertBounded(result: CliResult): void {
  assert.equal(result.timedOut, false, 'the scan hung (killed by the time limit)');
  assert.equal(result.signal, null, `killed by ${result.signal}`);
  assertNoStackTrace(result.stderr);
}
