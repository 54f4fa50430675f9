// The live cluster source under hostile conditions: canary credentials served by the API server (Secret
// data, env vars, ConfigMaps, the last-applied annotation) and the kubeconfig's own token and client key
// must appear in no report format, no progress line and no error message, whatever the server does
// (401, 403, a certificate it cannot verify, hangs, cut or invalid answers, whole Secrets it was not asked
// for). Answers of the wrong shape get a clear error naming the API path, exit 2, no stack trace, no hang.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { runClusterScan } from '../cli/cluster.js';
import { builtinControls } from '../controls/index.js';
import type { ScanReport } from '../core/report.js';
import { defaultSettings } from '../engine/default-settings.js';
import { builtinReporters } from '../reporters/index.js';
import { apiRequest } from '../testing/apiserver/client.js';
import { startTestApiServer, type FaultRule, type TestApiServer } from '../testing/apiserver/index.js';
import { assertNoCanary, CANARY, canaryObjects } from '../testing/canary.js';
import { assertNoStackTrace } from '../testing/cli-run.js';
import { runKubeharden, tempDir, type CliRun } from '../testing/cluster-cli.js';
import { createTestCa } from '../testing/tls.js';

const formats = Object.keys(builtinReporters);
const SECRET_LIST = '/api/v1/secrets';
const PODS = '/api/v1/pods';

/** The canary objects a cluster can hold (a kubeconfig file is no API object), plus a Pod with the Deployment's template. */
function clusterCanaries(): Record<string, unknown>[] {
  const objects = canaryObjects().filter((o) => ['Secret', 'ConfigMap', 'Deployment'].includes(String(o['kind'])));
  const deployment = objects.find((o) => o['kind'] === 'Deployment') as { spec: { template: { spec: unknown } } };
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-7d9f', namespace: 'shop', labels: { app: 'api' } }, spec: structuredClone(deployment.spec.template.spec) };
  return [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, ...objects, pod];
}

describe('secrets never leak: the live cluster source (scan --cluster)', () => {
  let server: TestApiServer;
  let dir: string;
  let admin: string;
  let scanner: string;
  /** Distinctive lines of the scanner's client key: never to be printed. */
  let keyNeedles: string[];

  const assertClean = (text: string, where: string): void => {
    assertNoCanary(text, where);
    for (const needle of keyNeedles) assert.ok(!text.includes(needle), `${where} holds the kubeconfig's client key`);
    assert.ok(!text.includes('LS0tLS1CRUdJTi'), `${where} holds base64 PEM (a certificate or key from the kubeconfig)`);
  };
  const assertRunClean = (run: CliRun, what: string): void => {
    assertClean(run.stdout, `${what}: stdout`);
    assertClean(run.stderr, `${what}: stderr`);
    assertNoStackTrace(run.stderr, `${what}: stderr`);
  };

  before(async () => {
    server = await startTestApiServer({
      objects: clusterCanaries(),
      users: {
        admin: { token: CANARY.kubeconfigToken, groups: ['system:masters'] },
        scanner: { certificate: true, groups: ['system:masters'] },
        nobody: { token: CANARY.serviceAccountToken },
      },
    });
    dir = tempDir('hostile-cluster');
    admin = await server.writeKubeconfig(dir, 'admin');
    scanner = await server.writeKubeconfig(dir, 'scanner');
    const keyPem = server.credentials('scanner').keyPem ?? '';
    keyNeedles = keyPem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));
    assert.ok(keyNeedles.length > 0);
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the canaries are served and judged (the test can fail): credentials reported by key, Secrets read as metadata only', async () => {
    const before = server.requests.length;
    const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as ScanReport;
    const messages = report.findings.map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('DB_PASSWORD')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('API_TOKEN')), 'the ConfigMap credential is reported');
    assert.ok(report.findings.some((f) => f.resource.kind === 'Pod') && report.findings.some((f) => f.resource.kind === 'Secret'));
    const secretRequests = server.requests.slice(before).filter((r) => r.path.endsWith('/secrets'));
    assert.ok(secretRequests.length > 0);
    for (const request of secretRequests) assert.match(request.accept ?? '', /^application\/json;as=PartialObjectMetadataList;/);
    assertRunClean(run, 'json');
    // The served objects do hold them: a server answering a plain GET shows they are there to leak.
    const raw = await fetchRaw(server, '/api/v1/namespaces/shop/secrets/db', CANARY.kubeconfigToken);
    assert.throws(() => assertNoCanary(raw, 'raw'));
  });

  for (const format of formats) {
    it(`${format} on stdout and stderr, token and certificate users`, async () => {
      for (const config of [admin, scanner]) {
        const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '-f', format]);
        assert.equal(run.code, 1, run.stderr);
        assert.ok(run.stdout.length > 200, `${format}: a real report`);
        assertRunClean(run, format);
      }
    });
  }

  it('every format written to files at once (-o)', async () => {
    const out = tempDir('hostile-cluster-out');
    try {
      const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, ...formats.flatMap((f) => ['-f', f, '-o', join(out, `report.${f}`)])]);
      assert.equal(run.code, 1, run.stderr);
      assertRunClean(run, 'files');
      for (const format of formats) assertClean(readFileSync(join(out, `report.${format}`), 'utf8'), `${format} file`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('progress lines (as on a terminal) and warnings hold no canary', async () => {
    let stderr = '';
    const report = await runClusterScan(
      { cluster: true, kubeconfig: admin, qps: '50', timeout: '1m', chunkSize: '1' },
      { controls: builtinControls, settings: defaultSettings, failOn: 'high' },
      { stderr: (text) => (stderr += text), env: {}, progress: true },
    );
    assert.ok(report);
    assert.match(stderr, /secrets/, 'progress was shown');
    assertClean(stderr, 'progress');
  });

  it('a server that ignores the metadata-only Accept and sends whole Secrets: still no value in any format', async () => {
    server.injectFault({ fault: { kind: 'full-objects' }, match: (path) => path.endsWith('/secrets') });
    try {
      const before = server.requests.length;
      for (const format of formats) {
        const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', format]);
        assert.equal(run.code, 1, run.stderr);
        assertRunClean(run, `${format} with whole Secrets`);
      }
      assert.ok(server.requests.slice(before).some((r) => r.path === SECRET_LIST && r.status === 200));
    } finally {
      server.clearFaults();
    }
    // The fault does what it says: the list it answers holds the data.
    server.injectFault({ fault: { kind: 'full-objects' }, pathPrefix: SECRET_LIST, times: 1 });
    const whole = await fetchRaw(server, SECRET_LIST, CANARY.kubeconfigToken, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
    assert.throws(() => assertNoCanary(whole, 'raw'));
  });

  describe('errors name the problem, never the credentials', () => {
    const scanFails = async (args: readonly string[], what: string): Promise<CliRun> => {
      const run = await runKubeharden(['scan', '--cluster', ...args, '-f', 'json']);
      assertRunClean(run, what);
      assert.equal(run.code, 2, `${what}: exit 2\n${run.stderr}`);
      assert.equal(run.stdout, '', `${what}: no report`);
      return run;
    };

    it('401: an unknown bearer token', async () => {
      const config = kubeconfigWith(admin, (user) => ({ ...user, token: CANARY.flagBearer }), dir, 'bad-token');
      const run = await scanFails(['--kubeconfig', config], '401');
      assert.match(run.stderr, /401/);
      assertNoCanary(run.stderr, '401');
    });

    it('403: a token that may read nothing (the scan is partial or fails, the token is not shown)', async () => {
      const config = await server.writeKubeconfig(dir, 'nobody');
      const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '-f', 'json']);
      assertRunClean(run, '403');
      assert.match(run.stderr, /forbidden/);
      assert.ok(run.code === 1 || run.code === 2, `exit ${run.code}`);
    });

    it('a server certificate the kubeconfig CA does not vouch for', async () => {
      const other = createTestCa();
      try {
        const config = kubeconfigWith(admin, (user) => user, dir, 'wrong-ca', other.ca.toString('base64'));
        const run = await scanFails(['--kubeconfig', config], 'wrong CA');
        assert.match(run.stderr, /cannot verify the API server https:\/\/127\.0\.0\.1:\d+/);
        const certConfig = kubeconfigWith(scanner, (user) => user, dir, 'wrong-ca-cert', other.ca.toString('base64'));
        await scanFails(['--kubeconfig', certConfig], 'wrong CA, client certificate');
      } finally {
        other.remove();
      }
    });

    const faults: readonly [string, FaultRule, RegExp][] = [
      ['a server that never answers', { fault: { kind: 'hang' }, pathPrefix: PODS }, /did not finish within --timeout 3s \(at GET \/api\/v1\/pods/],
      ['a truncated list', { fault: { kind: 'truncate' }, pathPrefix: PODS }, /GET \/api\/v1\/pods.*closed the connection in the middle of the response|cut short/],
      ['invalid JSON', { fault: { kind: 'invalid-json' }, pathPrefix: PODS }, /GET \/api\/v1\/pods.*not valid JSON/],
      ['a 200 with an HTML page', { fault: { kind: 'body', body: '<!doctype html><title>Login</title><form>sign in</form>', contentType: 'text/html' }, pathPrefix: PODS }, /GET \/api\/v1\/pods.*not valid JSON \(text\/html\)/],
      ['a connection reset before any answer', { fault: { kind: 'reset' }, pathPrefix: PODS }, /GET \/api\/v1\/pods/],
      ['a never-ending slow drip', { fault: { kind: 'drip', intervalMs: 100 }, pathPrefix: PODS }, /did not finish within --timeout 3s \(at GET \/api\/v1\/pods/],
      ['a 500 whose message quotes the token', { fault: { kind: 'body', status: 500, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'InternalError', message: 'oops' }) }, pathPrefix: PODS }, /GET \/api\/v1\/pods.*500/],
      // Invalid JSON whose parse error would quote the text around it: inside a Secret's data.
      ['a Secret list cut inside a value', { fault: { kind: 'body', body: `{"kind":"SecretList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"db","namespace":"shop"},"data":{"password":"${CANARY.secretData}` }, pathPrefix: SECRET_LIST }, /GET \/api\/v1\/secrets.*not valid JSON/],
      ['a Secret list with an unquoted value', { fault: { kind: 'body', body: `{"kind":"SecretList","apiVersion":"v1","metadata":{},"items":[{"data":{"password": ${CANARY.secretData}}}]}` }, pathPrefix: SECRET_LIST }, /GET \/api\/v1\/secrets.*not valid JSON/],
      ['an error status whose body is a bare value', { fault: { kind: 'body', status: 500, body: CANARY.secretData, contentType: 'text/plain' }, pathPrefix: SECRET_LIST }, /GET \/api\/v1\/secrets.*500/],
    ];
    for (const [what, rule, message] of faults) {
      it(`${what}: exit 2, the API path named, no hang`, async () => {
        server.injectFault(rule);
        try {
          const started = performance.now();
          const run = await scanFails(['--kubeconfig', admin, '--timeout', '3s'], what);
          assert.ok(performance.now() - started < 30_000, 'bounded in time');
          assert.match(run.stderr, message);
        } finally {
          server.clearFaults();
        }
      });
    }
  });
});

describe('hostile input: the live cluster source (answers of the wrong shape)', () => {
  let server: TestApiServer;
  let dir: string;
  let admin: string;

  before(async () => {
    server = await startTestApiServer({ objects: clusterCanaries(), users: { admin: { token: 'admin-token-hostile', groups: ['system:masters'] } } });
    dir = tempDir('hostile-shapes');
    admin = await server.writeKubeconfig(dir, 'admin');
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scanWith = async (body: unknown, path = PODS): Promise<CliRun> => {
    server.injectFault({ fault: { kind: 'body', body: typeof body === 'string' ? body : JSON.stringify(body) }, match: (p) => p === path });
    try {
      const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', '--timeout', '20s']);
      assertNoStackTrace(run.stderr);
      assert.doesNotMatch(run.stderr, /internal error/);
      return run;
    } finally {
      server.clearFaults();
    }
  };

  for (const [what, body] of [
    ['items is an object', { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: { a: 1 } }],
    ['items is missing', { kind: 'PodList', apiVersion: 'v1', metadata: {} }],
    ['a JSON array', [{ kind: 'Pod' }]],
    ['null', null],
    ['a bare string', 'just text'],
  ] as const) {
    it(`a list answer that is not a list (${what}): exit 2, named by path`, async () => {
      const run = await scanWith(body);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^kubeharden: input error: pods \(core\) could not be read: GET \/api\/v1\/pods(\?\S*)?: (the API server answered a list request with something that is not a list \(|.*not valid JSON)/m);
      // Only the Pods are lost: the other kinds are judged, and the controls that need Pods are not evaluated.
      const report = JSON.parse(run.stdout) as ScanReport;
      assert.ok(report.findings.some((f) => f.resource.kind === 'Deployment'), 'the other kinds were scanned');
    });
  }

  it('items of odd types, objects without metadata or with metadata of the wrong type: skipped or judged, never a crash', async () => {
    const items = [
      null,
      7,
      'pod',
      [],
      { spec: { containers: [{ name: 'x', image: 'nginx', securityContext: { privileged: true } }] } },
      { metadata: 'name', spec: null },
      { metadata: { name: 42, namespace: ['a'] }, spec: { containers: 'none' } },
      { metadata: { name: 'ok', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'nginx:1', securityContext: { privileged: 'yes' } }] } },
    ];
    const run = await scanWith({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items });
    // Objects the API server itself would refuse are input errors (exit 2) naming the object; the rest is judged.
    assert.equal(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.ok(report.findings.some((f) => f.resource.kind === 'Deployment'), 'the other kinds were scanned');
    assert.ok(report.findings.some((f) => f.resource.kind === 'Pod' && f.resource.name === 'ok'));
    assert.ok(report.errors.length > 0 && report.errors.every((e) => e.kind === 'input' && e.resource?.kind === 'Pod'), JSON.stringify(report.errors));
    assert.match(run.stderr, /^kubeharden: input error: Pod \(without a name\): metadata\.name is an integer/m);
    assert.match(run.stderr, /^kubeharden: input error: Pod shop\/ok: spec\.containers\[0\]\.securityContext\.privileged is a string/m);
  });

  it('one enormous object (a 20 MB annotation): scanned within bounds', async () => {
    const huge = { metadata: { name: 'huge', namespace: 'shop', annotations: { blob: 'x'.repeat(20 * 1024 * 1024) } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
    const run = await scanWith({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [huge] });
    assert.ok(run.code === 0 || run.code === 1, `${run.code}: ${run.stderr}`);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.ok(report.findings.some((f) => f.resource.name === 'huge'));
    assert.ok(run.stdout.length < 5 * 1024 * 1024, 'the annotation is not copied into the report');
  });

  it('a list whose continue token never changes ends with an error, not a loop', async () => {
    server.injectFault({ fault: { kind: 'body', body: JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { continue: 'same' }, items: [] }) }, match: (p) => p === PODS });
    try {
      const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', '--timeout', '20s']);
      assertNoStackTrace(run.stderr);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /GET \/api\/v1\/pods: the API server returned the same continue token twice/);
    } finally {
      server.clearFaults();
    }
  });
});

/** The kubeconfig at `path` with its user and (optionally) CA changed, written next to it. */
function kubeconfigWith(path: string, user: (user: Record<string, unknown>) => Record<string, unknown>, dir: string, name: string, caData?: string): string {
  const config = parse(readFileSync(path, 'utf8')) as { users: { user: Record<string, unknown> }[]; clusters: { cluster: Record<string, unknown> }[] };
  config.users[0]!.user = user(config.users[0]!.user);
  if (caData !== undefined) config.clusters[0]!.cluster['certificate-authority-data'] = caData;
  const out = join(dir, `${name}.yaml`);
  writeFileSync(out, stringify(config), { mode: 0o600 });
  return out;
}

async function fetchRaw(server: TestApiServer, path: string, token: string, accept?: string): Promise<string> {
  const response = await apiRequest(server, path, { token, ...(accept ? { accept } : {}) });
  assert.equal(response.status, 200, response.body);
  return response.body;
}
