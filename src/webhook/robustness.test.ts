// The webhook's HTTP behaviour when clients misbehave: bad bodies, huge bodies, slow clients, floods,
// and its certificate changing under it.
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { connect as http2Connect } from 'node:http2';
import { Agent, request } from 'node:https';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { SingleObjectJudge } from '../engine/single-object.js';
import { admissionReview, deployment } from '../testing/admission.js';
import { https1, type HttpAnswer } from '../testing/https-client.js';
import { createTestCa, type TestCa } from '../testing/tls.js';
import { decide } from './decision.js';
import { WebhookMetrics } from './metrics.js';
import { defaultLimits, WebhookServer, type ServerLimits } from './server.js';

type Json = Record<string, unknown>;

let ca: TestCa;
let pair: { certFile: string; keyFile: string };
const servers: WebhookServer[] = [];
const judge = new SingleObjectJudge({ controls: builtinControls, settings: defaultSettings });

before(() => {
  ca = createTestCa();
  pair = ca.issue('server');
});

after(async () => {
  await Promise.all(servers.map((s) => s.shutdown(0, 500)));
  ca.remove();
});

async function start(limits: Partial<ServerLimits> = {}, files = pair, reloadMs = 60_000): Promise<{ port: number; server: WebhookServer; metrics: WebhookMetrics }> {
  const metrics = new WebhookMetrics();
  const server = new WebhookServer({
    port: 0,
    certFile: files.certFile,
    keyFile: files.keyFile,
    certReloadIntervalMs: reloadMs,
    limits: { ...defaultLimits, ...limits },
    review: (req) => decide(req, judge, { mode: 'enforce', failOn: 'high', exemptNamespaces: new Set() }),
    metrics,
    logDecision: () => undefined,
    logEvent: () => undefined,
  });
  servers.push(server);
  return { port: await server.listen(), server, metrics };
}

function expectStatus(answer: HttpAnswer, code: number, reason: string): void {
  assert.equal(answer.status, code, answer.text);
  assert.equal(answer.json?.['kind'], 'Status');
  assert.equal(answer.json?.['apiVersion'], 'v1');
  assert.equal(answer.json?.['code'], code);
  assert.equal(answer.json?.['reason'], reason);
  assert.equal(answer.json?.['status'], 'Failure');
  assert.match(String(answer.json?.['message']), /^kubeharden: /);
}

/** Opens a TLS connection and hands the socket over once the handshake is done. */
function tlsSocket(port: number): Promise<import('node:tls').TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: ca.ca, ALPNProtocols: ['http/1.1'] }, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Resolves when the server closes the socket, with what it sent before. */
function closed(socket: import('node:tls').TLSSocket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(text));
  });
}

describe('webhook robustness', () => {
  let port: number;
  before(async () => {
    ({ port } = await start({ maxBodyBytes: 64 * 1024 }));
  });

  it('answers malformed JSON with 400 and a Status', async () => {
    expectStatus(await https1(port, ca.ca, '{"apiVersion": "admission.k8s.io/v1", "kind": '), 400, 'BadRequest');
    expectStatus(await https1(port, ca.ca, '[1, 2]'), 400, 'BadRequest');
  });

  it('answers a wrong API version or kind with 400', async () => {
    const review = admissionReview({ object: deployment() });
    const answer = await https1(port, ca.ca, JSON.stringify({ ...review, apiVersion: 'admission.k8s.io/v1beta1' }));
    expectStatus(answer, 400, 'BadRequest');
    assert.match(String(answer.json?.['message']), /admissionReviewVersions/);
    expectStatus(await https1(port, ca.ca, JSON.stringify({ ...review, kind: 'TokenReview' })), 400, 'BadRequest');
  });

  it('answers a request without uid with 400', async () => {
    const review = admissionReview({ object: deployment() });
    delete (review['request'] as Json)['uid'];
    const answer = await https1(port, ca.ca, JSON.stringify(review));
    expectStatus(answer, 400, 'BadRequest');
    assert.match(String(answer.json?.['message']), /request\.uid is missing/);
  });

  it('answers a body declared over the limit with 413 before reading it', async () => {
    const answer = await new Promise<HttpAnswer>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', servername: 'localhost', port, ca: ca.ca, method: 'POST', path: '/validate', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(512 * 1024 * 1024) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: JSON.parse(text) as Json }));
        },
      );
      req.on('error', reject);
      // Only the headers and a first chunk: the answer must come without the other 512 MiB.
      req.write(Buffer.alloc(1024, 32));
    });
    expectStatus(answer, 413, 'RequestEntityTooLarge');
    assert.equal(answer.headers['connection'], 'close');
  });

  it('answers a streamed (chunked) body over the limit with 413 and stops reading it', async () => {
    let sent = 0;
    const answer = await new Promise<HttpAnswer>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', servername: 'localhost', port, ca: ca.ca, method: 'POST', path: '/validate', agent: false, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: JSON.parse(text) as Json }));
        },
      );
      req.on('error', () => undefined);
      const chunk = Buffer.alloc(16 * 1024, 32);
      const pump = (): void => {
        while (sent < 256 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        reject(new Error('the server read 256 MiB without answering'));
      };
      pump();
    });
    expectStatus(answer, 413, 'RequestEntityTooLarge');
    assert.ok(sent < 64 * 1024 * 1024, `the client could push ${sent} bytes`);
  });

  it('answers an HTTP/2 body over the limit with 413 and resets the stream', async () => {
    const session = http2Connect(`https://localhost:${port}`, { ca: ca.ca });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const stream = session.request({ ':method': 'POST', ':path': '/validate', 'content-type': 'application/json' });
        stream.on('response', (h) => resolve(Number(h[':status'])));
        stream.on('error', () => undefined);
        session.on('error', reject);
        stream.write(Buffer.alloc(128 * 1024, 32));
      });
      assert.equal(status, 413);
    } finally {
      session.destroy();
    }
  });

  it('answers 404 and 405 with a Status, and serves health, readiness and metrics', async () => {
    expectStatus(await https1(port, ca.ca, undefined, { path: '/mutate' }), 404, 'NotFound');
    expectStatus(await https1(port, ca.ca, undefined, { path: '/validate', method: 'GET' }), 405, 'MethodNotAllowed');
    assert.equal((await https1(port, ca.ca, undefined, { path: '/healthz' })).text, 'ok\n');
    assert.equal((await https1(port, ca.ca, undefined, { path: '/readyz' })).status, 200);
    await https1(port, ca.ca, JSON.stringify(admissionReview({ object: deployment() })));
    const metrics = (await https1(port, ca.ca, undefined, { path: '/metrics' })).text;
    assert.match(metrics, /^# TYPE kubeharden_webhook_review_duration_seconds histogram$/m);
    assert.match(metrics, /^kubeharden_webhook_review_duration_seconds_bucket\{le="\+Inf"\} [1-9]/m);
    assert.match(metrics, /^kubeharden_webhook_decisions_total\{result="allowed",operation="CREATE",dry_run="false"\} [1-9]/m);
    assert.match(metrics, /^kubeharden_webhook_rejected_requests_total\{reason="malformed"\} [1-9]/m);
  });
});

describe('webhook and slow or too many clients', () => {
  it('closes a connection whose request headers do not arrive in time', async () => {
    const { port } = await start({ headersTimeoutMs: 300 });
    const socket = await tlsSocket(port);
    const started = Date.now();
    const done = closed(socket);
    socket.write('POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl');
    await done;
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 250 && elapsed < 3000, `closed after ${elapsed} ms`);
  });

  it('keeps an HTTP/2 session past the headers deadline, and finishes its stream in flight on shutdown', async () => {
    const { port, server } = await start({ headersTimeoutMs: 300 });
    const session = http2Connect(`https://localhost:${port}`, { ca: ca.ca });
    session.on('error', () => undefined);
    const ask = (body: string, hold = false): Promise<{ status: number; text: string; finish: () => void }> =>
      new Promise((resolve, reject) => {
        const stream = session.request({ ':method': 'POST', ':path': '/validate', 'content-type': 'application/json' });
        let status = 0;
        let text = '';
        stream.on('response', (h) => (status = Number(h[':status'])));
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('error', reject);
        const half = Math.floor(body.length / 2);
        const done = new Promise<void>((r) => stream.on('end', () => r()));
        if (!hold) {
          stream.end(body);
          void done.then(() => resolve({ status, text, finish: () => undefined }));
          return;
        }
        stream.write(body.slice(0, half));
        resolve({
          status: 0,
          text: '',
          finish: () => {
            stream.end(body.slice(half));
            void done.then(() => resolve({ status, text, finish: () => undefined }));
          },
        });
        void done.then(() => (held.result = { status, text }));
      });
    const held: { result?: { status: number; text: string } } = {};
    const review = (): string => JSON.stringify(admissionReview({ object: deployment() }));
    assert.equal((await ask(review())).status, 200);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal((await ask(review())).status, 200, 'the session outlives the HTTP/1.1 headers deadline');
    const inFlight = await ask(review(), true);
    await new Promise((r) => setTimeout(r, 50));
    const stopped = server.shutdown(0, 5000);
    await new Promise((r) => setTimeout(r, 100));
    inFlight.finish();
    await stopped;
    assert.equal(held.result?.status, 200, 'the stream in flight was answered');
    assert.match(held.result?.text ?? '', /"allowed":true/);
    session.destroy();
  });

  it('answers 408 when the body does not arrive in time', async () => {
    const { port } = await start({ bodyTimeoutMs: 300 });
    const socket = await tlsSocket(port);
    const done = closed(socket);
    socket.write('POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"apiVersion"');
    const text = await done;
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.match(text, /"reason":"Timeout"/);
  });

  it('sheds reviews beyond --max-in-flight with 503 and Retry-After, then recovers', async () => {
    const { port } = await start({ maxInFlight: 4, bodyTimeoutMs: 2000 });
    const slow = await Promise.all(Array.from({ length: 4 }, () => tlsSocket(port)));
    const answers = slow.map((s) => closed(s));
    for (const s of slow) s.write('POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{');
    await new Promise((r) => setTimeout(r, 100));
    const shed = await https1(port, ca.ca, JSON.stringify(admissionReview({ object: deployment() })));
    expectStatus(shed, 503, 'ServiceUnavailable');
    assert.equal(shed.headers['retry-after'], '1');
    for (const s of slow) s.destroy();
    await Promise.all(answers);
    await new Promise((r) => setTimeout(r, 50));
    const after = await https1(port, ca.ca, JSON.stringify(admissionReview({ object: deployment() })));
    assert.equal(after.status, 200);
  });

  it('survives 2,000 concurrent connections: beyond --max-connections they are refused, idle ones are cut, reviews resume', { timeout: 120_000 }, async (t) => {
    const { port, server, metrics } = await start({ maxConnections: 300, headersTimeoutMs: 2000 });
    // A flood of connections that send nothing: the server keeps at most 300 and cuts those at the deadline.
    const flood = await Promise.all(
      Array.from({ length: 2000 }, () =>
        new Promise<{ socket?: import('node:tls').TLSSocket; closedAt: Promise<number> }>((resolve) => {
          const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: ca.ca, ALPNProtocols: ['http/1.1'] });
          const closedAt = new Promise<number>((r) => socket.once('close', () => r(Date.now())));
          socket.once('secureConnect', () => resolve({ socket, closedAt }));
          socket.once('error', () => resolve({ closedAt }));
          socket.once('close', () => resolve({ closedAt }));
        }),
      ),
    );
    const held = flood.filter((f) => f.socket && !f.socket.destroyed);
    t.diagnostic(`connections held: ${held.length} of 2000`);
    assert.ok(held.length <= 300, `${held.length} connections held`);
    assert.ok(held.length >= 50, `${held.length} connections held`);
    // While the slots are taken, reviews are refused or answered, never left hanging.
    const outcomes = new Map<string, number>();
    const count = (key: string): void => void outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        const review = admissionReview({ object: deployment() });
        try {
          const answer = await https1(port, ca.ca, JSON.stringify(review), { timeoutMs: 30_000 });
          if (answer.status === 200) {
            assert.equal((answer.json?.['response'] as Json)['uid'], (review['request'] as Json)['uid']);
            count('200');
          } else {
            assert.equal(answer.status, 503, answer.text);
            count('503');
          }
        } catch (error) {
          assert.doesNotMatch(String(error), /client timeout/);
          count('refused');
        }
      }),
    );
    t.diagnostic(`reviews during the flood: ${JSON.stringify([...outcomes])}`);
    const started = Date.now();
    const cut = await Promise.all(held.map((f) => f.closedAt));
    assert.ok(Math.max(...cut) - started < 5000, 'idle connections are cut at the headers deadline');
    assert.match(metrics.render(), /rejected_requests_total\{reason="timeout"\} [1-9]/);
    // Afterwards the server answers as before.
    const results = await Promise.all(Array.from({ length: 50 }, () => https1(port, ca.ca, JSON.stringify(admissionReview({ object: deployment() })))));
    assert.ok(results.every((r) => r.status === 200));
    assert.equal((await https1(port, ca.ca, undefined, { path: '/healthz' })).status, 200);
    assert.ok(server.ready);
  });
});

describe('webhook certificate reload', () => {
  function peerCertificate(port: number, trust: Buffer): Promise<PeerCertificate> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: trust }, () => {
        resolve(socket.getPeerCertificate());
        socket.destroy();
      });
      socket.on('error', reject);
    });
  }

  it('serves a new certificate once the files change, and keeps the old one when the new pair is broken', async () => {
    const first = ca.issue('reload-first', 'first.localhost');
    const second = ca.issue('reload-second', 'second.localhost');
    const live = { certFile: `${ca.dir}/live.crt`, keyFile: `${ca.dir}/live.key` };
    copyFileSync(first.certFile, live.certFile);
    copyFileSync(first.keyFile, live.keyFile);
    const { port, metrics } = await start({}, live, 50);
    assert.equal((await peerCertificate(port, ca.ca)).subject.CN, 'first.localhost');
    // A certificate without its key: refused, the old pair keeps serving.
    copyFileSync(second.certFile, live.certFile);
    await waitFor(() => /certificate_reloads_total\{outcome="failed"\} [1-9]/.test(metrics.render()), 'the broken pair is noticed');
    assert.equal((await peerCertificate(port, ca.ca)).subject.CN, 'first.localhost');
    copyFileSync(second.keyFile, live.keyFile);
    await waitFor(() => /certificate_reloads_total\{outcome="ok"\} 1/.test(metrics.render()), 'the new pair is loaded');
    assert.equal((await peerCertificate(port, ca.ca)).subject.CN, 'second.localhost');
    writeFileSync(live.keyFile, 'not a key');
    await waitFor(() => /certificate_reloads_total\{outcome="failed"\} [2-9]/.test(metrics.render()), 'the garbage key is refused');
    assert.equal((await peerCertificate(port, ca.ca)).subject.CN, 'second.localhost');
    const review = await https1(port, ca.ca, JSON.stringify(admissionReview({ object: deployment() })), { agent: new Agent({ keepAlive: false }) });
    assert.equal(review.status, 200);
  });
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
