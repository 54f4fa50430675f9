import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { builtinControls } from '../../controls/index.js';
import { defaultSettings } from '../../engine/default-settings.js';
import { loadClusterFixture } from '../../testing/apiserver/fixture.js';
import { startTestApiServer, type TestApiServer } from '../../testing/apiserver/index.js';
import { ADMIN_TOKEN, bindClusterRole, clusterFixture, kubeletConfigs, SCANNER_TOKEN } from '../../testing/cluster-fixture.js';
import { comparable, parseReport, runKubeharden, tempDir, withoutOwned, writeManifests } from '../../testing/cluster-cli.js';
import { connect } from './kubeconfig.js';
import { scanCluster, type ProgressEvent } from './scan-cluster.js';

const roleText = async (): Promise<Record<string, unknown>> => {
  const run = await runKubeharden(['scan', '--cluster', '--print-rbac']);
  assert.equal(run.code, 0, run.stderr);
  return parse(run.stdout) as Record<string, unknown>;
};

describe('scan --cluster against the test API server', () => {
  let server: TestApiServer;
  let objects: Record<string, unknown>[];
  let dir: string;
  let scanner: string;
  let admin: string;

  before(async () => {
    objects = [...clusterFixture(), ...bindClusterRole(await roleText(), 'scanner')];
    server = await startTestApiServer({
      objects,
      users: { scanner: { certificate: true }, admin: { token: ADMIN_TOKEN, groups: ['system:masters'] }, reader: { token: SCANNER_TOKEN } },
      kubeletConfigs,
    });
    dir = tempDir('cluster');
    scanner = await server.writeKubeconfig(dir, 'scanner', 'prod');
    admin = await server.writeKubeconfig(dir, 'admin', 'admin');
  });

  after(async () => {
    await server.close();
  });

  it('gives on cluster objects exactly the findings the same objects give from files, with GET requests only', async () => {
    const before = server.requests.length;
    const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', scanner, '-f', 'json', '--skip-controls', notEvaluatedAnyway]);
    const report = parseReport(live.stdout);
    assert.equal(live.code, 1, live.stderr);
    assert.equal(report.cluster?.whole, true);
    assert.deepEqual(report.cluster?.unreadable, []);
    assert.deepEqual(report.controls.filter((c) => c.reason?.includes('could not read')), [], 'the --print-rbac role reads everything');
    assert.doesNotMatch(live.stderr, /partial/);
    assert.doesNotMatch(live.stderr, /listed|listing/, 'no progress when stderr is not a terminal');
    const requests = server.requests.slice(before);
    assert.deepEqual([...new Set(requests.map((r) => r.method))], ['GET']);
    assert.ok(requests.every((r) => r.status < 400), requests.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.path}`).join('\n'));
    assert.equal(report.cluster?.requests, requests.length);

    const files = tempDir('cluster-files');
    const configs = Object.entries(kubeletConfigs).map(([node, config]) => ({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      ...config,
      metadata: { name: node },
    }));
    const fromFiles = await runKubeharden(['scan', writeManifests(files, [...objects, ...configs]), '-f', 'json', '--skip-controls', notEvaluatedAnyway]);
    const disk = parseReport(fromFiles.stdout);
    // A listed kind that came back empty is evidence: only the live scan knows there is no webhook at all.
    const absence = new Set(['NSA-POD-031']);
    const same = (r: typeof report) => r.findings.filter((f) => !absence.has(f.controlId) && !liveOnly(f)).map(comparable).sort();
    assert.deepEqual(same(report), same(disk));
    assert.deepEqual(report.findings.filter((f) => absence.has(f.controlId)).map((f) => f.messageId), ['noVerifier']);
    assert.equal(disk.controls.find((c) => c.id === 'NSA-POD-031')?.status, 'not-evaluated');
    const verdicts = (r: typeof report) => r.controls.filter((c) => !absence.has(c.id) && c.id !== 'NSA-UPG-004').map((c) => `${c.id} ${c.status}`);
    assert.deepEqual(verdicts(report), verdicts(disk));
    assert.match(report.controls.find((c) => c.id === 'NSA-UPG-004')?.reason ?? '', /live cluster serves every object at the version/);
    // Only a live scan knows the API server's version (/version): out of the supported window, and worker-1's
    // kubelet v1.27 is five minors behind it.
    assert.deepEqual(report.findings.filter(liveOnly).map((f) => f.message), [
      'The API server runs v1.32.4, older than the oldest supported Kubernetes release v1.35 (supported: v1.35 to v1.37).',
      'Node worker-1 runs kubelet v1.27.3, 5 minor releases behind the API server v1.32.4: more than the 3 the version skew policy allows.',
    ]);

    const ids = new Set(report.findings.map((f) => f.controlId));
    for (const id of ['NSA-POD-006', 'NSA-SEC-007', 'NSA-AUTH-012', 'NSA-NET-004', 'NSA-UPG-005', 'NSA-AUTH-008', 'NSA-AUTH-011', 'NSA-CP-005']) assert.ok(ids.has(id), `${id} has findings`);
    assert.ok(report.findings.every((f) => !f.location && (f.kubectl !== undefined) === (f.resource.kind !== 'Cluster')), 'findings on cluster objects carry a kubectl command, no file');
    const deployment = report.findings.find((f) => f.resource.kind === 'Deployment' && f.resource.name === 'billing');
    assert.equal(deployment?.kubectl, 'kubectl get deployment.apps billing -n legacy -o yaml --context prod');
    const kubelet = report.findings.find((f) => f.resource.kind === 'KubeletConfiguration' && f.resource.name === 'worker-1');
    assert.match(kubelet?.kubectl ?? '', /^kubectl get --raw \/api\/v1\/nodes\/worker-1\/proxy\/configz --context prod$/);
  });

  it('never reads a Secret value: metadata-only lists, by type, and nothing of the data in the report', async () => {
    const before = server.requests.length;
    const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json']);
    const secretRequests = server.requests.slice(before).filter((r) => r.path.includes('/secrets'));
    assert.ok(secretRequests.length > 0);
    for (const request of secretRequests) {
      assert.match(request.accept ?? '', /^application\/json;as=PartialObjectMetadataList;g=meta\.k8s\.io;v=v1/);
      assert.equal(new URLSearchParams(request.query).get('fieldSelector'), 'type=kubernetes.io/service-account-token');
    }
    for (const secret of ['s3cr3t-db-password', Buffer.from('s3cr3t-db-password').toString('base64'), 'legacy-token-value', 'eyJhbGciOiJSUzI1NiJ9']) {
      assert.ok(!live.stdout.includes(secret), `the report holds ${secret}`);
    }
  });

  it('makes exactly the controls that need a forbidden kind not evaluated, naming the permission, and goes on', async () => {
    const role = await roleText();
    const rules = (role['rules'] as Record<string, unknown>[]).filter((r) => !(r['resources'] as string[] | undefined)?.includes('secrets'));
    const narrow = await startTestApiServer({
      objects: [...clusterFixture(), ...bindClusterRole({ ...role, rules }, 'scanner')],
      users: { scanner: { certificate: true } },
      kubeletConfigs,
    });
    try {
      const config = await narrow.writeKubeconfig(tempDir('narrow'), 'scanner', 'prod');
      const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '-f', 'json']);
      assert.equal(live.code, 1, live.stderr);
      const report = parseReport(live.stdout);
      const sec007 = report.controls.find((c) => c.id === 'NSA-SEC-007');
      assert.equal(sec007?.status, 'not-evaluated');
      assert.match(sec007?.reason ?? '', /list secrets \(core\) at cluster scope: forbidden/);
      const unreadable = report.controls.filter((c) => c.reason?.includes('list secrets'));
      assert.deepEqual(unreadable.map((c) => c.id), ['NSA-SEC-007']);
      assert.ok(report.findings.some((f) => f.controlId === 'NSA-POD-006'), 'the rest of the scan went on');
      assert.match(live.stderr, /partial: 1 control could not be evaluated for lack of access: NSA-SEC-007/);
      const strict = await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '-f', 'json', '--require-complete']);
      assert.equal(strict.code, 2);
      // Every not-evaluated control, one a line with its reason, whatever the reason; then how to accept them.
      const notEvaluated = report.controls.filter((c) => c.status === 'not-evaluated');
      assert.ok(notEvaluated.some((c) => c.id === 'NSA-POD-032'), 'not evaluated for want of a trusted-registry list, not of access');
      const width = Math.max(...notEvaluated.map((c) => c.id.length));
      for (const control of notEvaluated) assert.ok(strict.stderr.includes(`  ${control.id.padEnd(width)}  ${control.reason}\n`), `${control.id} is listed with its reason`);
      assert.match(strict.stderr, new RegExp(`--require-complete: ${notEvaluated.length} controls were not evaluated \\(exit 2\\):`));
      assert.match(strict.stderr, /1 of them lack read access: grant what `kubeharden scan --cluster --print-rbac` prints/);
      const others = notEvaluated.filter((c) => c.id !== 'NSA-SEC-007').map((c) => c.id);
      assert.ok(strict.stderr.includes(`--skip-controls ${others.join(',')}\n`));
      // Skipping what the message names (and granting Secrets, here: skipping NSA-SEC-007 too) makes the scan complete.
      const accepted = await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '-f', 'json', '--require-complete', '--skip-controls', [...others, 'NSA-SEC-007'].join(',')]);
      assert.equal(accepted.code, 1, accepted.stderr);
      assert.doesNotMatch(accepted.stderr, /require-complete/);
    } finally {
      await narrow.close();
    }
  });

  it('turns the kubelet controls alone not-evaluated when nodes/proxy is forbidden', async () => {
    const role = await roleText();
    const rules = (role['rules'] as Record<string, unknown>[]).filter((r) => !(r['resources'] as string[] | undefined)?.includes('nodes/proxy'));
    const narrow = await startTestApiServer({ objects: [...clusterFixture(), ...bindClusterRole({ ...role, rules }, 'scanner')], users: { scanner: { certificate: true } }, kubeletConfigs });
    try {
      const config = await narrow.writeKubeconfig(tempDir('noproxy'), 'scanner');
      const report = parseReport((await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '-f', 'json'])).stdout);
      const kubelet = report.controls.filter((c) => c.reason?.includes('nodes/proxy'));
      assert.ok(kubelet.length >= 3);
      assert.ok(kubelet.every((c) => (c.slug ?? '').startsWith('kubelet-')), kubelet.map((c) => c.slug).join(', '));
      assert.equal(report.controls.find((c) => c.id === 'NSA-AUTH-001')?.status === 'not-evaluated' && report.controls.find((c) => c.id === 'NSA-AUTH-001')?.reason?.includes('nodes/proxy'), false);
    } finally {
      await narrow.close();
    }
  });

  it('survives 429 with Retry-After, 500 and an expired continue token', async () => {
    server.injectFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 1 }, pathPrefix: '/apis/apps/v1/deployments', times: 1 });
    server.injectFault({ fault: { kind: 'status', status: 500 }, pathPrefix: '/api/v1/configmaps', times: 2 });
    server.injectFault({ fault: { kind: 'expire-continue' }, pathPrefix: '/api/v1/pods', times: 1 });
    const before = server.requests.length;
    const started = performance.now();
    try {
      const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', '--qps', '100']);
      assert.equal(live.code, 1, live.stderr);
      const requests = server.requests.slice(before);
      const deployments = requests.filter((r) => r.path === '/apis/apps/v1/deployments');
      assert.deepEqual(deployments.map((r) => r.status), [429, 200]);
      assert.ok(performance.now() - started >= 1000, 'Retry-After (1s) was honoured');
      assert.deepEqual(requests.filter((r) => r.path === '/api/v1/configmaps').map((r) => r.status).slice(0, 3), [500, 500, 200]);
      const report = parseReport(live.stdout);
      assert.ok(report.findings.some((f) => f.resource.kind === 'Pod' && f.resource.name === 'debug'));
    } finally {
      server.clearFaults();
    }
  });

  it('restarts a list whose continue token expired, and sees each object once', async () => {
    server.injectFault({ fault: { kind: 'expire-continue' }, pathPrefix: '/api/v1/pods', times: 1 });
    try {
      const before = server.requests.length;
      const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', '--controls', 'NSA-POD-003', '--chunk-size', '1']);
      const podLists = server.requests.slice(before).filter((r) => r.path === '/api/v1/pods');
      assert.ok(podLists.some((r) => r.status === 410), podLists.map((r) => r.status).join(','));
      const report = parseReport(live.stdout);
      assert.equal(report.summary.resourcesByKind['Pod'], 3);
    } finally {
      server.clearFaults();
    }
  });

  it('ends a scan of a hanging server at --timeout with a clear error, exit 2', async () => {
    server.injectFault({ fault: { kind: 'hang' }, pathPrefix: '/apis/apps/v1/deployments' });
    try {
      const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '--timeout', '2s']);
      assert.equal(live.code, 2);
      assert.match(live.stderr, /did not finish within --timeout 2s \(at GET \/apis\/apps\/v1\/deployments/);
    } finally {
      server.clearFaults();
    }
  });

  it('a truncated answer or invalid JSON loses that type, not the scan: an input error (exit 2), its controls not evaluated', async () => {
    server.injectFault({ fault: { kind: 'truncate' }, pathPrefix: '/api/v1/namespaces' });
    try {
      const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json']);
      assert.equal(live.code, 2);
      assert.match(live.stderr, /kubeharden: input error: namespaces \(core\) could not be read: GET \/api\/v1\/namespaces.*(cut short|closed the connection|not valid JSON)/);
      const report = parseReport(live.stdout);
      assert.ok(report.findings.some((f) => f.resource.kind === 'Deployment'), 'the other types were judged');
    } finally {
      server.clearFaults();
    }
    server.injectFault({ fault: { kind: 'invalid-json' }, pathPrefix: '/api/v1/nodes' });
    try {
      const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json']);
      assert.equal(live.code, 2);
      assert.match(live.stderr, /kubeharden: input error: nodes \(core\) could not be read: GET \/api\/v1\/nodes\?limit=500: the API server sent a response that is not valid JSON/);
      const report = parseReport(live.stdout);
      const needsNodes = report.controls.filter((c) => c.status === 'not-evaluated' && /nodes \(core\) could not be read/.test(c.reason ?? ''));
      assert.ok(needsNodes.some((c) => c.id === 'NSA-UPG-005'), JSON.stringify(needsNodes.map((c) => c.id)));
    } finally {
      server.clearFaults();
    }
  });

  it('authenticates with a bearer token, picks --context among several, and says what is wrong with a bad one', async () => {
    const first = await server.writeKubeconfig(dir, 'reader', 'reader');
    const both = `${first}:${admin}`;
    const asAdmin = await runKubeharden(['scan', '--cluster', '--context', 'admin', '-f', 'json', '--controls', 'NSA-POD-006'], { KUBECONFIG: both });
    assert.equal(asAdmin.code, 1, asAdmin.stderr);
    assert.equal(parseReport(asAdmin.stdout).cluster?.context, 'admin');
    // The reader's token authenticates but grants nothing: every kind is refused.
    const asReader = await runKubeharden(['scan', '--cluster', '-f', 'json', '--controls', 'NSA-POD-006'], { KUBECONFIG: both });
    const readerReport = parseReport(asReader.stdout);
    assert.equal(readerReport.cluster?.context, 'reader');
    assert.equal(readerReport.controls.find((c) => c.id === 'NSA-POD-006')?.status, 'not-evaluated');
    assert.match(readerReport.controls.find((c) => c.id === 'NSA-POD-006')?.reason ?? '', /list pods \(core\) at cluster scope: forbidden/);
    const missing = await runKubeharden(['scan', '--cluster', '--context', 'nope'], { KUBECONFIG: both });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no context "nope" in KUBECONFIG=.* \(contexts: reader, admin\)/);
  });

  it('scans one namespace, or by label, as a restricted scan that is not the whole cluster', async () => {
    const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', '-n', 'legacy']);
    const report = parseReport(live.stdout);
    assert.equal(report.cluster?.whole, false);
    assert.ok(report.findings.every((f) => f.resource.namespace === 'legacy' || !f.resource.namespace), 'only legacy objects and cluster-scoped ones');
    assert.ok(report.findings.some((f) => f.resource.name === 'billing'));
    const log010 = report.controls.find((c) => c.id === 'NSA-LOG-010');
    assert.equal(log010?.status, 'not-evaluated');
    assert.match(log010?.reason ?? '', /restricted \(-n legacy\)/);
    const labelled = parseReport((await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', '-l', 'app=web'])).stdout);
    const workloads = labelled.workloads.map((w) => `${w.resource.kind}/${w.resource.name}`);
    assert.deepEqual(workloads, ['Deployment/web']);
    const kinds = parseReport((await runKubeharden(['scan', '--cluster', '--kubeconfig', admin, '-f', 'json', '--kinds', 'pods'])).stdout);
    assert.deepEqual([...new Set(kinds.workloads.map((w) => w.resource.kind))], ['Pod']);
  });

  it('prints a read-only ClusterRole; flags without --cluster are usage errors', async () => {
    const role = await roleText();
    assert.equal(role['kind'], 'ClusterRole');
    const verbs = new Set((role['rules'] as { verbs: string[] }[]).flatMap((r) => r.verbs));
    assert.deepEqual([...verbs].sort(), ['get', 'list']);
    const stray = await runKubeharden(['scan', '--context', 'x', '.']);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--context needs --cluster/);
    const noConfig = await runKubeharden(['scan', '--cluster'], { KUBECONFIG: '' });
    assert.equal(noConfig.code, 2);
    assert.match(noConfig.stderr, /no cluster configuration/);
  });
});

/** Findings only /version can give: the API server's own version and the kubelets' skew from it. */
const liveOnly = (f: { controlId: string; resource: { kind: string }; messageId: string }): boolean =>
  f.controlId === 'NSA-UPG-001' && (f.resource.kind === 'ApiServerVersion' || f.messageId === 'skew');

/** Controls no input of this fixture can judge either way (settings not configured, no mesh). */
const notEvaluatedAnyway = 'NSA-POD-032';

describe('every report format on a cluster scan', () => {
  it('shows the kubectl command where a file and line would be', async () => {
    const server = await startTestApiServer({
      objects: clusterFixture(),
      users: { admin: { token: ADMIN_TOKEN, groups: ['system:masters'] } },
      kubeletConfigs,
    });
    try {
      const config = await server.writeKubeconfig(tempDir('formats'), 'admin', 'prod');
      const command = 'kubectl get deployment.apps billing -n legacy -o yaml --context prod';
      const formats: Record<string, (text: string) => void> = {
        table: (text) => {
          assert.match(text, /^Cluster prod \(https:\/\/127\.0\.0\.1:\d+, v1\.32\.4\): the whole cluster; \d+ resource types read in \d+ requests/);
          assert.match(text, /\n {2}Read: .*deployments\.apps \d+/);
          assert.match(text, /\n {2}Read: .*pods \(core\) \d+/);
          assert.ok(text.includes(command));
        },
        json: (text) => {
          const report = parseReport(text);
          assert.ok(report.findings.some((f) => f.kubectl === command));
          // What the table header shows, as data.
          assert.equal(report.cluster?.context, 'prod');
          assert.match(report.cluster?.server ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
          assert.equal(report.cluster?.version, 'v1.32.4');
          assert.equal(report.cluster?.whole, true);
          assert.ok(report.cluster?.listed.some((l) => l.kind === 'apps/Deployment' && l.count > 0));
          assert.deepEqual(report.cluster?.unreadable, []);
        },
        sarif: (text) => {
          const results = (JSON.parse(text) as { runs: { results: { properties: { kubectl?: string } }[] }[] }).runs[0]?.results ?? [];
          assert.ok(results.some((r) => r.properties.kubectl === command));
        },
        junit: (text) => assert.ok(text.includes(`(live object: ${command})`)),
        markdown: (text) => {
          assert.ok(text.includes(`\`${command}\``));
          // Markdown characters escaped: \( \) \- .
          assert.match(text, /\*\*Cluster prod \\\(https:\/\/127\.0\.0\.1:\d+, v1\.32\.4\\\): the whole cluster; \d+ resource types read in \d+ requests\*\*/);
          assert.match(text, /\n- Read: /);
        },
        github: (text) => assert.ok(text.includes(`live object: ${command}`)),
        html: (text) => {
          assert.ok(text.includes(command));
          assert.match(text, /<p class="cluster-read">Cluster prod \(https:\/\/127\.0\.0\.1:\d+, v1\.32\.4\): the whole cluster; \d+ resource types read in \d+ requests\. Read: [^<]*deployments\.apps \d+/);
        },
        policyreport: (text) => assert.ok(text.includes(`kubectl: ${command}`)),
      };
      for (const [format, check] of Object.entries(formats)) {
        const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '-f', format]);
        assert.equal(run.code, 1, `${format}: ${run.stderr}`);
        check(run.stdout);
      }
    } finally {
      await server.close();
    }
  });
});

describe('the cluster fixture (test/fixtures/cluster)', () => {
  it('gives live the findings its files give, with the --print-rbac role as the scanner\'s, and names what the restricted user cannot read', async () => {
    const fixture = await loadClusterFixture();
    const role = await roleText();
    const objects = [
      ...fixture.objects.filter((o) => !(o['kind'] === 'ClusterRole' && (o['metadata'] as { name?: string }).name === 'kubeharden-scanner')),
      role,
    ];
    const server = await startTestApiServer({ ...fixture, objects });
    try {
      const dir = tempDir('fixture');
      const scannerConfig = await server.writeKubeconfig(dir, 'scanner', 'fixture');
      const before = server.requests.length;
      const live = await runKubeharden(['scan', '--cluster', '--kubeconfig', scannerConfig, '-f', 'json']);
      assert.equal(live.code, 1, live.stderr);
      const report = parseReport(live.stdout);
      assert.deepEqual(report.cluster?.unreadable, []);
      assert.deepEqual(report.controls.filter((c) => c.reason?.includes('could not read')).map((c) => c.id), []);
      assert.deepEqual([...new Set(server.requests.slice(before).map((r) => r.method))], ['GET']);
      assert.equal(report.cluster?.version, 'v1.32.4');

      // The same objects from disk: the fixture's files with the role swapped in, and the kubelet configurations.
      const configs = Object.values(fixture.kubeletConfigs).map((config) => ({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', ...config }));
      // The storefront ReplicaSet and Pod are judged live at their Deployment only; a file scan judges all three.
      const fileObjects = withoutOwned(objects);
      assert.equal(objects.length - fileObjects.length, 2);
      const disk = parseReport((await runKubeharden(['scan', writeManifests(tempDir('fixture-files'), [...fileObjects, ...configs]), '-f', 'json', '--fail-on', 'none'])).stdout);
      // A kubelet's configuration file names no object (`(unnamed)` on disk); live it is named by its node.
      const kubeletName = (text: string): string =>
        text.startsWith('NSA-') && text.includes('| KubeletConfiguration//') ? text.replace(/cp-1|worker-1|worker-2|\(unnamed\)/g, 'NODE') : text;
      const absence = new Set(['NSA-POD-031']);
      const same = (r: typeof report): string[] => r.findings.filter((f) => !absence.has(f.controlId) && !liveOnly(f)).map((f) => kubeletName(comparable(f))).sort();
      assert.deepEqual(same(report), same(disk));
      const verdicts = (r: typeof report) => r.controls.filter((c) => !absence.has(c.id) && c.id !== 'NSA-UPG-004').map((c) => `${c.id} ${c.status}`);
      assert.deepEqual(verdicts(report), verdicts(disk));

      const restrictedConfig = await server.writeKubeconfig(dir, 'restricted', 'fixture');
      const partial = await runKubeharden(['scan', '--cluster', '--kubeconfig', restrictedConfig, '-f', 'json']);
      assert.equal(partial.code, 1, partial.stderr);
      const partialReport = parseReport(partial.stdout);
      const reasons = new Map(partialReport.controls.map((c) => [c.id, c.reason ?? '']));
      assert.match(reasons.get('NSA-SEC-007') ?? '', /list secrets \(core\) at cluster scope: forbidden/);
      assert.match(reasons.get('NSA-AUTH-012') ?? '', /list clusterrolebindings\.rbac\.authorization\.k8s\.io at cluster scope: forbidden/);
      assert.match(reasons.get('NSA-NET-004') ?? '', /list networkpolicies\.networking\.k8s\.io at cluster scope: forbidden/);
      assert.match(reasons.get('NSA-UPG-001') ?? '', /list nodes \(core\) at cluster scope: forbidden/);
      // A workload kind it cannot list (Argo Rollouts) leaves every pod control unproven; what it found stays.
      assert.match(reasons.get('NSA-POD-006') ?? '', /list rollouts\.argoproj\.io at cluster scope: forbidden/);
      assert.ok(partialReport.findings.some((f) => f.controlId === 'NSA-POD-006' && f.resource.name === 'legacy-app'), 'the objects it could read were judged');
      assert.equal(partialReport.controls.find((c) => c.id === 'NSA-AUTH-001')?.status, 'failed', 'the API server flags come from the mirror pods it can read');
      assert.match(partial.stderr, /the scan is partial/);
    } finally {
      await server.close();
    }
  });
});

describe('owned objects in a cluster scan', () => {
  it('judges a workload once, at its top controller; orphans, mirror pods and objects whose owner kind is not listed are judged', async () => {
    const fixture = await loadClusterFixture();
    const server = await startTestApiServer(fixture);
    try {
      const config = await server.writeKubeconfig(tempDir('owned'), 'admin', 'fixture');
      const judged = (report: ReturnType<typeof parseReport>): string[] => report.workloads.map((w) => `${w.resource.kind}/${w.resource.namespace ?? ''}/${w.resource.name}`);
      const whole = parseReport((await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '-f', 'json'])).stdout);
      const workloads = judged(whole);
      assert.ok(workloads.includes('Deployment/shop/storefront'));
      assert.ok(!workloads.includes('ReplicaSet/shop/storefront-7d9f8b6c5d'), 'the ReplicaSet is judged at its Deployment');
      assert.ok(!workloads.includes('Pod/shop/storefront-7d9f8b6c5d-x2k4p'), 'the Pod is judged at its Deployment');
      assert.ok(!whole.findings.some((f) => f.resource.name.startsWith('storefront-7d9f8b6c5d')));
      assert.ok(workloads.includes('Pod/default/debug'), 'an orphan Pod is judged');
      assert.ok(whole.findings.some((f) => f.resource.kind === 'Pod' && f.resource.name === 'debug'));
      assert.ok(workloads.includes('Pod/kube-system/kube-apiserver-cp-1'), 'a mirror pod (owned by its Node) is judged');
      assert.deepEqual(whole.cluster?.ownedSkipped, { '/Pod': 1, 'apps/ReplicaSet': 1 });
      const table = await runKubeharden(['scan', '--cluster', '--kubeconfig', config]);
      assert.match(table.stdout, /2 owned objects \(1 Pod, 1 ReplicaSet\) judged at their controllers/);

      // Pods alone: their ReplicaSet is not read, so the Pod is judged (its evidence would be lost otherwise).
      const podsOnly = parseReport((await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '--kinds', 'pods', '-f', 'json'])).stdout);
      assert.ok(judged(podsOnly).includes('Pod/shop/storefront-7d9f8b6c5d-x2k4p'));
      assert.equal(podsOnly.cluster?.ownedSkipped, undefined);
      // ReplicaSets and Pods without Deployments: the ReplicaSet is the top controller read.
      const noDeployments = parseReport((await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '--kinds', 'replicasets,pods', '-f', 'json'])).stdout);
      assert.ok(judged(noDeployments).includes('ReplicaSet/shop/storefront-7d9f8b6c5d'));
      assert.ok(!judged(noDeployments).includes('Pod/shop/storefront-7d9f8b6c5d-x2k4p'));
      assert.deepEqual(noDeployments.cluster?.ownedSkipped, { '/Pod': 1 });
    } finally {
      await server.close();
    }
  });

  it('judges what a refused owner kind owns', async () => {
    const fixture = await loadClusterFixture();
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'no-replicasets' },
      rules: [
        { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] },
      ],
    };
    const server = await startTestApiServer({ ...fixture, objects: [...fixture.objects, ...bindClusterRole(role, 'narrow')], users: { ...fixture.users, narrow: { token: 'narrow-token' } } });
    try {
      const config = await server.writeKubeconfig(tempDir('owned-refused'), 'narrow', 'fixture');
      const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', config, '--kinds', 'deployments,replicasets,pods', '-f', 'json']);
      const report = parseReport(run.stdout);
      assert.ok(report.cluster?.unreadable.some((u) => u.kind === 'apps/ReplicaSet'), run.stderr);
      assert.ok(report.workloads.some((w) => w.resource.kind === 'Pod' && w.resource.name === 'storefront-7d9f8b6c5d-x2k4p'), 'the Pod of a ReplicaSet it could not read is judged');
    } finally {
      await server.close();
    }
  });
});

describe('kubeconfig credentials', () => {
  it('gets a token from an exec plugin, as kubectl does', async () => {
    const server = await startTestApiServer({ objects: clusterFixture(), users: { admin: { token: ADMIN_TOKEN, groups: ['system:masters'] } } });
    try {
      const dir = tempDir('exec');
      const plugin = join(dir, 'credential.mjs');
      writeFileSync(
        plugin,
        `process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: {token: ${JSON.stringify(ADMIN_TOKEN)}}}));\n`,
      );
      const kubeconfig = join(dir, 'config');
      writeFileSync(
        kubeconfig,
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'c', cluster: { server: server.url, 'certificate-authority-data': Buffer.from(server.caCertPem).toString('base64') } }],
          users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } } }],
          contexts: [{ name: 'exec', context: { cluster: 'c', user: 'u' } }],
          'current-context': 'exec',
        }),
      );
      const before = server.requests.length;
      const run = await runKubeharden(['scan', '--cluster', '--kubeconfig', kubeconfig, '-f', 'json', '--controls', 'NSA-POD-006']);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(server.requests.slice(before).every((r) => r.user === 'admin'), 'every request carried the plugin\'s token');
    } finally {
      await server.close();
    }
  });
});

describe('progress', () => {
  it('reports each resource type with its count as it is listed', async () => {
    const server = await startTestApiServer({ objects: clusterFixture(), users: { admin: { token: ADMIN_TOKEN, groups: ['system:masters'] } }, kubeletConfigs });
    try {
      const config = await server.writeKubeconfig(tempDir('progress'), 'admin', 'prod');
      const events: ProgressEvent[] = [];
      const connection = await connect({ kubeconfig: config, env: {} });
      await scanCluster(
        connection,
        { controls: builtinControls, settings: defaultSettings, failOn: 'high' },
        { qps: 100, concurrency: 2, pageSize: 2, requestTimeoutMs: 10_000, progress: (event) => events.push(event) },
      );
      const listed = events.filter((e) => e.type === 'listed').map((e) => `${e.resource}: ${e.count}`);
      assert.ok(listed.includes('pods (core): 3'), listed.join('\n'));
      assert.ok(listed.includes('deployments.apps: 2'));
      assert.ok(listed.includes('kubelet configz (nodes/proxy): 2'));
      assert.ok(listed.includes('pods (core) in kube-system (for lookups): 2'));
    } finally {
      await server.close();
    }
  });
});
