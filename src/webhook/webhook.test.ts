// The webhook's decisions, over HTTPS, on AdmissionReview requests shaped as kube-apiserver sends them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { SingleObjectJudge, type SingleObjectOptions } from '../engine/single-object.js';
import type { ExceptionRule } from '../policy/exceptions.js';
import { admissionReview, deployment, pod, podSpec } from '../testing/admission.js';
import { https1, https2, type HttpAnswer } from '../testing/https-client.js';
import { createTestCa, type TestCa } from '../testing/tls.js';
import { unclassifiedReadingControls } from './controls.js';
import { decide, MAX_MESSAGE_LENGTH, MAX_WARNING_LENGTH, type DecisionPolicy } from './decision.js';
import { WebhookMetrics } from './metrics.js';
import { decodeReview, parsePath } from './review.js';
import { defaultLimits, WebhookServer } from './server.js';

type Json = Record<string, unknown>;

interface Running {
  readonly port: number;
  readonly server: WebhookServer;
  readonly logs: Json[];
  readonly metrics: WebhookMetrics;
}

let ca: TestCa;
let pair: { certFile: string; keyFile: string };
const running: Running[] = [];

async function start(policy: Partial<DecisionPolicy> = {}, judgeOptions: Partial<SingleObjectOptions> = {}): Promise<Running> {
  const judge = new SingleObjectJudge({ controls: builtinControls, settings: defaultSettings, ...judgeOptions });
  const full: DecisionPolicy = { mode: 'enforce', failOn: 'high', exemptNamespaces: new Set(), ...policy };
  const logs: Json[] = [];
  const metrics = new WebhookMetrics();
  const server = new WebhookServer({
    port: 0,
    certFile: pair.certFile,
    keyFile: pair.keyFile,
    certReloadIntervalMs: 60_000,
    limits: defaultLimits,
    review: (request) => decide(request, judge, full),
    metrics,
    logDecision: (entry) => logs.push(JSON.parse(JSON.stringify(entry)) as Json),
    logEvent: () => undefined,
  });
  const port = await server.listen();
  const handle = { port, server, logs, metrics };
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

/** Sends a review over HTTPS and returns the answer and its `response`. */
async function send(target: Running, review: Json, http2 = false): Promise<{ answer: HttpAnswer; response: Json }> {
  const body = JSON.stringify(review);
  const answer = http2 ? await https2(target.port, ca.ca, body) : await https1(target.port, ca.ca, body);
  assert.equal(answer.status, 200, answer.text);
  const response = answer.json?.['response'] as Json;
  assert.equal(answer.json?.['apiVersion'], 'admission.k8s.io/v1');
  assert.equal(answer.json?.['kind'], 'AdmissionReview');
  assert.equal(response['uid'], (review['request'] as Json)['uid'], 'the response carries the request uid');
  return { answer, response };
}

function statusOf(response: Json): { code: number; message: string } {
  return response['status'] as { code: number; message: string };
}

const warningsOf = (response: Json): string[] => (response['warnings'] as string[] | undefined) ?? [];

function expectDenied(response: Json, controls: readonly string[], fieldPath: string, remediation: string): void {
  assert.equal(response['allowed'], false);
  const status = statusOf(response);
  assert.equal(status.code, 403);
  for (const control of controls) assert.match(status.message, new RegExp(`\\[${control} `), `${control} in: ${status.message}`);
  assert.ok(status.message.includes(fieldPath), `field ${fieldPath} in: ${status.message}`);
  assert.ok(status.message.includes(remediation), `remediation in: ${status.message}`);
  assert.ok(status.message.length <= MAX_MESSAGE_LENGTH);
  for (const w of warningsOf(response)) assert.ok(w.length <= MAX_WARNING_LENGTH, w);
}

const customResource = (apiVersion: string, kind: string, spec: Json): Json => ({ apiVersion, kind, metadata: { name: 'worker', namespace: 'shop' }, spec });

describe('webhook decisions in enforce mode (default --fail-on high)', () => {
  let hook: Running;
  before(async () => {
    hook = await start({}, { settings: { ...defaultSettings, podTemplates: new Map([['example.com/Worker', { spec: ['spec', 'podTemplate', 'spec'], metadata: ['spec', 'podTemplate', 'metadata'] }]]) } });
  });

  it('allows a compliant Deployment, over HTTP/1.1 and HTTP/2, and logs the decision', async () => {
    const review = admissionReview({ object: deployment() });
    const { response } = await send(hook, review);
    assert.equal(response['allowed'], true);
    assert.equal(response['status'], undefined);
    const { response: overHttp2 } = await send(hook, admissionReview({ object: deployment() }), true);
    assert.equal(overHttp2['allowed'], true);
    const line = hook.logs.find((l) => l['uid'] === (review['request'] as Json)['uid']);
    assert.ok(line, 'one log line per decision');
    assert.deepEqual(
      [line['kind'], line['namespace'], line['name'], line['operation'], line['decision'], line['result'], line['failedControls'], line['dryRun']],
      ['Deployment', 'shop', 'web', 'CREATE', 'allowed', 'allowed', [], false],
    );
    assert.equal(typeof line['latencyMs'], 'number');
  });

  const violations: [string, Json, string[], string, string][] = [
    ['a privileged Pod', pod('p', 'shop', podSpec({ securityContext: { privileged: true, allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } } })), ['NSA-POD-006'], 'spec.containers[0].securityContext.privileged', 'Remove securityContext.privileged'],
    ['a Deployment on the host network', deployment('web', 'shop', podSpec({}, { hostNetwork: true })), ['NSA-POD-009'], 'spec.template.spec.hostNetwork', 'hostNetwork'],
    ['a StatefulSet running as UID 0', { ...deployment(), kind: 'StatefulSet', spec: { ...(deployment()['spec'] as Json), serviceName: 'web', template: { metadata: {}, spec: podSpec({}, { securityContext: { runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } } }) } } }, ['NSA-POD-002'], 'runAsUser', 'runAsUser'],
    ['a DaemonSet with a writable hostPath', { ...deployment(), kind: 'DaemonSet', spec: { selector: {}, template: { metadata: {}, spec: podSpec({ volumeMounts: [{ name: 'root', mountPath: '/host' }] }, { volumes: [{ name: 'root', hostPath: { path: '/', type: '' } }] }) } } }, ['NSA-POD-010'], 'spec.template.spec.volumes[0].hostPath', 'hostPath'],
    ['a CronJob adding SYS_ADMIN', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'job', namespace: 'shop' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: podSpec({ securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } }, { restartPolicy: 'OnFailure' }) } } } } }, ['NSA-POD-013'], 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities.add', 'capabilit'],
    ['a Job sharing the host PID namespace', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'job', namespace: 'shop' }, spec: { template: { spec: podSpec({}, { hostPID: true, restartPolicy: 'Never' }) } } }, ['NSA-POD-008'], 'spec.template.spec.hostPID', 'hostPID'],
    ['a custom resource with spec.template (found by shape)', customResource('example.com/v1', 'Runner', { template: { metadata: {}, spec: podSpec({ securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }) } }), ['NSA-POD-006'], 'spec.template.spec.containers[0].securityContext.privileged', 'privileged'],
    ['a custom resource whose pod template is configured (settings.podTemplates)', customResource('example.com/v1', 'Worker', { podTemplate: { metadata: {}, spec: podSpec({ securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }) } }), ['NSA-POD-006'], 'spec.podTemplate.spec.containers[0].securityContext.privileged', 'privileged'],
    ['a ClusterRoleBinding to cluster-admin', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'ops' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }] }, ['NSA-AUTH-012'], 'subjects[0]', 'cluster-admin'],
    ['a RoleBinding for unauthenticated users', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'open', namespace: 'shop' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'system:unauthenticated', apiGroup: 'rbac.authorization.k8s.io' }] }, ['NSA-AUTH-002'], 'subjects[0]', 'system:unauthenticated'],
  ];
  for (const [name, object, controls, fieldPath, remediation] of violations) {
    it(`denies ${name} (${controls.join(', ')}) with HTTP 200, status 403, the field and the remediation`, async () => {
      const { response } = await send(hook, admissionReview({ object }));
      expectDenied(response, controls, fieldPath, remediation);
      const line = hook.logs.at(-1) as Json;
      assert.equal(line['decision'], 'denied');
      for (const control of controls) assert.ok((line['failedControls'] as string[]).includes(control));
    });
  }

  it('keeps a denial with many findings short enough for kubectl', async () => {
    const containers = Array.from({ length: 40 }, (_, i) => ({ ...(podSpec()['containers'] as Json[])[0], name: `c${i}`, securityContext: { privileged: true } }));
    const { response } = await send(hook, admissionReview({ object: pod('many', 'shop', podSpec({}, { containers })) }));
    const { message } = statusOf(response);
    assert.ok(message.length <= MAX_MESSAGE_LENGTH, `${message.length}`);
    assert.match(message, /and \d+ more: see the webhook log/);
  });

  it('only warns on findings that may rest on objects the webhook cannot see (a Namespace without Pod Security labels)', async () => {
    const { response } = await send(hook, admissionReview({ object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, spec: { finalizers: ['kubernetes'] } } }));
    assert.equal(response['allowed'], true);
    assert.ok(warningsOf(response).some((w) => w.startsWith('NSA-POD-026 (high, unverified)')), warningsOf(response).join('\n'));
  });

  it('answers a dry run like a real request, and counts it apart', async () => {
    const object = pod('p', 'shop', podSpec({ securityContext: { privileged: true } }));
    const { response } = await send(hook, admissionReview({ object, dryRun: true }));
    expectDenied(response, ['NSA-POD-006'], 'privileged', 'privileged');
    assert.equal((hook.logs.at(-1) as Json)['dryRun'], true);
    const metrics = hook.metrics.render();
    assert.match(metrics, /kubeharden_webhook_decisions_total\{result="denied",operation="CREATE",dry_run="true"\} 1/);
    assert.match(metrics, /kubeharden_webhook_control_failures_total\{control="NSA-POD-006",result="denied",dry_run="true"\} 1/);
  });

  describe('UPDATE: only what the update introduces can deny', () => {
    const privilegedSpec = podSpec({ securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } });
    const old = deployment('web', 'shop', privilegedSpec);

    it('allows an update that leaves an existing violation untouched (scaling), with a warning', async () => {
      const scaled = deployment('web', 'shop', privilegedSpec);
      (scaled['spec'] as Json)['replicas'] = 5;
      const { response } = await send(hook, admissionReview({ operation: 'UPDATE', object: scaled, oldObject: old }));
      assert.equal(response['allowed'], true, JSON.stringify(response));
      assert.ok(warningsOf(response).some((w) => w.startsWith('NSA-POD-006 (critical, existing)')), warningsOf(response).join('\n'));
    });

    it('denies an update that introduces the violation', async () => {
      const { response } = await send(hook, admissionReview({ operation: 'UPDATE', object: old, oldObject: deployment() }));
      expectDenied(response, ['NSA-POD-006'], 'spec.template.spec.containers[0].securityContext.privileged', 'privileged');
    });

    it('denies a new privileged container next to an existing one, naming only the new one', async () => {
      const second = { ...(privilegedSpec['containers'] as Json[])[0], name: 'sidecar' };
      const added = deployment('web', 'shop', { ...privilegedSpec, containers: [...(privilegedSpec['containers'] as Json[]), second] });
      const { response } = await send(hook, admissionReview({ operation: 'UPDATE', object: added, oldObject: old }));
      expectDenied(response, ['NSA-POD-006'], 'containers[1].securityContext.privileged', 'privileged');
      assert.ok(!statusOf(response).message.includes('containers[0]'), statusOf(response).message);
    });

    it('judges the field again when the update changes it (privileged: true written a new way counts as new)', async () => {
      const changed = deployment('web', 'shop', podSpec({ securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }, image: 'registry.example.com/shop/web:1.5.0' }));
      // The image changed, the privileged field did not: still existing.
      const { response } = await send(hook, admissionReview({ operation: 'UPDATE', object: changed, oldObject: old }));
      assert.equal(response['allowed'], true);
    });

    it('allows DELETE and CONNECT without judging', async () => {
      const deleted = await send(hook, admissionReview({ operation: 'DELETE', oldObject: old }));
      assert.equal(deleted.response['allowed'], true);
      const connect = await send(hook, admissionReview({ operation: 'CONNECT', object: { apiVersion: 'v1', kind: 'PodExecOptions', metadata: { name: 'p', namespace: 'shop' } }, subResource: 'exec' }));
      assert.equal(connect.response['allowed'], true);
      assert.equal((hook.logs.at(-1) as Json)['result'], 'skipped');
    });
  });

  it('honours the exception annotation, as the scanner does', async () => {
    const object = pod('legacy', 'shop', podSpec({ securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }));
    (object['metadata'] as Json)['annotations'] = { 'kubeharden.io/ignore': 'NSA-POD-006', 'kubeharden.io/ignore-reason': 'the CNI agent needs it' };
    const { response } = await send(hook, admissionReview({ object }));
    assert.equal(response['allowed'], true, JSON.stringify(response));
  });

  it('warns about an exception annotation naming an unknown control, and still denies', async () => {
    const object = pod('legacy', 'shop', podSpec({ securityContext: { privileged: true } }));
    (object['metadata'] as Json)['annotations'] = { 'kubeharden.io/ignore': 'NSA-POD-666' };
    const { response } = await send(hook, admissionReview({ object }));
    assert.equal(response['allowed'], false);
    assert.ok(warningsOf(response).some((w) => w.includes('NSA-POD-666')), warningsOf(response).join('\n'));
  });
});

describe('webhook policies', () => {
  const privileged = (): Json => pod('p', 'shop', podSpec({ securityContext: { privileged: true } }));

  it('skips exempt namespaces (--exempt-namespaces), and judges the others', async () => {
    const hook = await start({ exemptNamespaces: new Set(['kube-system', 'monitoring']) });
    const exempt = await send(hook, admissionReview({ object: pod('agent', 'monitoring', podSpec({ securityContext: { privileged: true } })) }));
    assert.equal(exempt.response['allowed'], true);
    assert.equal((hook.logs.at(-1) as Json)['result'], 'exempt');
    const judged = await send(hook, admissionReview({ object: privileged() }));
    assert.equal(judged.response['allowed'], false);
  });

  it('warn mode allows and returns every gating finding as a warning of at most 120 characters', async () => {
    const hook = await start({ mode: 'warn' });
    const { response } = await send(hook, admissionReview({ object: privileged() }));
    assert.equal(response['allowed'], true);
    assert.equal(response['status'], undefined);
    const warnings = warningsOf(response);
    assert.ok(warnings[0]?.startsWith('NSA-POD-006 (critical): '), warnings.join('\n'));
    for (const w of warnings) assert.ok(w.length <= MAX_WARNING_LENGTH, w);
    assert.equal((hook.logs.at(-1) as Json)['result'], 'warned');
  });

  it('audit mode allows, returns nothing, and logs the failed controls', async () => {
    const hook = await start({ mode: 'audit' });
    const { response } = await send(hook, admissionReview({ object: privileged() }));
    assert.deepEqual(Object.keys(response).sort(), ['allowed', 'uid']);
    const line = hook.logs.at(-1) as Json;
    assert.equal(line['result'], 'audited');
    assert.ok((line['failedControls'] as string[]).includes('NSA-POD-006'));
  });

  it('--fail-on medium also denies medium findings (Ingress without TLS, wildcard Role, plain-HTTP LoadBalancer)', async () => {
    const hook = await start({ failOn: 'medium' });
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ing', namespace: 'shop' }, spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } };
    expectDenied((await send(hook, admissionReview({ object: ingress }))).response, ['NSA-NET-017'], 'spec.tls', 'TLS');
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'shop' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
    expectDenied((await send(hook, admissionReview({ object: role }))).response, ['NSA-AUTH-013'], 'rules[0]', '');
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'shop' }, spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], selector: { app: 'web' } } };
    expectDenied((await send(hook, admissionReview({ object: service }))).response, ['NSA-NET-017'], 'spec.ports[0]', '');
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{}] }] } };
    expectDenied((await send(hook, admissionReview({ object: policy }))).response, ['NSA-NET-008'], 'spec.ingress[0].from[0]', '');
  });

  it('--no-inline-exceptions makes the annotation suppress nothing; config exceptions still apply', async () => {
    const rule: ExceptionRule = { id: 'config:1', by: 'config', controls: ['NSA-POD-006', 'NSA-POD-007'], reason: 'the CNI agent needs it', match: { namespace: ['network'] } };
    const hook = await start({}, { exceptions: { rules: [rule], inline: false } });
    const annotated = privileged();
    (annotated['metadata'] as Json)['annotations'] = { 'kubeharden.io/ignore': '*' };
    assert.equal((await send(hook, admissionReview({ object: annotated }))).response['allowed'], false);
    const inNetwork = pod('agent', 'network', podSpec({ securityContext: { privileged: true } }));
    assert.equal((await send(hook, admissionReview({ object: inNetwork }))).response['allowed'], true);
  });

  it('judges exception expiry at each request, so that an exception expires while the webhook runs', () => {
    let today = new Date('2026-06-30T23:59:00Z');
    const rule: ExceptionRule = { id: 'config:1', by: 'config', controls: ['NSA-POD-006', 'NSA-POD-007'], reason: 'until the migration', expires: '2026-06-30', match: {} };
    const judge = new SingleObjectJudge({ controls: builtinControls, settings: defaultSettings, exceptions: { rules: [rule], inline: true }, now: () => today });
    const policy: DecisionPolicy = { mode: 'enforce', failOn: 'high', exemptNamespaces: new Set() };
    const review = (): Parameters<typeof decide>[0] => {
      const decoded = decodeReview(JSON.stringify(admissionReview({ object: pod('p', 'shop', podSpec({ securityContext: { privileged: true } })) })));
      assert.ok(decoded.ok);
      return decoded.request;
    };
    assert.equal(decide(review(), judge, policy).response.allowed, true);
    today = new Date('2026-07-01T00:00:01Z');
    assert.equal(decide(review(), judge, policy).response.allowed, false);
  });

  it('--fail-on none never denies', async () => {
    const hook = await start({ failOn: 'none' });
    assert.equal((await send(hook, admissionReview({ object: privileged() }))).response['allowed'], true);
  });
});

describe('webhook controls', () => {
  it('every control with lookups is classified as advisory or judged on the object alone', () => {
    assert.deepEqual(unclassifiedReadingControls(new SingleObjectJudge({ controls: builtinControls, settings: defaultSettings }).controls), []);
  });

  it('never runs namespace or cluster controls', () => {
    const judge = new SingleObjectJudge({ controls: builtinControls, settings: defaultSettings });
    assert.ok(judge.controls.every((c) => c.target !== 'namespace' && c.target !== 'cluster'));
    assert.ok(judge.notRun.has('NSA-NET-004'));
    assert.ok(judge.controls.some((c) => c.meta.id === 'NSA-POD-006'));
  });

  it('parses field paths back as formatPath writes them', () => {
    assert.deepEqual(parsePath('spec.containers[0].securityContext["a.b"]'), ['spec', 'containers', 0, 'securityContext', 'a.b']);
    assert.deepEqual(parsePath('subjects[1]'), ['subjects', 1]);
  });

  it('judges the same findings as the scanner on the same object', async () => {
    const { scan } = await import('../engine/scan.js');
    const judge = new SingleObjectJudge({ controls: builtinControls, settings: defaultSettings });
    const object = deployment('web', 'shop', podSpec({ securityContext: { privileged: true } }, { hostIPC: true }));
    const resource = { id: 'x', ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }, object, origin: { type: 'cluster' as const, context: 'test' } };
    const fromJudge = judge.judge(resource).findings.map((f) => `${f.controlId} ${f.path} ${f.status}`).sort();
    const report = scan([resource], { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
    const ran = new Set(judge.controls.map((c) => c.meta.id as string));
    const fromScan = report.findings.filter((f) => ran.has(f.controlId) && f.resource.kind === 'Deployment').map((f) => `${f.controlId} ${f.path} ${f.status}`).sort();
    assert.deepEqual(fromJudge, fromScan);
  });
});
