import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { apiRequest } from './client.js';
import { startTestApiServer, type TestApiServer } from './index.js';
import { PROTOBUF_MAGIC, ProtobufWriter } from './protobuf.js';

const RBAC = 'rbac.authorization.k8s.io/v1';

function pod(namespace: string, name: string, labels: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...extra }, status: { phase: 'Running' } };
}

function objects(): Record<string, unknown>[] {
  const list: Record<string, unknown>[] = [];
  for (const namespace of ['alpha', 'beta', 'gamma']) {
    list.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } } });
    for (let i = 0; i < 7; i++) {
      list.push(pod(namespace, `web-${i}`, { app: 'web', tier: i % 2 === 0 ? 'front' : 'back', index: String(i) }, { nodeName: i < 3 ? 'node-a' : 'node-b' }));
    }
  }
  list.push({ ...pod('alpha', 'pending', { app: 'batch' }), status: { phase: 'Pending' } });
  list.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'alpha' }, type: 'kubernetes.io/tls', data: { 'tls.key': 'c2VjcmV0' } });
  list.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'opaque', namespace: 'alpha' }, type: 'Opaque', data: { password: 'aHVudGVyMg==' } });
  list.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'alpha' }, spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } } });
  list.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' }, status: { nodeInfo: { kubeletVersion: 'v1.32.4' } } });
  list.push({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] }, versions: [{ name: 'v1', served: true, storage: true }] },
  });
  list.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'beta' }, spec: { size: 3 } });
  list.push({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: ['', 'apps', 'example.com'], resources: ['pods', 'namespaces', 'deployments', 'widgets', 'secrets'], verbs: ['get', 'list'] }, { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }] });
  list.push({ apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'User', name: 'reader' }, { kind: 'Group', name: 'readers' }] });
  list.push({ apiVersion: RBAC, kind: 'Role', metadata: { name: 'pod-reader', namespace: 'beta' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['only-this'] }] });
  list.push({ apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: 'pod-reader', namespace: 'beta' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'scanner', namespace: 'tools' }] });
  return list;
}

describe('test API server over HTTPS', () => {
  let server: TestApiServer;
  before(async () => {
    server = await startTestApiServer({
      objects: objects(),
      users: {
        admin: { certificate: true, groups: ['system:masters'] },
        reader: { token: 'reader-token' },
        'cert-reader': { certificate: true, groups: ['readers'] },
        nobody: { token: 'nobody-token' },
        'system:serviceaccount:tools:scanner': { token: 'sa-token' },
      },
      kubeletConfigs: { 'node-a': { kind: 'KubeletConfiguration', authentication: { anonymous: { enabled: false } } } },
      continueTtlMs: 60_000,
    });
  });
  after(() => server.close());

  it('answers /version to anyone, and discovery only to authenticated users', async () => {
    const version = await apiRequest(server, '/version');
    assert.equal(version.status, 200);
    assert.equal(version.json()['gitVersion'], 'v1.32.4');
    const anonymousApis = await apiRequest(server, '/apis');
    assert.equal(anonymousApis.status, 403);
    assert.equal(anonymousApis.json()['message'], 'forbidden: User "system:anonymous" cannot get path "/apis"');
    const apis = await apiRequest(server, '/apis', { user: 'nobody' });
    assert.equal(apis.status, 200);
    const groups = (apis.json()['groups'] as { name: string; preferredVersion: { groupVersion: string } }[]);
    assert.deepEqual(groups.find((g) => g.name === 'example.com')?.preferredVersion.groupVersion, 'example.com/v1');
    assert.ok(groups.some((g) => g.name === 'networking.k8s.io'));
  });

  it('serves per-group discovery with verbs, scope, kinds and short names', async () => {
    const core = (await apiRequest(server, '/api/v1', { user: 'nobody' })).json();
    assert.equal(core['groupVersion'], 'v1');
    const resources = core['resources'] as Record<string, unknown>[];
    assert.deepEqual(resources.find((r) => r['name'] === 'pods'), {
      name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['po'], categories: ['all'],
    });
    assert.ok(resources.some((r) => r['name'] === 'nodes/proxy'));
    const widgets = (await apiRequest(server, '/apis/example.com/v1', { user: 'nobody' })).json();
    assert.deepEqual((widgets['resources'] as Record<string, unknown>[])[0], {
      name: 'widgets', singularName: 'widget', namespaced: true, kind: 'Widget',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['wd'],
    });
    assert.equal((await apiRequest(server, '/apis/example.com/v2', { user: 'nobody' })).status, 404);
    assert.equal((await apiRequest(server, '/apis/example.com', { user: 'nobody' })).json()['kind'], 'APIGroup');
    assert.equal((await apiRequest(server, '/openapi/v2', { user: 'nobody' })).status, 404);
  });

  it('answers aggregated discovery with the requested media type repeated in Content-Type', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const apis = await apiRequest(server, '/apis', { user: 'nobody', accept });
    assert.equal(apis.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const document = apis.json();
    assert.equal(document['kind'], 'APIGroupDiscoveryList');
    assert.equal(document['apiVersion'], 'apidiscovery.k8s.io/v2');
    const apps = (document['items'] as { metadata: { name: string }; versions: { version: string; resources: Record<string, unknown>[] }[] }[]).find((i) => i.metadata.name === 'apps');
    const deployments = apps?.versions[0]?.resources.find((r) => r['resource'] === 'deployments');
    assert.equal(deployments?.['scope'], 'Namespaced');
    assert.deepEqual(deployments?.['responseKind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    const beta = await apiRequest(server, '/api', { user: 'nobody', accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' });
    assert.equal(beta.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    assert.equal(beta.json()['apiVersion'], 'apidiscovery.k8s.io/v2beta1');
    const plain = await apiRequest(server, '/api', { user: 'nobody', accept: 'application/json' });
    assert.equal(plain.headers['content-type'], 'application/json');
    assert.equal(plain.json()['kind'], 'APIVersions');
  });

  it('lists across namespaces and in one, items without kind or apiVersion', async () => {
    const all = (await apiRequest(server, '/api/v1/pods', { user: 'reader' })).json();
    assert.equal(all['kind'], 'PodList');
    assert.equal(all['apiVersion'], 'v1');
    const items = all['items'] as Record<string, unknown>[];
    assert.equal(items.length, 22);
    assert.ok(items.every((item) => !('kind' in item) && !('apiVersion' in item)));
    assert.match(String((all['metadata'] as Record<string, unknown>)['resourceVersion']), /^\d+$/);
    const beta = (await apiRequest(server, '/api/v1/namespaces/beta/pods', { user: 'reader' })).json();
    const names = (beta['items'] as { metadata: { namespace: string; name: string } }[]).map((i) => `${i.metadata.namespace}/${i.metadata.name}`);
    assert.deepEqual(names, [0, 1, 2, 3, 4, 5, 6].map((i) => `beta/web-${i}`));
    const empty = (await apiRequest(server, '/api/v1/namespaces/missing/pods', { user: 'reader' })).json();
    assert.deepEqual(empty['items'], []);
  });

  it('pages with limit and continue, counting the remaining items', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    const remaining: number[] = [];
    let pages = 0;
    do {
      const query = `limit=5${token === undefined ? '' : `&continue=${encodeURIComponent(token)}`}`;
      const page = (await apiRequest(server, `/api/v1/pods?${query}`, { user: 'reader' })).json();
      const metadata = page['metadata'] as { continue?: string; remainingItemCount?: number };
      for (const item of page['items'] as { metadata: { namespace: string; name: string } }[]) seen.push(`${item.metadata.namespace}/${item.metadata.name}`);
      token = metadata.continue;
      if (metadata.remainingItemCount !== undefined) remaining.push(metadata.remainingItemCount);
      pages++;
    } while (token !== undefined);
    assert.equal(pages, 5);
    assert.deepEqual(remaining, [17, 12, 7, 2]);
    assert.equal(seen.length, 22);
    assert.equal(new Set(seen).size, 22);
    assert.deepEqual(seen, [...seen].sort());
  });

  it('ignores limit for resourceVersion=0 (the watch cache), and refuses a resourceVersion with continue', async () => {
    const whole = (await apiRequest(server, '/api/v1/pods?limit=5&resourceVersion=0', { user: 'reader' })).json();
    assert.equal((whole['items'] as unknown[]).length, 22);
    assert.equal((whole['metadata'] as { continue?: string }).continue, undefined);
    const first = (await apiRequest(server, '/api/v1/pods?limit=5', { user: 'reader' })).json();
    const token = encodeURIComponent((first['metadata'] as { continue: string }).continue);
    const refused = await apiRequest(server, `/api/v1/pods?limit=5&resourceVersion=12&continue=${token}`, { user: 'reader' });
    assert.equal(refused.status, 400);
    assert.equal(refused.json()['message'], 'specifying resource version is not allowed when using continue');
  });

  it('rejects a malformed continue token with 400 and an expired one with 410 Expired', async () => {
    const bad = await apiRequest(server, '/api/v1/pods?limit=5&continue=not-a-token!', { user: 'reader' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json()['reason'], 'BadRequest');
    assert.match(String(bad.json()['message']), /^continue key is not valid/);
    const old = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 5, start: 'alpha/web-1\u0000', t: Date.now() - 120_000 })).toString('base64');
    const expired = await apiRequest(server, `/api/v1/pods?limit=5&continue=${encodeURIComponent(old)}`, { user: 'reader' });
    assert.equal(expired.status, 410);
    const status = expired.json();
    assert.equal(status['kind'], 'Status');
    assert.equal(status['reason'], 'Expired');
    assert.equal(status['code'], 410);
    assert.match(String(status['message']), /too old to display a consistent list result/);
    // The Status offers a token that continues (inconsistently) after the same item.
    const inconsistent = (status['metadata'] as { continue: string }).continue;
    const rest = (await apiRequest(server, `/api/v1/pods?limit=100&continue=${encodeURIComponent(inconsistent)}`, { user: 'reader' })).json();
    const names = (rest['items'] as { metadata: { namespace: string; name: string } }[]).map((i) => `${i.metadata.namespace}/${i.metadata.name}`);
    assert.equal(names[0], 'alpha/web-2');
    assert.equal(names.length, 22 - 3);
  });

  it('filters by label selectors', async () => {
    const names = async (selector: string) => {
      const response = await apiRequest(server, `/api/v1/namespaces/alpha/pods?labelSelector=${encodeURIComponent(selector)}`, { user: 'reader' });
      assert.equal(response.status, 200, response.body);
      return (response.json()['items'] as { metadata: { name: string } }[]).map((i) => i.metadata.name);
    };
    assert.deepEqual(await names('app=batch'), ['pending']);
    assert.deepEqual(await names('app==web,tier=front'), ['web-0', 'web-2', 'web-4', 'web-6']);
    assert.deepEqual(await names('app!=web'), ['pending']);
    assert.deepEqual(await names('index in (1, 3)'), ['web-1', 'web-3']);
    assert.deepEqual(await names('app=web,index notin (0,1,2,3,4)'), ['web-5', 'web-6']);
    assert.deepEqual(await names('tier'), ['web-0', 'web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6']);
    assert.deepEqual(await names('!tier'), ['pending']);
    assert.deepEqual(await names('index>4'), ['web-5', 'web-6']);
    const invalid = await apiRequest(server, `/api/v1/pods?labelSelector=${encodeURIComponent('app in (a')}`, { user: 'reader' });
    assert.equal(invalid.status, 400);
  });

  it('filters by field selectors, and rejects unsupported fields like the real server', async () => {
    const names = async (path: string, selector: string) => {
      const response = await apiRequest(server, `${path}?fieldSelector=${encodeURIComponent(selector)}`, { user: 'admin' });
      assert.equal(response.status, 200, response.body);
      return (response.json()['items'] as { metadata: { namespace?: string; name: string } }[]).map((i) => `${i.metadata.namespace ?? ''}/${i.metadata.name}`);
    };
    assert.deepEqual(await names('/api/v1/pods', 'metadata.name=web-3,metadata.namespace!=gamma'), ['alpha/web-3', 'beta/web-3']);
    assert.equal((await names('/api/v1/pods', 'spec.nodeName=node-a')).length, 9);
    assert.deepEqual(await names('/api/v1/pods', 'status.phase=Pending'), ['alpha/pending']);
    assert.deepEqual(await names('/api/v1/secrets', 'type=kubernetes.io/tls'), ['alpha/tls']);
    assert.deepEqual(await names('/api/v1/secrets', 'type!=kubernetes.io/tls'), ['alpha/opaque']);
    const unsupported = await apiRequest(server, '/api/v1/pods?fieldSelector=spec.hostPID%3Dtrue', { user: 'admin' });
    assert.equal(unsupported.status, 400);
    assert.equal(unsupported.json()['message'], 'field label not supported: spec.hostPID');
    const custom = await apiRequest(server, '/apis/example.com/v1/widgets?fieldSelector=spec.size%3D3', { user: 'admin' });
    assert.equal(custom.status, 400);
    assert.match(String(custom.json()['message']), /"spec.size" is not a known field selector/);
  });

  it('drops remainingItemCount when a selector filters the pages, and pages still cover every match', async () => {
    const first = (await apiRequest(server, '/api/v1/pods?limit=3&labelSelector=tier%3Dfront', { user: 'reader' })).json();
    const metadata = first['metadata'] as { continue?: string; remainingItemCount?: number };
    assert.equal(metadata.remainingItemCount, undefined);
    assert.ok(metadata.continue);
    let count = (first['items'] as unknown[]).length;
    let token: string | undefined = metadata.continue;
    while (token !== undefined) {
      const page = (await apiRequest(server, `/api/v1/pods?limit=3&labelSelector=tier%3Dfront&continue=${encodeURIComponent(token)}`, { user: 'reader' })).json();
      count += (page['items'] as unknown[]).length;
      token = (page['metadata'] as { continue?: string }).continue;
    }
    assert.equal(count, 12);
  });

  it('returns metadata only (never data) for PartialObjectMetadataList and PartialObjectMetadata', async () => {
    const accept = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
    const list = await apiRequest(server, '/api/v1/namespaces/alpha/secrets', { user: 'reader', accept });
    assert.equal(list.headers['content-type'], accept);
    assert.ok(!list.body.includes('c2VjcmV0') && !list.body.includes('aHVudGVyMg=='));
    const document = list.json();
    assert.equal(document['kind'], 'PartialObjectMetadataList');
    const items = document['items'] as Record<string, unknown>[];
    assert.deepEqual(items.map((i) => Object.keys(i)), [['kind', 'apiVersion', 'metadata'], ['kind', 'apiVersion', 'metadata']]);
    const one = await apiRequest(server, '/api/v1/namespaces/alpha/secrets/tls', { user: 'reader', accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' });
    assert.equal(one.json()['kind'], 'PartialObjectMetadata');
    assert.ok(!one.body.includes('c2VjcmV0'));
    const notAcceptable = await apiRequest(server, '/api/v1/namespaces/alpha/secrets', { user: 'reader', accept: 'application/vnd.kubernetes.protobuf' });
    assert.equal(notAcceptable.status, 406);
  });

  it('answers Table when asked', async () => {
    const response = await apiRequest(server, '/api/v1/namespaces/beta/pods?limit=2', { user: 'reader', accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    assert.equal(response.headers['content-type'], 'application/json;as=Table;v=v1;g=meta.k8s.io');
    const table = response.json();
    assert.equal(table['kind'], 'Table');
    assert.deepEqual((table['rows'] as { cells: unknown[] }[]).map((r) => r.cells[0]), ['web-0', 'web-1']);
    assert.ok((table['metadata'] as { continue?: string }).continue);
  });

  it('gets one object with kind and apiVersion, and 404s a missing one with a NotFound Status', async () => {
    const found = (await apiRequest(server, '/apis/apps/v1/namespaces/alpha/deployments/web', { user: 'reader' })).json();
    assert.equal(found['kind'], 'Deployment');
    assert.equal(found['apiVersion'], 'apps/v1');
    assert.ok((found['metadata'] as Record<string, unknown>)['uid']);
    const widget = (await apiRequest(server, '/apis/example.com/v1/namespaces/beta/widgets/w1', { user: 'reader' })).json();
    assert.deepEqual(widget['spec'], { size: 3 });
    const missing = await apiRequest(server, '/apis/apps/v1/namespaces/alpha/deployments/nope', { user: 'reader' });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json(), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found', reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404,
    });
  });

  it('authorizes with the fixture RBAC and words 403s as kube-apiserver does', async () => {
    const denied = await apiRequest(server, '/api/v1/secrets', { user: 'nobody' });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.json(), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'secrets is forbidden: User "nobody" cannot list resource "secrets" in API group "" at the cluster scope',
      reason: 'Forbidden', details: { kind: 'secrets' }, code: 403,
    });
    const sa = 'system:serviceaccount:tools:scanner';
    assert.equal((await apiRequest(server, '/api/v1/namespaces/beta/pods', { user: sa })).status, 200);
    const otherNamespace = await apiRequest(server, '/api/v1/namespaces/alpha/pods', { user: sa });
    assert.equal(otherNamespace.json()['message'], `pods is forbidden: User "${sa}" cannot list resource "pods" in API group "" in the namespace "alpha"`);
    const named = await apiRequest(server, '/api/v1/namespaces/beta/secrets/other', { user: sa });
    assert.equal(named.json()['message'], `secrets "other" is forbidden: User "${sa}" cannot get resource "secrets" in API group "" in the namespace "beta"`);
    assert.equal((await apiRequest(server, '/api/v1/namespaces/beta/secrets/only-this', { user: sa })).status, 404);
    const deployments = await apiRequest(server, '/apis/apps/v1/deployments', { user: 'nobody' });
    assert.equal(deployments.json()['message'], 'deployments.apps is forbidden: User "nobody" cannot list resource "deployments" in API group "apps" at the cluster scope');
    assert.deepEqual(deployments.json()['details'], { group: 'apps', kind: 'deployments' });
  });

  it('authenticates client certificates (groups from O) and rejects unknown tokens with 401', async () => {
    assert.equal((await apiRequest(server, '/api/v1/pods', { user: 'cert-reader' })).status, 200);
    const log = server.requests[server.requests.length - 1]!;
    assert.equal(log.user, 'cert-reader');
    const wrong = await apiRequest(server, '/api/v1/pods', { token: 'not-a-token' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json()['reason'], 'Unauthorized');
  });

  it('refuses a client certificate from another CA with 401', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubeharden-foreign-ca-'));
    try {
      await promisify(execFile)('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/O=system:masters/CN=intruder', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ]);
      const [cert, key] = await Promise.all([readFile(join(dir, 'cert.pem'), 'utf8'), readFile(join(dir, 'key.pem'), 'utf8')]);
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL('/api/v1/secrets', server.url);
        httpsRequest({ hostname: url.hostname, port: url.port, path: url.pathname, ca: server.caCertPem, cert, key, agent: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        }).on('error', reject).end();
      });
      assert.equal(status, 401);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves kubelet configz through the nodes/proxy subresource when permitted', async () => {
    const allowed = await apiRequest(server, '/api/v1/nodes/node-a/proxy/configz', { user: 'reader' });
    assert.equal(allowed.status, 200);
    assert.deepEqual(allowed.json(), { kubeletconfig: { kind: 'KubeletConfiguration', authentication: { anonymous: { enabled: false } } } });
    const denied = await apiRequest(server, '/api/v1/nodes/node-a/proxy/configz', { user: 'nobody' });
    assert.equal(denied.json()['message'], 'nodes "node-a" is forbidden: User "nobody" cannot get resource "nodes/proxy" in API group "" at the cluster scope');
  });

  it('answers access reviews sent as JSON and as protobuf', async () => {
    const json = await apiRequest(server, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      user: 'reader', method: 'POST', contentType: 'application/json',
      body: JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'secrets' } } }),
    });
    assert.equal(json.status, 201);
    assert.deepEqual(json.json()['status'], { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "reader" of ClusterRole "reader" to User "reader"' });

    const attributes = new ProtobufWriter().string(2, 'list').string(5, 'secrets');
    const raw = new ProtobufWriter().message(2, new ProtobufWriter().message(1, attributes)).finish();
    const envelope = new ProtobufWriter()
      .message(1, new ProtobufWriter().string(1, 'authorization.k8s.io/v1').string(2, 'SelfSubjectAccessReview'))
      .bytes(2, raw)
      .finish();
    const body = new Uint8Array([...PROTOBUF_MAGIC, ...envelope]);
    const proto = await apiRequest(server, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { user: 'nobody', method: 'POST', contentType: 'application/vnd.kubernetes.protobuf', body });
    assert.equal(proto.status, 201);
    assert.equal(proto.headers['content-type'], 'application/json');
    assert.deepEqual(proto.json()['spec'], { resourceAttributes: { verb: 'list', resource: 'secrets' } });
    assert.deepEqual(proto.json()['status'], { allowed: false });

    const sar = JSON.stringify({ kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { user: 'someone', groups: ['readers'], resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'gamma' } } });
    const byNobody = await apiRequest(server, '/apis/authorization.k8s.io/v1/subjectaccessreviews', { user: 'nobody', method: 'POST', contentType: 'application/json', body: sar });
    assert.equal(byNobody.status, 403);
    const byAdmin = await apiRequest(server, '/apis/authorization.k8s.io/v1/subjectaccessreviews', { user: 'admin', method: 'POST', contentType: 'application/json', body: sar });
    assert.equal((byAdmin.json()['status'] as { allowed: boolean }).allowed, true);
  });

  it('refuses every write with 405 (authorized) or 403, and logs it', async () => {
    const before = server.requests.length;
    const write = await apiRequest(server, '/api/v1/namespaces/alpha/pods/web-0', { user: 'admin', method: 'DELETE' });
    assert.equal(write.status, 405);
    assert.equal(write.json()['reason'], 'MethodNotAllowed');
    const post = await apiRequest(server, '/api/v1/namespaces/alpha/configmaps', { user: 'reader', method: 'POST', contentType: 'application/json', body: '{}' });
    assert.equal(post.status, 403);
    assert.deepEqual(server.requests.slice(before).map((r) => `${r.method} ${r.status}`), ['DELETE 405', 'POST 403']);
  });

  it('gzips large answers for clients that accept it, as kube-apiserver does', async () => {
    const objectsServer = await startTestApiServer({ objects: Array.from({ length: 1000 }, (_, i) => pod('bulk', `pod-${i}`, { app: 'bulk' })), authorization: 'allow-all' });
    try {
      const gzipped = await apiRequest(objectsServer, '/api/v1/pods', { acceptEncoding: 'gzip', http2: true });
      assert.equal(gzipped.encoding, 'gzip');
      assert.equal((gzipped.json()['items'] as unknown[]).length, 1000);
      assert.equal((await apiRequest(objectsServer, '/api/v1/pods', { acceptEncoding: 'gzip' })).encoding, 'gzip');
      assert.equal((await apiRequest(objectsServer, '/api/v1/pods')).encoding, undefined);
      assert.equal((await apiRequest(objectsServer, '/api/v1/pods?limit=10', { acceptEncoding: 'gzip' })).encoding, undefined);
    } finally {
      await objectsServer.close();
    }
  });

  it('speaks HTTP/2 and HTTP/1.1 on the same port, and logs which', async () => {
    const before = server.requests.length;
    const h2 = await apiRequest(server, '/api/v1/namespaces/alpha/pods?limit=1', { user: 'reader', http2: true });
    assert.equal(h2.status, 200);
    const h1 = await apiRequest(server, '/api/v1/namespaces/alpha/pods?limit=1', { user: 'admin' });
    assert.equal(h1.status, 200);
    assert.deepEqual(server.requests.slice(before).map((r) => [r.httpVersion, r.user, r.query]), [['2.0', 'reader', 'limit=1'], ['1.1', 'admin', 'limit=1']]);
  });
});

describe('test API server faults', () => {
  let server: TestApiServer;
  before(async () => {
    server = await startTestApiServer({ objects: objects(), users: { admin: { token: 'admin', groups: ['system:masters'] } } });
  });
  after(() => server.close());

  it('answers 429 with Retry-After for the given number of requests, then normally', async () => {
    server.injectFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 2 }, pathPrefix: '/api/v1/pods', times: 2 });
    const first = await apiRequest(server, '/api/v1/pods', { user: 'admin' });
    assert.equal(first.status, 429);
    assert.equal(first.headers['retry-after'], '2');
    assert.equal(first.json()['reason'], 'TooManyRequests');
    assert.deepEqual(first.json()['details'], { retryAfterSeconds: 2 });
    assert.equal((await apiRequest(server, '/api/v1/namespaces/alpha/pods', { user: 'admin' })).status, 200);
    assert.equal((await apiRequest(server, '/api/v1/pods', { user: 'admin' })).status, 429);
    assert.equal((await apiRequest(server, '/api/v1/pods', { user: 'admin' })).status, 200);
  });

  it('answers 500 and 503 with Status bodies, matched by method and predicate', async () => {
    server.injectFault({ fault: { kind: 'status', status: 500 }, method: 'GET', match: (path, query) => path.endsWith('/secrets') && query.get('limit') === '1' });
    server.injectFault({ fault: { kind: 'status', status: 503, retryAfterSeconds: 1 }, pathPrefix: '/apis/apps' });
    const internal = await apiRequest(server, '/api/v1/secrets?limit=1', { user: 'admin' });
    assert.equal(internal.status, 500);
    assert.equal(internal.json()['reason'], 'InternalError');
    assert.equal((await apiRequest(server, '/api/v1/secrets?limit=2', { user: 'admin' })).status, 200);
    const unavailable = await apiRequest(server, '/apis/apps/v1/deployments', { user: 'admin' });
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.headers['retry-after'], '1');
    server.clearFaults();
    assert.equal((await apiRequest(server, '/apis/apps/v1/deployments', { user: 'admin' })).status, 200);
  });

  it('delays, hangs, truncates and sends invalid JSON', async () => {
    server.injectFault({ fault: { kind: 'delay', ms: 300 }, pathPrefix: '/api/v1/namespaces', times: 1 });
    const started = Date.now();
    assert.equal((await apiRequest(server, '/api/v1/namespaces', { user: 'admin' })).status, 200);
    assert.ok(Date.now() - started >= 290);

    server.injectFault({ fault: { kind: 'hang' }, pathPrefix: '/api/v1/nodes', times: 1 });
    await assert.rejects(apiRequest(server, '/api/v1/nodes', { user: 'admin', timeoutMs: 300 }), /timed out/);
    await assert.rejects(
      (async () => {
        server.injectFault({ fault: { kind: 'hang' }, pathPrefix: '/api/v1/nodes', times: 1 });
        await apiRequest(server, '/api/v1/nodes', { user: 'admin', timeoutMs: 300, http2: true });
      })(),
      /timed out/,
    );

    server.injectFault({ fault: { kind: 'truncate' }, pathPrefix: '/api/v1/pods', times: 2 });
    await assert.rejects(apiRequest(server, '/api/v1/pods', { user: 'admin' }));
    await assert.rejects(apiRequest(server, '/api/v1/pods', { user: 'admin', http2: true }));

    server.injectFault({ fault: { kind: 'invalid-json' }, pathPrefix: '/api/v1/pods', times: 1 });
    const invalid = await apiRequest(server, '/api/v1/pods', { user: 'admin' });
    assert.equal(invalid.status, 200);
    assert.throws(() => invalid.json(), SyntaxError);
    assert.equal((await apiRequest(server, '/api/v1/pods', { user: 'admin' })).status, 200);
  });

  it('survives clients that give up while a delayed answer is pending', async () => {
    server.injectFault({ fault: { kind: 'delay', ms: 400 }, pathPrefix: '/api/v1/configmaps', times: 2 });
    await assert.rejects(apiRequest(server, '/api/v1/configmaps', { user: 'admin', timeoutMs: 100 }), /timed out/);
    await assert.rejects(apiRequest(server, '/api/v1/configmaps', { user: 'admin', timeoutMs: 100, http2: true }), /timed out/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await apiRequest(server, '/api/v1/configmaps', { user: 'admin', http2: true })).status, 200);
    assert.equal((await apiRequest(server, '/api/v1/configmaps', { user: 'admin' })).status, 200);
  });

  it('expires a continue token on demand, only on requests that carry one', async () => {
    server.injectFault({ fault: { kind: 'expire-continue' }, times: 1 });
    const first = (await apiRequest(server, '/api/v1/pods?limit=4', { user: 'admin' }));
    assert.equal(first.status, 200);
    const token = (first.json()['metadata'] as { continue: string }).continue;
    const expired = await apiRequest(server, `/api/v1/pods?limit=4&continue=${encodeURIComponent(token)}`, { user: 'admin' });
    assert.equal(expired.status, 410);
    assert.equal(expired.json()['reason'], 'Expired');
    assert.equal((await apiRequest(server, `/api/v1/pods?limit=4&continue=${encodeURIComponent(token)}`, { user: 'admin' })).status, 200);
  });

  it('logs faulted requests with their status', async () => {
    const hung = server.requests.filter((r) => r.status === 0);
    assert.equal(hung.length, 2);
    assert.ok(server.requests.some((r) => r.status === 429 && r.path === '/api/v1/pods'));
  });
});

describe('test API server options', () => {
  it('refuses anonymous requests when anonymous is false, and allows everything with allow-all', async () => {
    const server = await startTestApiServer({ objects: objects(), anonymous: false, authorization: 'allow-all', users: { someone: { token: 't' } } });
    try {
      assert.equal((await apiRequest(server, '/version')).status, 401);
      assert.equal((await apiRequest(server, '/api/v1/secrets', { user: 'someone' })).status, 200);
    } finally {
      await server.close();
    }
  });

  it('rejects fixtures it cannot serve', async () => {
    await assert.rejects(startTestApiServer({ objects: [{ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } }] }), /no resource type serves Gadget/);
    await assert.rejects(startTestApiServer({ objects: [pod('a', 'x', {}), pod('a', 'x', {})] }), /duplicate Pod a\/x/);
  });

  it('starts quickly once the PKI exists', async () => {
    const started = performance.now();
    const server = await startTestApiServer({ objects: objects() });
    const elapsed = performance.now() - started;
    await server.close();
    assert.ok(elapsed < 1000, `started in ${elapsed} ms`);
  });
});
