// Runs the real kubectl against a test API server. Always asynchronously: the server answers from the
// same process, so a synchronous spawn would deadlock. Each call gets --kubeconfig and a private
// --cache-dir, so no discovery cache leaks between servers (they reuse ports) or into the user's home.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestApiServer } from './index.js';

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const KUBECTL = process.env['KUBECTL'] ?? 'kubectl';

export function runKubectl(args: readonly string[], timeoutMs = 60_000): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    // stdin is closed: kubectl must never wait for a prompt in a test.
    const child = spawn(KUBECTL, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal !== null ? 128 : 1), stdout, stderr });
    });
  });
}

/** Whether kubectl can be run here (tests that need it skip visibly when not). */
export async function kubectlAvailable(): Promise<boolean> {
  try {
    return (await runKubectl(['version', '--client', '-o', 'json'], 30_000)).code === 0;
  } catch {
    return false;
  }
}

/**
 * A kubectl bound to one server and user (undefined: anonymous), with its kubeconfig and cache in a
 * new folder under `dir`: `(await kubectlFor(server, dir, 'alice'))('get', 'pods')`.
 */
export async function kubectlFor(server: TestApiServer, dir: string, user: string | undefined): Promise<(...args: string[]) => Promise<KubectlResult>> {
  const own = await mkdtemp(join(dir, 'kubectl-'));
  const kubeconfig = await server.writeKubeconfig(own, user);
  return (...args: string[]) => runKubectl(['--kubeconfig', kubeconfig, '--cache-dir', join(own, 'cache'), ...args]);
}

export function temporaryDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubeharden-apiserver-'));
}
