// The admission webhook under hostile input: AdmissionReviews whose objects carry canary credentials
// (env literals, Secrets, ConfigMaps, the last-applied annotation) in every mode, and malformed bodies that
// quote them, must leave no canary in the answer (status.message, warnings, 400 Status), the decision log,
// the event log or /metrics. Random and mutated reviews (fast-check) always get a well-formed answer: an
// AdmissionReview with the request's uid, or a 400 Status; never a 500, a crash or a hang.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { SingleObjectJudge } from '../engine/single-object.js';
import { admissionReview, deployment, pod, podSpec } from '../testing/admission.js';
import { assertNoCanary, CANARY, canaryObjects } from '../testing/canary.js';
import { fuzzParameters, keyVocabulary, mutate, mutations, oddValue } from '../testing/fuzz.js';
import { https1, https2, type HttpAnswer } from '../testing/https-client.js';
import { createTestCa, type TestCa } from '../testing/tls.js';
import { decide, modes, type Mode } from '../webhook/decision.js';
import { WebhookMetrics } from '../webhook/metrics.js';
import { defaultLimits, WebhookServer } from '../webhook/server.js';

type Json = Record<string, unknown>;

interface Running {
  readonly port: number;
  readonly server: WebhookServer;
  /** Decision log lines and event log lines, as the process writes them. */
  readonly log: string[];
}

let ca: TestCa;
let pair: { certFile: string; keyFile: string };
const running: Running[] = [];
const judge = new SingleObjectJudge({ controls: builtinControls, settings: defaultSettings });

async function start(mode: Mode): Promise<Running> {
  const log: string[] = [];
  const server = new WebhookServer({
    port: 0,
    certFile: pair.certFile,
    keyFile: pair.keyFile,
    certReloadIntervalMs: 60_000,
    limits: defaultLimits,
    review: (request) => decide(request, judge, { mode, failOn: 'high', exemptNamespaces: new Set() }),
    metrics: new WebhookMetrics(),
    logDecision: (entry) => log.push(JSON.stringify(entry)),
    logEvent: (level, message, fields = {}) => log.push(JSON.stringify({ level, msg: message, ...fields })),
  });
  const port = await server.listen();
  const handle = { port, server, log };
  running.push(handle);
  return handle;
}

before(() => {
  ca = createTestCa();
  pair = ca.issue('server');
});

after(async () => {
  await Promise.all(running.map((r) => r.server.shutdown(0, 1000)));
  ca.remove();
});

function throwsCanary(text: string): boolean {
  try {
    assertNoCanary(text, 'input');
    return false;
  } catch {
    return true;
  }
}

const post = (port: number, body: string | Buffer): Promise<HttpAnswer> => https1(port, ca.ca, body, { timeoutMs: 15_000 });

/** Every canary object as the API server would send it on CREATE, on UPDATE (old and new), and as a dry run. */
function canaryReviews(): Json[] {
  const objects = canaryObjects().filter((o) => o['kind'] !== 'Config');
  const deploymentObject = objects.find((o) => o['kind'] === 'Deployment') as { spec: { template: { spec: Json } } };
  const podObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-1', namespace: 'shop' }, spec: deploymentObject.spec.template.spec };
  const reviews: Json[] = [];
  for (const object of [...objects, podObject]) {
    reviews.push(admissionReview({ object }));
    reviews.push(admissionReview({ operation: 'UPDATE', object, oldObject: object }));
    reviews.push(admissionReview({ operation: 'DELETE', oldObject: object }));
    reviews.push(admissionReview({ object, dryRun: true }));
  }
  // A hardened Deployment (nothing denies it) whose env and annotations carry canaries anyway.
  const env = [{ name: 'DB_PASSWORD', value: CANARY.envPassword }, { name: 'API_TOKEN', value: CANARY.envToken }];
  reviews.push(admissionReview({ object: deployment('quiet', 'shop', podSpec({ env })) }));
  reviews.push(admissionReview({ object: pod('loud', 'shop', podSpec({ env, securityContext: { privileged: true } })) }));
  return reviews;
}

describe('secrets never leak: the admission webhook', () => {
  for (const mode of modes) {
    it(`${mode} mode: answers, decision log lines and /metrics hold no canary`, async () => {
      const webhook = await start(mode);
      let judged = 0;
      let reported = 0;
      const reviews = canaryReviews();
      assert.ok(reviews.filter((r) => throwsCanary(JSON.stringify(r))).length >= reviews.length / 2, 'the reviews carry canaries (the test can fail)');
      for (const review of reviews) {
        const body = JSON.stringify(review);
        const answer = await post(webhook.port, body);
        assert.equal(answer.status, 200, answer.text);
        const response = answer.json?.['response'] as { uid: string; allowed: boolean; status?: { message: string }; warnings?: string[] };
        assert.equal(response.uid, (review['request'] as Json)['uid']);
        assertNoCanary(answer.text, `${mode} answer`);
        judged++;
        if (response.status?.message || response.warnings?.length) reported++;
        if (mode === 'enforce' && answer.text.includes('DB_PASSWORD')) assert.equal(typeof response.allowed, 'boolean');
      }
      // HTTP/2, as kube-apiserver talks to webhooks.
      const over2 = await https2(webhook.port, ca.ca, JSON.stringify(canaryReviews()[0]));
      assert.equal(over2.status, 200);
      assertNoCanary(over2.text, `${mode} answer over HTTP/2`);
      assert.ok(judged > 10);
      if (mode !== 'audit') assert.ok(reported > 0, `${mode}: some answer reports findings`);
      const logs = webhook.log.join('\n');
      assert.ok(webhook.log.filter((l) => l.includes('"admission review"')).length >= judged, 'a decision log line per review');
      assert.match(logs, /NSA-/, 'the log names the controls');
      assertNoCanary(logs, `${mode} log`);
      const metrics = await https1(webhook.port, ca.ca, undefined, { path: '/metrics' });
      assert.equal(metrics.status, 200);
      assert.match(metrics.text, /kubeharden_webhook_decisions_total/);
      assertNoCanary(metrics.text, `${mode} /metrics`);
    });
  }

  it('enforce: the denial names the credential by key, never by value', async () => {
    const webhook = await start('enforce');
    const env = [{ name: 'DB_PASSWORD', value: CANARY.envPassword }];
    const answer = await post(webhook.port, JSON.stringify(admissionReview({ object: pod('loud', 'shop', podSpec({ env, securityContext: { privileged: true } })) })));
    const response = answer.json?.['response'] as { allowed: boolean; status?: { message: string }; warnings?: string[] };
    assert.equal(response.allowed, false);
    assert.match(`${response.status?.message ?? ''} ${(response.warnings ?? []).join(' ')}`, /DB_PASSWORD/);
    assertNoCanary(answer.text, 'denial');
  });

  it('malformed bodies get a 400 Status that quotes none of the body', async () => {
    const webhook = await start('enforce');
    const valid = admissionReview({ object: canaryObjects().find((o) => o['kind'] === 'Secret')! });
    const text = JSON.stringify(valid);
    const bodies = [
      text.slice(0, text.indexOf(CANARY.secretStringData) + 20), // cut inside the Secret's data
      text.replace(`"${(valid['request'] as { object: { data: { password: string } } }).object.data.password}"`, Buffer.from(CANARY.secretData).toString('base64')), // an unquoted value
      `${CANARY.secretData} ${CANARY.envPassword}`, // not JSON at all
      `{"password": ${CANARY.envToken}}`,
      JSON.stringify({ ...valid, apiVersion: 'admission.k8s.io/v1beta1' }), // the object is not quoted in the version error
      JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1', request: { object: (valid['request'] as Json)['object'] } }), // no uid
      JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1', request: { uid: 'u-1', object: (valid['request'] as Json)['object'] } }), // no operation
      JSON.stringify(canaryObjects().find((o) => o['kind'] === 'Secret')), // a bare Secret, not a review
      JSON.stringify([valid]),
    ];
    assert.deepEqual(bodies.map(throwsCanary), bodies.map(() => true), 'each body carries a canary (the test can fail)');
    for (const body of bodies) {
      const answer = await post(webhook.port, body);
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.json?.['kind'], 'Status');
      assert.equal(answer.json?.['code'], 400);
      assertNoCanary(answer.text, `400 for ${body.slice(0, 40)}`);
    }
    assertNoCanary(webhook.log.join('\n'), 'log');
    assertNoCanary((await https1(webhook.port, ca.ca, undefined, { path: '/metrics' })).text, '/metrics');
  });
});

describe('hostile input: fuzzing AdmissionReview bodies (fast-check)', () => {
  let webhook: Running;
  const seeds = (): Json[] => canaryReviews().slice(0, 40);
  let vocabulary: string[];

  before(async () => {
    webhook = await start('enforce');
    vocabulary = keyVocabulary(seeds());
  });

  /** The answer is well formed: the AdmissionReview for this uid, or a 400 Status; no canary in it. */
  const checkAnswer = (sent: unknown, answer: HttpAnswer): void => {
    assertNoCanary(answer.text, 'fuzzed answer');
    if (answer.status === 200) {
      assert.equal(answer.json?.['kind'], 'AdmissionReview', answer.text);
      assert.equal(answer.json?.['apiVersion'], 'admission.k8s.io/v1');
      const response = answer.json?.['response'] as Json | undefined;
      const uid = (sent as { request?: { uid?: unknown } } | null)?.request?.uid;
      assert.equal(response?.['uid'], uid, 'the request uid is echoed');
      assert.equal(typeof response?.['allowed'], 'boolean');
      return;
    }
    assert.equal(answer.status, 400, `${answer.status}: ${answer.text.slice(0, 500)}`);
    assert.equal(answer.json?.['kind'], 'Status');
    assert.equal(answer.json?.['code'], 400);
    assert.match(String(answer.json?.['message']), /^kubeharden: /);
  };

  it('mutated reviews of realistic objects (canaries included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutations, async (which, list) => {
        const review = mutate(seeds()[which % seeds().length]!, list, vocabulary);
        const answer = await post(webhook.port, JSON.stringify(review));
        checkAnswer(review, answer);
      }),
      fuzzParameters(150),
    );
  });

  it('reviews with odd values in every request field', async () => {
    const request = fc.record(
      {
        uid: fc.oneof(fc.uuid(), oddValue, fc.string({ minLength: 250, maxLength: 300 })),
        kind: fc.oneof(fc.constant({ group: 'apps', version: 'v1', kind: 'Deployment' }), fc.constant({ group: '', version: 'v1', kind: 'Pod' }), oddValue),
        operation: fc.oneof(fc.constantFrom('CREATE', 'UPDATE', 'DELETE', 'CONNECT', 'PATCH'), oddValue),
        name: oddValue,
        namespace: fc.oneof(fc.constantFrom('shop', 'kube-system', ''), oddValue),
        subResource: fc.oneof(fc.constantFrom('status', 'exec', 'ephemeralcontainers'), oddValue),
        object: fc.oneof(fc.constant(pod()), fc.constant(deployment()), fc.constantFrom(...canaryObjects()), oddValue, fc.anything({ maxDepth: 4 })),
        oldObject: fc.oneof(fc.constant(null), fc.constant(pod()), oddValue),
        dryRun: oddValue,
        userInfo: oddValue,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const review = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: req };
        checkAnswer(review, await post(webhook.port, JSON.stringify(review)));
      }),
      fuzzParameters(150),
    );
  });

  it('arbitrary JSON values and arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? 'null'), fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b))), async (body) => {
        const answer = await post(webhook.port, body);
        let sent: unknown;
        try {
          sent = JSON.parse(body.toString());
        } catch {
          sent = undefined;
        }
        checkAnswer(sent, answer);
      }),
      fuzzParameters(150),
    );
  });

  it('the server still answers after the fuzzing, and logged no internal error', async () => {
    const answer = await post(webhook.port, JSON.stringify(admissionReview({ object: pod() })));
    assert.equal(answer.status, 200);
    assert.deepEqual(webhook.log.filter((l) => l.includes('"level":"error"')), []);
    assertNoCanary(webhook.log.join('\n'), 'the decision log of the fuzzed reviews');
    assertNoCanary((await https1(webhook.port, ca.ca, undefined, { path: '/metrics' })).text, '/metrics after fuzzing');
  });
});
