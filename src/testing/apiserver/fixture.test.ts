import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { apiRequest } from './client.js';
import { generateScaleFixture, loadClusterFixture, type ClusterFixture } from './fixture.js';
import { startTestApiServer, type TestApiServer } from './index.js';
import { kubectlAvailable, kubectlFor, temporaryDirectory } from './kubectl.js';

function count(objects: readonly Record<string, unknown>[], kind: string): number {
  return objects.filter((o) => o['kind'] === kind).length;
}

describe('the cluster fixture', async () => {
  const available = await kubectlAvailable();
  let fixture: ClusterFixture;
  let server: TestApiServer;
  let dir: string;
  before(async () => {
    fixture = await loadClusterFixture();
    server = await startTestApiServer(fixture);
    dir = await temporaryDirectory();
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('holds a kubeadm-like cluster: control-plane mirror pods, nodes, namespaces, workloads, RBAC, a CRD and its custom resource', () => {
    const { objects } = fixture;
    assert.equal(count(objects, 'Node'), 3);
    assert.equal(count(objects, 'Namespace'), 8);
    const mirrorPods = objects.filter((o) => {
      const metadata = o['metadata'] as { namespace?: string; annotations?: Record<string, string> };
      return o['kind'] === 'Pod' && metadata.namespace === 'kube-system' && metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
    });
    assert.deepEqual(mirrorPods.map((p) => (p['metadata'] as { name: string }).name).sort(), ['etcd-cp-1', 'kube-apiserver-cp-1', 'kube-controller-manager-cp-1', 'kube-scheduler-cp-1']);
    assert.equal(count(objects, 'Rollout'), 1);
    assert.equal(count(objects, 'CustomResourceDefinition'), 1);
    assert.deepEqual(Object.keys(fixture.kubeletConfigs).sort(), ['cp-1', 'worker-1', 'worker-2']);
    assert.equal((fixture.kubeletConfigs['worker-2']!['authorization'] as { mode: string }).mode, 'AlwaysAllow');
  });

  it('lets the scanner read every kind its ClusterRole names, Secrets as metadata, and kubelet configz', async () => {
    for (const path of [
      '/api/v1/pods', '/api/v1/namespaces', '/api/v1/nodes', '/api/v1/serviceaccounts', '/api/v1/configmaps', '/api/v1/services',
      '/apis/apps/v1/deployments', '/apis/apps/v1/daemonsets', '/apis/batch/v1/cronjobs', '/apis/networking.k8s.io/v1/networkpolicies',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', '/apis/argoproj.io/v1alpha1/rollouts',
    ]) {
      const response = await apiRequest(server, path, { user: 'scanner' });
      assert.equal(response.status, 200, `${path}: ${response.body}`);
      assert.ok((response.json()['items'] as unknown[]).length > 0, path);
    }
    const secrets = await apiRequest(server, '/api/v1/secrets', { user: 'scanner', accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' });
    assert.equal((secrets.json()['items'] as unknown[]).length, 3);
    assert.ok(!secrets.body.includes('bm90LWEtcmVhbC1wYXNzd29yZA=='));
    const configz = await apiRequest(server, '/api/v1/nodes/worker-2/proxy/configz', { user: 'system:serviceaccount:kubeharden:scanner' });
    assert.equal((configz.json()['kubeletconfig'] as { readOnlyPort: number }).readOnlyPort, 10255);
  });

  it('refuses the restricted user Secrets, Nodes, RBAC, CRDs and node proxy, but not workloads', async () => {
    for (const path of ['/api/v1/secrets', '/api/v1/nodes', '/apis/rbac.authorization.k8s.io/v1/clusterroles', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', '/api/v1/nodes/cp-1/proxy/configz']) {
      assert.equal((await apiRequest(server, path, { user: 'restricted' })).status, 403, path);
    }
    assert.equal((await apiRequest(server, '/apis/apps/v1/deployments', { user: 'restricted' })).status, 200);
  });

  const kubectlTest = (name: string, body: () => Promise<void>) =>
    available ? it(name, body) : it(name, (t) => t.skip('kubectl is not installed (set KUBECTL or put kubectl on PATH)'));

  kubectlTest('kubectl auth can-i --list shows the scanner its read-only rules (SelfSubjectRulesReview)', async () => {
    const result = await (await kubectlFor(server, dir, 'scanner'))('auth', 'can-i', '--list', '-n', 'shop');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^rollouts\.argoproj\.io\s+\[\]\s+\[\]\s+\[get list\]$/m);
    assert.match(result.stdout, /^nodes\/proxy\s+\[\]\s+\[\]\s+\[get\]$/m);
    const writable = result.stdout.split('\n').filter((line) => /\b(create|update|patch|delete|\*)\b/.test(line)).map((line) => line.split(/\s+/)[0]);
    // The only thing the scanner may create is a review of its own permissions (system:basic-user).
    assert.deepEqual(writable, ['selfsubjectreviews.authentication.k8s.io', 'selfsubjectaccessreviews.authorization.k8s.io', 'selfsubjectrulesreviews.authorization.k8s.io']);
  });

  kubectlTest('kubectl sees the fixture as a cluster: mirror pods, a custom resource, and who may exec', async () => {
    const admin = await kubectlFor(server, dir, 'admin');
    const pods = await admin('get', 'pods', '-n', 'kube-system', '-l', 'tier=control-plane', '-o', 'name');
    assert.equal(pods.code, 0, pods.stderr);
    assert.deepEqual(pods.stdout.trim().split('\n'), ['pod/etcd-cp-1', 'pod/kube-apiserver-cp-1', 'pod/kube-controller-manager-cp-1', 'pod/kube-scheduler-cp-1']);
    const developer = await kubectlFor(server, dir, 'developer');
    assert.equal((await developer('auth', 'can-i', 'create', 'pods', '--subresource=exec', '-n', 'payments')).stdout.trim(), 'yes');
    assert.equal((await developer('auth', 'can-i', 'get', 'secrets', '-n', 'payments')).stdout.trim(), 'no');
    // Impersonation needs the impersonate verb, which system:masters has; legacy's default account is cluster-admin.
    const legacy = await admin('auth', 'can-i', 'delete', 'nodes', '--as', 'system:serviceaccount:legacy:default');
    assert.equal(legacy.stdout.trim(), 'yes', legacy.stderr);
    const shopDefault = await admin('auth', 'can-i', 'delete', 'nodes', '--as', 'system:serviceaccount:shop:default');
    assert.equal(shopDefault.stdout.trim(), 'no', shopDefault.stderr);
    const notAllowed = await developer('get', 'pods', '-n', 'shop', '--as', 'scanner');
    assert.match(notAllowed.stderr, /users "scanner" is forbidden: User "developer" cannot impersonate resource "users" in API group "" at the cluster scope/);
  });
});

describe('the generated scale fixture', () => {
  it('serves 10,000 pods and 2,000 deployments, listed in pages, and starts in well under a second', async () => {
    const objects = generateScaleFixture();
    assert.equal(count(objects, 'Pod'), 10_000);
    assert.equal(count(objects, 'Deployment'), 2_000);
    const started = performance.now();
    const server = await startTestApiServer({ objects, users: { admin: { token: 'admin', groups: ['system:masters'] } } });
    const startMs = performance.now() - started;
    try {
      assert.ok(startMs < 1500, `started in ${Math.round(startMs)} ms`);
      let token: string | undefined;
      let pods = 0;
      let pages = 0;
      do {
        const page = (await apiRequest(server, `/api/v1/pods?limit=500${token === undefined ? '' : `&continue=${encodeURIComponent(token)}`}`, { user: 'admin' })).json();
        pods += (page['items'] as unknown[]).length;
        token = (page['metadata'] as { continue?: string }).continue;
        pages++;
      } while (token !== undefined);
      assert.equal(pods, 10_000);
      assert.equal(pages, 20);
      const deployments = (await apiRequest(server, '/apis/apps/v1/namespaces/team-007/deployments', { user: 'admin' })).json();
      assert.equal((deployments['items'] as unknown[]).length, 20);
    } finally {
      await server.close();
    }
  });
});
