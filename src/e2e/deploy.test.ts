// kubeharden's own in-cluster manifests (deploy/) and image (Dockerfile) must pass kubeharden: every
// builtin control at default settings, with each deliberate exception declared on its object.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { loadClusterFixture } from '../testing/apiserver/fixture.js';
import { startTestApiServer } from '../testing/apiserver/index.js';
import { runKubeharden, tempDir } from '../testing/cluster-cli.js';
import type { ControlDefinition } from '../core/control.js';
import type { ScanReport } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString, asStringArray } from '../core/values.js';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { kubectlKustomize } from '../load/files.js';
import { scanPaths } from '../load/scan-paths.js';
import { builtinPodTemplateLocations } from '../normalize/pod-spec-paths.js';
import { parseManifests } from '../parse/manifests.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const deployDir = join(root, 'deploy');
const imageDockerfile = join(root, 'Dockerfile');
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const needsKubectl = kubectl ? false : 'kubectl is not on PATH: deploy/ cannot be rendered (install kubectl to run this test)';

let rendered: Promise<{ report: ScanReport; resources: Resource[] }> | undefined;
/** deploy/ rendered by kubectl kustomize and scanned with the Dockerfile, once for all tests. */
function renderedScan(): Promise<{ report: ScanReport; resources: Resource[] }> {
  rendered ??= (async () => {
    const { report } = await scanPaths([deployDir, imageDockerfile], { controls: builtinControls, settings: defaultSettings, failOn: 'low' });
    const resources = parseManifests({ path: 'deploy (kustomize)', text: await kubectlKustomize(deployDir) }).resources;
    return { report, resources };
  })();
  return rendered;
}

function find(resources: readonly Resource[], kind: string, name: string): Resource {
  const found = resources.find((r) => r.ref.kind === kind && r.ref.name === name);
  assert.ok(found, `${kind}/${name} is in deploy/`);
  return found;
}

/** The pod spec of a CronJob or DaemonSet as rendered. */
function podSpec(resource: Resource): Record<string, unknown> {
  const spec = asRecord(resource.object['spec']);
  const template = asRecord(asRecord(asRecord(spec?.['jobTemplate'])?.['spec'])?.['template']) ?? asRecord(spec?.['template']);
  return asRecord(template?.['spec']) ?? {};
}

const containersOf = (spec: Record<string, unknown>): Record<string, unknown>[] =>
  [...asArray(spec['initContainers']), ...asArray(spec['containers'])].map((c) => asRecord(c) ?? {});

/** Every deliberate exception of deploy/, as `Kind/name CONTROL` (NSA-POD-025 and NSA-SEC-006 arrive with the RBAC controls). */
const documentedExceptions = [
  'Namespace/kubeharden-node NSA-POD-026',
  'DaemonSet/kubeharden-node-scan NSA-POD-001',
  'DaemonSet/kubeharden-node-scan NSA-POD-002',
  'DaemonSet/kubeharden-node-scan NSA-POD-010',
  'DaemonSet/kubeharden-node-scan NSA-POD-021',
  'CronJob/kubeharden-cluster-scan NSA-POD-023',
  'CronJob/kubeharden-cluster-scan NSA-POD-025',
  'ClusterRoleBinding/kubeharden-secret-metadata NSA-SEC-006',
];

describe('deploy/ and the Dockerfile, scanned by kubeharden', { skip: needsKubectl }, () => {
  it('give no unsuppressed failed finding with every builtin control at default settings', async (t: TestContext) => {
    const { report } = await renderedScan();
    assert.deepEqual(report.errors, []);
    const failed = report.findings.filter((f) => f.status === 'failed');
    assert.deepEqual(failed.map((f) => `${f.controlId} ${f.resource.kind}/${f.resource.name} ${f.path}: ${f.message}`), []);
    assert.deepEqual(report.controls.filter((c) => c.status === 'failed').map((c) => c.id), []);
    for (const f of report.findings.filter((f) => f.status === 'warning')) t.diagnostic(`warning ${f.controlId} ${f.resource.kind}/${f.resource.name}: ${f.message}`);
  });

  it('declare every exception on its object, with a reason', async () => {
    const { report } = await renderedScan();
    const suppressed = report.findings.filter((f) => f.status === 'suppressed');
    assert.ok(suppressed.length > 0);
    for (const f of suppressed) {
      assert.equal(f.suppression?.by, 'annotation');
      assert.ok((f.suppression?.reason.length ?? 0) > 40 && f.suppression?.reason !== 'no reason given', `${f.controlId} on ${f.resource.name}: ${f.suppression?.reason}`);
    }
    // Exactly the exceptions the README lists: the node scanner's host access, the cluster scanner's
    // token and Secret listing. Each one whose control is built in must show up.
    const declared = new Set(suppressed.map((f) => `${f.resource.kind}/${f.resource.name} ${f.controlId}`));
    assert.deepEqual([...declared].filter((d) => !documentedExceptions.includes(d)), [], 'exceptions the README does not list');
    const implemented = new Set(builtinControls.map((c) => c.meta.id as string));
    const expected = documentedExceptions.filter((d) => implemented.has(d.split(' ')[1] as string));
    assert.deepEqual(expected.filter((d) => !declared.has(d)), [], 'documented exceptions that no longer suppress anything');
  });

  it('build the kubeharden image as a numeric non-root user on digest-pinned bases (NSA-POD-004 passes)', async () => {
    const { report } = await renderedScan();
    const entry = report.controls.find((c) => c.id === 'NSA-POD-004');
    assert.deepEqual([entry?.status, entry?.evaluated], ['passed', 1]);
    assert.deepEqual(report.findings.filter((f) => f.resource.kind === 'Dockerfile'), [], 'not even a warning on the Dockerfile');
  });

  it('run the cluster scan read-only, restricted, bounded, with its results as PolicyReports and in its log', async () => {
    const { resources } = await renderedScan();
    const cronJob = find(resources, 'CronJob', 'kubeharden-cluster-scan');
    const spec = podSpec(cronJob);
    const scan = containersOf(spec).find((c) => c['name'] === 'scan');
    const args = asStringArray(scan?.['args']);
    for (const arg of ['--cluster', '--format=policyreport', '--format=table', '--fail-on=none']) assert.ok(args.includes(arg), arg);
    assert.equal(spec['automountServiceAccountToken'], true);
    assert.equal(spec['serviceAccountName'], 'kubeharden');
    for (const container of containersOf(spec)) {
      const limits = asRecord(asRecord(container['resources'])?.['limits']);
      assert.ok(limits?.['cpu'] && limits['memory'], `${String(container['name'])} has limits`);
      assert.equal(asRecord(container['securityContext'])?.['readOnlyRootFilesystem'], true);
    }
    const namespace = find(resources, 'Namespace', 'kubeharden');
    assert.equal(asRecord(asRecord(namespace.object['metadata'])?.['labels'])?.['pod-security.kubernetes.io/enforce'], 'restricted');
  });

  it('run the node scan on every node, as root only where it must, on read-only host mounts, without token or network', async () => {
    const { resources } = await renderedScan();
    const daemonSet = find(resources, 'DaemonSet', 'kubeharden-node-scan');
    const spec = podSpec(daemonSet);
    assert.equal(spec['automountServiceAccountToken'], false);
    assert.ok(asArray(spec['tolerations']).some((t) => asRecord(t)?.['operator'] === 'Exists'), 'tolerates the control-plane taints');
    const scan = containersOf(spec).find((c) => c['name'] === 'scan') ?? {};
    assert.ok(asStringArray(scan['args']).includes('--node') && asStringArray(scan['args']).includes('--root=/host'));
    const hostPaths = asArray(spec['volumes']).map((v) => asRecord(v) ?? {}).filter((v) => asRecord(v['hostPath']));
    assert.ok(hostPaths.length >= 3);
    for (const container of containersOf(spec)) {
      const context = asRecord(container['securityContext']) ?? {};
      assert.deepEqual(asStringArray(asRecord(context['capabilities'])?.['drop']), ['ALL']);
      assert.equal(context['allowPrivilegeEscalation'], false);
      for (const mount of asArray(container['volumeMounts']).map((m) => asRecord(m) ?? {})) {
        if (hostPaths.some((v) => v['name'] === mount['name'])) assert.equal(mount['readOnly'], true, `${String(mount['name'])} is read-only`);
      }
      if (container['name'] !== 'scan') assert.notEqual(context['runAsUser'], 0, 'only the scan container runs as root');
    }
    // The node scanner's namespace denies all traffic, and nothing else opens it.
    const policies = resources.filter((r) => r.ref.kind === 'NetworkPolicy' && r.ref.namespace === 'kubeharden-node');
    assert.deepEqual(policies.map((p) => [p.ref.name, asRecord(p.object['spec'])?.['egress'] ?? null, asRecord(p.object['spec'])?.['ingress'] ?? null]), [['default-deny-all', null, null]]);
  });
});

/** Groups whose kinds are files kubeharden reads, never API resources (node and control-plane configuration, Dockerfiles). */
const fileOnlyGroup = (group: string): boolean =>
  group === 'kubeharden.io' || group.endsWith('.config.k8s.io') || group === 'apiserver.k8s.io' || group === 'audit.k8s.io';
/** Kinds no supported Kubernetes version serves any more: a scan cannot list them. */
const notServed = (group: string, kind: string): boolean => group === 'extensions' || (group === 'policy' && kind === 'PodSecurityPolicy');
/**
 * Controls that judge how a manifest is written rather than what a live object is: a cluster serves every
 * object at a current version, so NSA-UPG-004 (removed API versions) lists nothing from the cluster.
 */
const writtenFormOnly = new Set(['NSA-UPG-004']);

/** `group/Kind` -> the API resource RBAC names (NetworkPolicy -> networkpolicies, Ingress -> ingresses). */
function resourceName(kind: string, group: string): string {
  const lower = kind.toLowerCase();
  // Gatekeeper makes each constraint template's CRD with the lowercase kind as its plural.
  if (group === 'constraints.gatekeeper.sh') return lower;
  if (/[^aeiou]y$/.test(lower)) return lower.slice(0, -1) + 'ies';
  if (/(s|x|ch|sh)$/.test(lower)) return lower + 'es';
  return lower + 's';
}

/** Every `group/resource` a cluster scan lists for the given controls. */
function clusterReads(controls: readonly ControlDefinition[]): Set<string> {
  const kinds = new Set<string>(builtinPodTemplateLocations.keys());
  for (const control of controls) {
    for (const kind of control.reads ?? []) kinds.add(kind);
    if (control.target === 'resource' && !writtenFormOnly.has(control.meta.id)) for (const kind of control.kinds) kinds.add(kind);
  }
  const reads = new Set<string>();
  for (const key of kinds) {
    const slash = key.indexOf('/');
    const group = key.slice(0, slash);
    const kind = key.slice(slash + 1);
    if (fileOnlyGroup(group) || notServed(group, kind) || key === '/Config') continue;
    reads.add(`${group}/${resourceName(kind, group)}`);
  }
  return reads;
}

/**
 * What the network (NSA-NET-004..017), RBAC (NSA-AUTH, NSA-SEC-006) and upgrade/Secrets (NSA-UPG,
 * NSA-SEC-005/007) controls read, which are being merged: once they are, clusterReads finds these
 * itself and the list can go.
 */
const readByControlsBeingMerged = [
  '/configmaps', '/limitranges', '/nodes', '/resourcequotas', '/secrets', '/services',
  'cilium.io/ciliumclusterwidenetworkpolicies', 'cilium.io/ciliumnetworkpolicies',
  'gateway.networking.k8s.io/gateways', 'gateway.networking.k8s.io/httproutes',
  'networking.k8s.io/ingresses', 'networking.k8s.io/networkpolicies',
  'rbac.authorization.k8s.io/clusterrolebindings', 'rbac.authorization.k8s.io/clusterroles',
  'rbac.authorization.k8s.io/rolebindings', 'rbac.authorization.k8s.io/roles',
];

/** `group/resource verb` (or `url verb`) for every permission some rules grant. */
function grants(rules: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  for (const rule of rules.map((r) => asRecord(r) ?? {})) {
    assert.equal(rule['resourceNames'], undefined);
    const verbs = asStringArray(rule['verbs']);
    for (const url of asStringArray(rule['nonResourceURLs'])) for (const verb of verbs) out.add(`${url} ${verb}`);
    for (const group of asStringArray(rule['apiGroups'])) {
      for (const resource of asStringArray(rule['resources'])) for (const verb of verbs) out.add(`${group}/${resource} ${verb}`);
    }
  }
  return out;
}

/** The ClusterRoles bound to the CronJob's ServiceAccount that read (every one but the report writer). */
const readRoles = ['kubeharden-reader', 'kubeharden-secret-metadata', 'kubeharden-kubelet-config'];

describe('deploy/ RBAC', { skip: needsKubectl }, () => {
  it('grants the cluster scan exactly what `scan --cluster --print-rbac` prints for the builtin controls, Secrets list only, no other verb', async () => {
    const { resources } = await renderedScan();
    const granted = new Set(readRoles.flatMap((name) => [...grants(asArray(find(resources, 'ClusterRole', name).object['rules']))]));
    // The role the CLI prints, through the CLI: a control that needs a new kind or path changes it, and this fails.
    const printed = await runKubeharden(['scan', '--cluster', '--print-rbac']);
    assert.equal(printed.code, 0, printed.stderr);
    const needed = grants(asArray(asRecord(parse(printed.stdout))?.['rules']));
    assert.deepEqual([...needed].filter((p) => !granted.has(p)).sort(), [], 'deploy/ grants every permission the printed role holds');
    assert.deepEqual([...granted].filter((p) => !needed.has(p)).sort(), [], 'deploy/ grants nothing the scan does not need');
    // The printed role follows the controls: it holds what the controls read, as counted independently here.
    const wanted = clusterReads(builtinControls);
    for (const read of readByControlsBeingMerged) wanted.add(read);
    for (const read of wanted) assert.ok(needed.has(`${read} list`), `the printed role lists ${read}`);
    for (const permission of granted) {
      const verb = permission.slice(permission.lastIndexOf(' ') + 1);
      assert.ok(verb === 'get' || verb === 'list', permission);
    }
    assert.ok(!granted.has('/secrets get'), 'Secrets are listed as metadata, never got');
    const writer = asArray(find(resources, 'ClusterRole', 'kubeharden-report-writer').object['rules']).map((r) => asRecord(r) ?? {});
    assert.deepEqual(writer.flatMap((r) => asStringArray(r['apiGroups'])), ['wgpolicyk8s.io']);
    assert.ok(writer.every((r) => !asStringArray(r['verbs']).some((v) => ['delete', 'deletecollection', '*', 'escalate', 'bind'].includes(v))));
    const bindings = resources.filter((r) => r.ref.kind === 'ClusterRoleBinding');
    assert.deepEqual(bindings.map((b) => asString(asRecord(b.object['roleRef'])?.['name'])).sort(), [...readRoles, 'kubeharden-report-writer'].sort());
    for (const binding of bindings) {
      assert.deepEqual(
        asArray(binding.object['subjects']).map((s) => `${asString(asRecord(s)?.['kind'])}/${asString(asRecord(s)?.['namespace'])}/${asString(asRecord(s)?.['name'])}`),
        ['ServiceAccount/kubeharden/kubeharden'],
      );
    }
  });

  it('runs the CronJob\'s own command line, with its own RBAC, against the test API server: a complete scan written as PolicyReports', async () => {
    const { resources } = await renderedScan();
    const scan = containersOf(podSpec(find(resources, 'CronJob', 'kubeharden-cluster-scan'))).find((c) => c['name'] === 'scan');
    const reports = tempDir('deploy-cronjob');
    // The container's arguments as written, the output redirected from the pod's volume to a temp dir,
    // and the kubeconfig standing for the pod's mounted ServiceAccount token.
    const args = asStringArray(scan?.['args']).map((arg) => arg.replace(/^--output=\/reports\//, `--output=${reports}/`));
    assert.ok(args.some((arg) => arg.startsWith(`--output=${reports}/`)), 'the scan writes to the reports volume');
    const roles = resources.filter((r) => r.ref.kind === 'ClusterRole' || r.ref.kind === 'ClusterRoleBinding').map((r) => r.object);
    const fixture = await loadClusterFixture();
    const account = 'system:serviceaccount:kubeharden:kubeharden';
    const server = await startTestApiServer({ ...fixture, objects: [...fixture.objects, ...roles], users: { ...fixture.users, [account]: { token: 'deploy-token' } } });
    try {
      const kubeconfig = await server.writeKubeconfig(reports, account, 'in-cluster');
      const run = await runKubeharden([...args, '--kubeconfig', kubeconfig]);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /partial|forbidden/);
      assert.match(run.stdout, /Cluster in-cluster/, 'the table goes to the log');
      const written = parseAllDocuments(readFileSync(join(reports, 'policyreports.yaml'), 'utf8')).map((d) => asRecord(d.toJS()));
      assert.ok(written.some((d) => d?.['kind'] === 'ClusterPolicyReport'));
      assert.ok(written.every((d) => d?.['apiVersion'] === 'wgpolicyk8s.io/v1alpha2'));
    } finally {
      await server.close();
    }
  });
});
