// `kubeharden webhook` as a process: flags, its logs, and a graceful SIGTERM with a review in flight.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { admissionReview, deployment, pod, podSpec } from '../testing/admission.js';
import { https1 } from '../testing/https-client.js';
import { createTestCa, type TestCa } from '../testing/tls.js';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

let ca: TestCa;
let pair: { certFile: string; keyFile: string };

before(() => {
  ca = createTestCa();
  pair = ca.issue('server');
});
after(() => ca.remove());

interface Webhook {
  readonly child: ChildProcess;
  readonly port: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

async function spawnWebhook(args: readonly string[]): Promise<Webhook> {
  const child = spawn(process.execPath, [BIN, 'webhook', '--tls-cert', pair.certFile, '--tls-key', pair.keyFile, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString('utf8');
      const listening = err.split('\n').map((l) => (l.startsWith('{') ? (JSON.parse(l) as Record<string, unknown>) : undefined)).find((l) => l?.['msg'] === 'listening');
      if (listening) resolve(Number(listening['port']));
    });
    void exited.then((code) => reject(new Error(`the webhook exited with ${code}: ${err}`)));
  });
  return { child, port, stdout: () => out, stderr: () => err, exited };
}

describe('kubeharden webhook (process)', () => {
  it('exits 2 without a certificate, or with an unknown control', () => {
    const noCert = spawnSync(process.execPath, [BIN, 'webhook'], { encoding: 'utf8' });
    assert.equal(noCert.status, 2);
    assert.match(noCert.stderr, /--tls-cert and --tls-key are required/);
    const unknown = spawnSync(process.execPath, [BIN, 'webhook', '--list-controls', '--controls', 'NSA-POD-999'], { encoding: 'utf8' });
    assert.equal(unknown.status, 2, unknown.stderr);
  });

  it('--list-controls tells which controls are enforced, advisory, or not run', () => {
    const listed = spawnSync(process.execPath, [BIN, 'webhook', '--list-controls'], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const plan = JSON.parse(listed.stdout) as { failOn: string; enforced: string[]; advisory: string[]; notRun: { id: string; reason: string }[] };
    assert.equal(plan.failOn, 'high');
    assert.ok(plan.enforced.includes('NSA-POD-006') && plan.advisory.includes('NSA-NET-012'));
    assert.ok(plan.notRun.some((n) => n.id === 'NSA-NET-004'));
  });

  it('reads the configuration file: its failOn, settings and exceptions', async () => {
    const config = join(ca.dir, 'kubeharden.yaml');
    writeFileSync(
      config,
      [
        'failOn: critical',
        'exceptions:',
        '  - controls: [NSA-POD-006]',
        '    match: {namespace: network}',
        '    reason: the CNI agent configures the host network stack',
      ].join('\n') + '\n',
    );
    const hook = await spawnWebhook(['--config', config, '--shutdown-delay', '0']);
    try {
      const privileged = (ns: string): string => JSON.stringify(admissionReview({ object: pod('p', ns, podSpec({ securityContext: { privileged: true } })) }));
      const denied = await https1(hook.port, ca.ca, privileged('shop'));
      assert.equal((denied.json?.['response'] as Record<string, unknown>)['allowed'], false);
      assert.match(JSON.stringify(denied.json), /at or above critical/);
      const excepted = await https1(hook.port, ca.ca, privileged('network'));
      assert.equal((excepted.json?.['response'] as Record<string, unknown>)['allowed'], true);
    } finally {
      hook.child.kill('SIGTERM');
      assert.equal(await hook.exited, 0);
    }
  });

  it('on SIGTERM fails readiness, finishes the review in flight, stops, and exits 0; one JSON log line per decision', async () => {
    const hook = await spawnWebhook(['--shutdown-delay', '0.5', '--exempt-namespaces', 'kube-system']);
    const compliant = JSON.stringify(admissionReview({ object: deployment() }));
    assert.equal((await https1(hook.port, ca.ca, compliant)).status, 200);
    const exempt = JSON.stringify(admissionReview({ object: pod('proxy', 'kube-system', podSpec({ securityContext: { privileged: true } })) }));
    assert.equal(((await https1(hook.port, ca.ca, exempt)).json?.['response'] as Record<string, unknown>)['allowed'], true);

    // A review whose body is half sent when the signal comes.
    const inFlight = JSON.stringify(admissionReview({ object: deployment('late') }));
    const socket = await new Promise<import('node:tls').TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port: hook.port, servername: 'localhost', ca: ca.ca, ALPNProtocols: ['http/1.1'] }, () => resolve(s));
      s.on('error', reject);
    });
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    const socketClosed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const half = Math.floor(inFlight.length / 2);
    socket.write(`POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(inFlight)}\r\n\r\n${inFlight.slice(0, half)}`);
    await new Promise((r) => setTimeout(r, 100));

    hook.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 150));
    const ready = await https1(hook.port, ca.ca, undefined, { path: '/readyz' });
    assert.equal(ready.status, 503, 'not ready while shutting down');
    // After the delay the listener is closed: new connections are refused, the review in flight goes on.
    await new Promise((r) => setTimeout(r, 600));
    await assert.rejects(https1(hook.port, ca.ca, undefined, { path: '/healthz' }), /ECONNREFUSED/);
    socket.write(inFlight.slice(half));
    await socketClosed;
    assert.match(answer, /^HTTP\/1\.1 200 /);
    assert.match(answer, /"allowed":true/);
    assert.equal(await hook.exited, 0);

    const lines = hook.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => [l['name'], l['decision'], l['result']]), [
      ['web', 'allowed', 'allowed'],
      ['proxy', 'allowed', 'exempt'],
      ['late', 'allowed', 'allowed'],
    ]);
    for (const line of lines) {
      for (const key of ['uid', 'kind', 'namespace', 'name', 'decision', 'failedControls', 'latencyMs']) assert.ok(key in line, key);
    }
    assert.match(hook.stderr(), /"msg":"shutting down"/);
    assert.match(hook.stderr(), /"msg":"stopped"/);
  });
});
