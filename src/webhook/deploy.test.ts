// deploy/webhook/: the manifests render, pass kubeharden's own scan, and are what the webhook needs;
// make-certs.sh makes a certificate the webhook serves and the API server can verify.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtinControls } from '../controls/index.js';
import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString, asStringArray } from '../core/values.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import { repoRoot } from '../testing/shared-fixtures.js';
import { OPENSSL } from '../testing/tls.js';
import { SingleObjectJudge } from '../engine/single-object.js';
import { decide } from './decision.js';
import { WebhookMetrics } from './metrics.js';
import { defaultLimits, WebhookServer } from './server.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const webhookDir = join(root, 'deploy', 'webhook');
const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const needsKubectl = kubectl ? false : 'kubectl is not on PATH: deploy/webhook cannot be rendered (install kubectl to run this test)';

function render(dir: string): Resource[] {
  const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return parseManifests({ path: 'deploy/webhook (kustomize)', text }).resources;
}

/** The folder with the cert-manager component switched on, as a user's overlay does it. */
function renderWithCertManager(): Resource[] {
  const overlay = mkdtempSync(join(tmpdir(), 'kubeharden-overlay-'));
  try {
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${relative(overlay, webhookDir)}\ncomponents:\n  - ${relative(overlay, join(webhookDir, 'cert-manager'))}\n`,
    );
    return render(overlay);
  } finally {
    rmSync(overlay, { recursive: true, force: true });
  }
}

function find(resources: readonly Resource[], kind: string, name?: string): Resource {
  const found = resources.find((r) => r.ref.kind === kind && (name === undefined || r.ref.name === name));
  assert.ok(found, `${kind}/${name ?? '*'} is in deploy/webhook`);
  return found;
}

const get = (value: unknown, ...path: (string | number)[]): unknown => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], value);

/**
 * NSA-POD-031 judges the cluster: with a webhook configuration in the input and none of them an image
 * signature verifier, it fails (medium). kubeharden's webhook does not verify image signatures, and
 * saying so is right; it is below the default gate.
 */
const clusterFindingsAboutOtherTools = ['NSA-POD-031'];

describe('deploy/webhook', { skip: needsKubectl }, () => {
  for (const [name, resources] of [
    ['as shipped (certificate from make-certs.sh)', () => render(webhookDir)],
    ['with the cert-manager component', renderWithCertManager],
  ] as const) {
    it(`passes kubeharden's own scan at the default gate, ${name}`, () => {
      const rendered = resources();
      const report = scan(rendered, { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
      assert.deepEqual(report.errors, []);
      assert.equal(report.gate.status, 'passed', report.gate.reasons.join('; '));
      const failed = report.findings.filter((f) => f.status === 'failed' && !clusterFindingsAboutOtherTools.includes(f.controlId));
      assert.deepEqual(failed.map((f) => `${f.controlId} ${f.resource.kind}/${f.resource.name} ${f.path}: ${f.message}`), []);
      assert.deepEqual(report.findings.filter((f) => f.status === 'suppressed'), [], 'no exception needed');
      assert.deepEqual(report.workloads.map((w) => w.pss.level), ['restricted']);
    });
  }

  it('runs 2 replicas with a PodDisruptionBudget, probes, resources, no token, and the webhook on /validate', () => {
    const resources = render(webhookDir);
    const deployment = find(resources, 'Deployment', 'kubeharden-webhook');
    assert.equal(get(deployment.object, 'spec', 'replicas'), 2);
    const podLabels = asRecord(get(deployment.object, 'spec', 'template', 'metadata', 'labels'));
    const pdb = find(resources, 'PodDisruptionBudget');
    assert.equal(get(pdb.object, 'spec', 'minAvailable'), 1);
    for (const [key, value] of Object.entries(asRecord(get(pdb.object, 'spec', 'selector', 'matchLabels')) ?? {})) assert.equal(podLabels?.[key], value);
    const spec = asRecord(get(deployment.object, 'spec', 'template', 'spec')) ?? {};
    assert.equal(spec['automountServiceAccountToken'], false);
    const container = asRecord(asArray(spec['containers'])[0]) ?? {};
    for (const probe of ['readinessProbe', 'livenessProbe']) assert.equal(get(container, probe, 'httpGet', 'scheme'), 'HTTPS');
    assert.equal(get(container, 'readinessProbe', 'httpGet', 'path'), '/readyz');
    assert.equal(get(container, 'livenessProbe', 'httpGet', 'path'), '/healthz');
    assert.ok(get(container, 'resources', 'limits', 'memory') && get(container, 'resources', 'requests', 'cpu'));
    const service = find(resources, 'Service', 'kubeharden-webhook');
    for (const [key, value] of Object.entries(asRecord(get(service.object, 'spec', 'selector')) ?? {})) assert.equal(podLabels?.[key], value);
    assert.equal(get(service.object, 'spec', 'ports', 0, 'targetPort'), 'https');
    assert.equal(get(container, 'ports', 0, 'name'), 'https');
  });

  it('configures the webhook: v1 reviews, no side effects, a timeout, a failure policy, kube-system and its own namespace left out', () => {
    const resources = render(webhookDir);
    const configuration = find(resources, 'ValidatingWebhookConfiguration', 'kubeharden');
    const [webhook] = asArray(configuration.object['webhooks']).map((w) => asRecord(w) ?? {});
    assert.ok(webhook);
    assert.deepEqual(webhook['admissionReviewVersions'], ['v1']);
    assert.equal(webhook['sideEffects'], 'None');
    assert.ok(typeof webhook['timeoutSeconds'] === 'number' && webhook['timeoutSeconds'] <= 10);
    assert.ok(['Fail', 'Ignore'].includes(String(webhook['failurePolicy'])));
    const text = readFileSync(join(webhookDir, 'validating-webhook.yaml'), 'utf8');
    assert.match(text, /Fail +\(set here\)/);
    assert.match(text, /Ignore +- /);
    const [expression] = asArray(get(webhook, 'namespaceSelector', 'matchExpressions')).map((e) => asRecord(e) ?? {});
    assert.deepEqual([expression?.['key'], expression?.['operator']], ['kubernetes.io/metadata.name', 'NotIn']);
    assert.deepEqual(asStringArray(expression?.['values']).sort(), ['kube-system', 'kubeharden-webhook']);
    assert.deepEqual(get(webhook, 'clientConfig', 'service'), { name: 'kubeharden-webhook', namespace: 'kubeharden-webhook', path: '/validate', port: 443 });
    const resourcesSent = asArray(webhook['rules']).flatMap((r) => asStringArray(asRecord(r)?.['resources']));
    for (const kind of ['pods', 'deployments', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'roles', 'clusterrolebindings', 'networkpolicies', 'services', 'ingresses', 'namespaces']) {
      assert.ok(resourcesSent.includes(kind), kind);
    }
    const withCertManager = find(renderWithCertManager(), 'ValidatingWebhookConfiguration', 'kubeharden');
    assert.equal(get(withCertManager.object, 'metadata', 'annotations', 'cert-manager.io/inject-ca-from'), 'kubeharden-webhook/kubeharden-webhook-ca');
  });

  it('gives the container arguments and configuration the webhook accepts', () => {
    const resources = render(webhookDir);
    const deployment = find(resources, 'Deployment', 'kubeharden-webhook');
    const args = asStringArray(get(deployment.object, 'spec', 'template', 'spec', 'containers', 0, 'args'));
    assert.equal(args[0], 'webhook');
    const configMap = find(resources, 'ConfigMap', 'kubeharden-webhook-config');
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-config-'));
    try {
      const config = join(dir, 'kubeharden.yaml');
      writeFileSync(config, asString(get(configMap.object, 'data', 'kubeharden.yaml')) ?? '');
      const local = args.map((a) => (a.startsWith('--config=') ? `--config=${config}` : a));
      const listed = spawnSync(process.execPath, [BIN, ...local, '--list-controls'], { encoding: 'utf8' });
      assert.equal(listed.status, 0, listed.stderr);
      assert.equal((JSON.parse(listed.stdout) as { failOn: string }).failOn, 'high');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('make-certs.sh makes a certificate for the Service that the webhook serves and the CA bundle verifies', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kubeharden-certs-'));
    try {
      const rendered = execFileSync(join(webhookDir, 'make-certs.sh'), ['--out', out, '--render'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${process.env['PATH']}:/usr/bin` } });
      const configuration = find(parseManifests({ path: 'rendered', text: rendered }).resources, 'ValidatingWebhookConfiguration', 'kubeharden');
      const bundle = String(get(configuration.object, 'webhooks', 0, 'clientConfig', 'caBundle'));
      const ca = readFileSync(join(out, 'ca.crt'));
      assert.equal(Buffer.from(bundle, 'base64').toString('utf8'), ca.toString('utf8'));
      const sans = execFileSync(OPENSSL, ['x509', '-in', join(out, 'tls.crt'), '-noout', '-ext', 'subjectAltName'], { encoding: 'utf8' });
      assert.match(sans, /DNS:kubeharden-webhook\.kubeharden-webhook\.svc\b/);

      const server = new WebhookServer({
        port: 0,
        certFile: join(out, 'tls.crt'),
        keyFile: join(out, 'tls.key'),
        certReloadIntervalMs: 60_000,
        limits: defaultLimits,
        review: (request) => decide(request, new SingleObjectJudge({ controls: builtinControls, settings: defaultSettings }), { mode: 'enforce', failOn: 'high', exemptNamespaces: new Set() }),
        metrics: new WebhookMetrics(),
        logDecision: () => undefined,
        logEvent: () => undefined,
      });
      const port = await server.listen();
      try {
        // As the API server connects: to the Service's DNS name, trusting only the CA bundle.
        const authorized = await new Promise<boolean>((resolve, reject) => {
          const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'kubeharden-webhook.kubeharden-webhook.svc', ca: Buffer.from(bundle, 'base64') }, () => {
            resolve(socket.authorized);
            socket.destroy();
          });
          socket.on('error', reject);
        });
        assert.equal(authorized, true);
      } finally {
        await server.shutdown(0, 500);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
