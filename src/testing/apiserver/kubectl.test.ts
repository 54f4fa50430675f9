import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { startTestApiServer, type TestApiServer } from './index.js';
import { kubectlAvailable, kubectlFor, temporaryDirectory } from './kubectl.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const POD_COUNT = 23;

function fixture(): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const namespace of ['shop', 'payments', 'kube-system']) {
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  }
  for (let i = 0; i < POD_COUNT; i++) {
    const namespace = ['shop', 'payments', 'kube-system'][i % 3]!;
    objects.push({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `pod-${String(i).padStart(2, '0')}`, namespace, labels: { app: i % 2 === 0 ? 'even' : 'odd' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'main', image: `registry.example/app:${i}` }] },
      status: { phase: 'Running' },
    });
  }
  objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'payments' }, type: 'Opaque', data: { password: 'c2VjcmV0' } });
  objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, status: { nodeInfo: { kubeletVersion: 'v1.32.4' } } });
  objects.push({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'rollouts.argoproj.io' },
    spec: { group: 'argoproj.io', scope: 'Namespaced', names: { plural: 'rollouts', singular: 'rollout', kind: 'Rollout', shortNames: ['ro'] }, versions: [{ name: 'v1alpha1', served: true, storage: true }] },
  });
  objects.push({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'checkout', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'checkout:1' }] } } } });
  objects.push({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'scanner' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list'] }] });
  objects.push({ apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'scanner' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'scanner' }, subjects: [{ kind: 'User', name: 'scanner' }] });
  objects.push({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'public-namespaces' }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list'] }, { nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*'], verbs: ['get'] }] });
  objects.push({ apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'public-namespaces' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'public-namespaces' }, subjects: [{ kind: 'Group', name: 'system:unauthenticated' }] });
  return objects;
}

describe('the real kubectl against the test API server', async () => {
  const available = await kubectlAvailable();
  let server: TestApiServer;
  let dir: string;
  before(async () => {
    if (!available) return;
    dir = await temporaryDirectory();
    server = await startTestApiServer({
      objects: fixture(),
      users: {
        admin: { certificate: true, groups: ['system:masters'] },
        scanner: { token: 'scanner-token' },
        viewer: { token: 'viewer-token', groups: ['viewers'] },
      },
      kubeletConfigs: { 'node-1': { kind: 'KubeletConfiguration', readOnlyPort: 0 } },
    });
  });
  after(async () => {
    if (!available) return;
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const test = (name: string, body: () => Promise<void>) =>
    available ? it(name, body) : it(name, (t) => t.skip('kubectl is not installed (set KUBECTL or put kubectl on PATH)'));

  test('kubectl get pods -A -o json --chunk-size=5 receives every pod over several pages, on HTTP/2', async () => {
    const kubectl = await kubectlFor(server, dir, 'admin');
    const before = server.requests.length;
    const result = await kubectl('get', 'pods', '-A', '-o', 'json', '--chunk-size=5');
    assert.equal(result.code, 0, result.stderr);
    const list = JSON.parse(result.stdout) as { items: { metadata: { namespace: string; name: string } }[] };
    assert.equal(list.items.length, POD_COUNT);
    assert.equal(new Set(list.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`)).size, POD_COUNT);
    const pages = server.requests.slice(before).filter((r) => r.path === '/api/v1/pods');
    assert.equal(pages.length, Math.ceil(POD_COUNT / 5));
    assert.ok(pages.every((r) => r.status === 200 && r.user === 'admin' && r.httpVersion === '2.0' && /(^|&)limit=5(&|$)/.test(r.query)));
    assert.equal(pages.filter((r) => /(^|&)continue=/.test(r.query)).length, pages.length - 1);
  });

  test('kubectl api-resources lists built-in and CRD-registered types (aggregated discovery)', async () => {
    const kubectl = await kubectlFor(server, dir, 'scanner');
    const before = server.requests.length;
    const result = await kubectl('api-resources');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^rollouts\s+ro\s+argoproj\.io\/v1alpha1\s+true\s+Rollout$/m);
    assert.match(result.stdout, /^networkpolicies\s+netpol\s+networking\.k8s\.io\/v1\s+true\s+NetworkPolicy$/m);
    assert.match(result.stdout, /^clusterrolebindings\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRoleBinding$/m);
    const discovery = server.requests.slice(before).filter((r) => r.path.startsWith('/api'));
    // Aggregated discovery answers everything in two requests: no fallback to per-group documents.
    assert.deepEqual(discovery.map((r) => r.path).sort(), ['/api', '/apis']);
  });

  test('kubectl auth can-i list secrets -A: yes for the scanner, no for a viewer (protobuf reviews)', async () => {
    const before = server.requests.length;
    const yes = await (await kubectlFor(server, dir, 'scanner'))('auth', 'can-i', 'list', 'secrets', '-A');
    assert.equal(yes.code, 0, yes.stderr);
    assert.equal(yes.stdout.trim(), 'yes');
    const no = await (await kubectlFor(server, dir, 'viewer'))('auth', 'can-i', 'list', 'secrets', '-A');
    assert.equal(no.code, 1);
    assert.equal(no.stdout.trim(), 'no');
    const reviews = server.requests.slice(before).filter((r) => r.path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    assert.equal(reviews.length, 2);
    assert.ok(reviews.every((r) => r.method === 'POST' && r.status === 201 && r.contentType === 'application/vnd.kubernetes.protobuf'), JSON.stringify(reviews));
  });

  test('kubectl get pod NAME -n NS -o yaml returns the object', async () => {
    const result = await (await kubectlFor(server, dir, 'scanner'))('get', 'pod', 'pod-01', '-n', 'payments', '-o', 'yaml');
    assert.equal(result.code, 0, result.stderr);
    const pod = parse(result.stdout) as { kind: string; apiVersion: string; metadata: { name: string; namespace: string; resourceVersion: string }; spec: { containers: { image: string }[] } };
    assert.equal(pod.kind, 'Pod');
    assert.equal(pod.apiVersion, 'v1');
    assert.equal(pod.metadata.name, 'pod-01');
    assert.equal(pod.metadata.namespace, 'payments');
    assert.match(pod.metadata.resourceVersion, /^\d+$/);
    assert.equal(pod.spec.containers[0]?.image, 'registry.example/app:1');
  });

  test('kubectl shows the 403 of a user the fixture RBAC does not allow', async () => {
    const result = await (await kubectlFor(server, dir, 'viewer'))('get', 'secrets', '-A');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Error from server \(Forbidden\): secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" at the cluster scope/);
  });

  test('kubectl as an anonymous user: what system:unauthenticated is bound to, and 403 beyond it', async () => {
    const kubectl = await kubectlFor(server, dir, undefined);
    const namespaces = await kubectl('get', 'namespaces', '-o', 'name');
    assert.equal(namespaces.code, 0, namespaces.stderr);
    assert.deepEqual(namespaces.stdout.trim().split('\n'), ['namespace/kube-system', 'namespace/payments', 'namespace/shop']);
    const pods = await kubectl('get', 'pods', '-A');
    assert.equal(pods.code, 1);
    assert.match(pods.stderr, /pods is forbidden: User "system:anonymous" cannot list resource "pods"/);
    const whoami = await kubectl('auth', 'whoami', '-o', 'json');
    // system:anonymous is not allowed to create selfsubjectreviews (only authenticated users are).
    assert.equal(whoami.code, 1);
  });

  test('kubectl with token and certificate users: whoami, and the table output of get', async () => {
    const byToken = await (await kubectlFor(server, dir, 'scanner'))('auth', 'whoami', '-o', 'json');
    assert.equal(byToken.code, 0, byToken.stderr);
    assert.deepEqual((JSON.parse(byToken.stdout) as { status: { userInfo: unknown } }).status.userInfo, { username: 'scanner', groups: ['system:authenticated'] });
    const admin = await kubectlFor(server, dir, 'admin');
    const byCert = await admin('auth', 'whoami', '-o', 'json');
    assert.deepEqual((JSON.parse(byCert.stdout) as { status: { userInfo: unknown } }).status.userInfo, { username: 'admin', groups: ['system:masters', 'system:authenticated'] });
    const table = await admin('get', 'pods', '-n', 'shop', '-l', 'app=even', '--field-selector', 'status.phase=Running');
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trim().split('\n');
    assert.match(lines[0]!, /^NAME\s+CREATED AT$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/)[0]), ['pod-00', 'pod-06', 'pod-12', 'pod-18']);
    const rollouts = await admin('get', 'ro', '-A', '-o', 'name');
    assert.equal(rollouts.stdout.trim(), 'rollout.argoproj.io/checkout');
  });

  test('kubectl get --raw reads kubelet configz through the node proxy', async () => {
    const result = await (await kubectlFor(server, dir, 'admin'))('get', '--raw', '/api/v1/nodes/node-1/proxy/configz');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { kubeletconfig: { kind: 'KubeletConfiguration', readOnlyPort: 0 } });
  });

  test('kubectl pages a large list with its default chunk size and reads gzipped pages', async () => {
    const many = Array.from({ length: 1_200 }, (_, i) => ({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `bulk-${String(i).padStart(4, '0')}`, namespace: `ns-${i % 7}`, labels: { app: 'bulk', 'app.kubernetes.io/part-of': 'a-rather-long-application-name' }, annotations: { 'example.com/note': 'x'.repeat(200) } },
      spec: { containers: [{ name: 'main', image: 'registry.example/bulk:1.0.0' }] },
    }));
    const bulk = await startTestApiServer({ objects: many, authorization: 'allow-all', users: { someone: { token: 'someone' } } });
    try {
      const result = await (await kubectlFor(bulk, dir, 'someone'))('get', 'pods', '-A', '-o', 'name');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim().split('\n').length, 1_200);
      const pages = bulk.requests.filter((r) => r.path === '/api/v1/pods');
      assert.deepEqual(pages.map((r) => /(^|&)limit=500(&|$)/.test(r.query)), [true, true, true]);
      // Full pages are over 128 KiB and come gzipped; the last, short one does not.
      assert.deepEqual(pages.map((r) => r.contentEncoding), ['gzip', 'gzip', undefined]);
    } finally {
      await bulk.close();
    }
  });

  test('kubectl writes are refused, and the request log shows them', async () => {
    const before = server.requests.length;
    const result = await (await kubectlFor(server, dir, 'admin'))('delete', 'pod', 'pod-00', '-n', 'shop', '--wait=false');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /MethodNotAllowed|does not allow this method/);
    assert.ok(server.requests.slice(before).some((r) => r.method === 'DELETE' && r.status === 405));
  });
});
