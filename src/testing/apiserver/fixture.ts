// Fixtures for the test API server: the realistic small cluster of test/fixtures/cluster (its README
// lists the problems it holds), and a generated large cluster for the benchmark.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { asRecord } from '../../core/values.js';
import { repoRoot } from '../shared-fixtures.js';
import type { TestApiServerOptions } from './index.js';

type Users = NonNullable<TestApiServerOptions['users']>;

export interface ClusterFixture {
  readonly objects: Record<string, unknown>[];
  /** By node name, what configz returns under "kubeletconfig". */
  readonly kubeletConfigs: Record<string, Record<string, unknown>>;
  readonly users: Users;
  readonly version: { readonly major: string; readonly minor: string; readonly gitVersion: string };
}

/**
 * The users of the cluster fixture: `admin` (client certificate, system:masters), `scanner` (token;
 * the read-only kubeharden-scanner ClusterRole), the kubeharden/scanner ServiceAccount (token, same
 * role), `restricted` (token; workload-viewer: no Secrets, Nodes, RBAC, CRDs or node proxy) and
 * `developer` (token, group developers: may exec into pods, read little else).
 */
export const CLUSTER_FIXTURE_USERS: Users = {
  admin: { certificate: true, groups: ['system:masters'] },
  scanner: { token: 'kubeharden-scanner-token' },
  'system:serviceaccount:kubeharden:scanner': { token: 'kubeharden-serviceaccount-token' },
  restricted: { token: 'restricted-token' },
  developer: { token: 'developer-token', groups: ['developers'] },
};

export function clusterFixtureDir(): string {
  const root = repoRoot() ?? repoRoot(process.cwd());
  if (root === undefined) throw new Error('cannot find the kubeharden repository (test/fixtures/cluster)');
  return join(root, 'test', 'fixtures', 'cluster');
}

async function yamlDocuments(file: string): Promise<Record<string, unknown>[]> {
  const documents = parseAllDocuments(await readFile(file, 'utf8'));
  const objects: Record<string, unknown>[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
    const value = asRecord(document.toJS());
    if (value !== undefined) objects.push(value);
  }
  return objects;
}

/** Loads the cluster fixture: start a server with `startTestApiServer(await loadClusterFixture())`. */
export async function loadClusterFixture(dir: string = clusterFixtureDir()): Promise<ClusterFixture> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const objects = (await Promise.all(files.map((f) => yamlDocuments(join(dir, f))))).flat();
  const kubeletConfigs: Record<string, Record<string, unknown>> = {};
  const kubeletDir = join(dir, 'kubelet');
  for (const file of (await readdir(kubeletDir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const [document] = await yamlDocuments(join(kubeletDir, file));
    if (document === undefined) continue;
    // The files are KubeletConfiguration documents (so a file scan of the folder reads them too); configz
    // answers the same fields without apiVersion and kind.
    const { apiVersion: _apiVersion, kind: _kind, ...config } = document;
    kubeletConfigs[file.replace(/\.ya?ml$/, '')] = config;
  }
  return { objects, kubeletConfigs, users: CLUSTER_FIXTURE_USERS, version: { major: '1', minor: '32', gitVersion: 'v1.32.4' } };
}

export interface ScaleFixtureOptions {
  readonly pods?: number;
  readonly deployments?: number;
  readonly namespaces?: number;
}

/**
 * A large cluster for the benchmark (default 10,000 pods, 2,000 deployments in 100 namespaces), with
 * RBAC and network policies per namespace. Pods belong to the deployments (ownerReferences, as in a
 * live cluster); every fifth deployment has a problem (privileged, no resources, a root user).
 */
export function generateScaleFixture(options: ScaleFixtureOptions = {}): Record<string, unknown>[] {
  const podCount = options.pods ?? 10_000;
  const deploymentCount = options.deployments ?? 2_000;
  const namespaceCount = options.namespaces ?? 100;
  const objects: Record<string, unknown>[] = [];
  const namespaces = Array.from({ length: namespaceCount }, (_, i) => `team-${String(i).padStart(3, '0')}`);
  namespaces.forEach((name, i) => {
    objects.push({
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...(i % 2 === 0 ? { 'pod-security.kubernetes.io/enforce': 'baseline' } : {}) } },
    });
    objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    if (i % 3 !== 0) {
      objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: name }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
    }
    objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'deployer', namespace: name }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'update', 'patch'] }] });
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'deployer', namespace: name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: name }, { kind: 'Group', name: `${name}-devs`, apiGroup: 'rbac.authorization.k8s.io' }],
    });
  });
  const template = (app: string, flawed: boolean): Record<string, unknown> => ({
    metadata: { labels: { app } },
    spec: {
      automountServiceAccountToken: flawed ? undefined : false,
      securityContext: flawed ? { runAsUser: 0 } : { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'app',
        image: flawed ? 'nginx:latest' : 'registry.k8s.io/e2e-test-images/agnhost:2.52',
        securityContext: flawed ? { privileged: true } : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        ...(flawed ? {} : { resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } } }),
      }],
    },
  });
  for (let d = 0; d < deploymentCount; d++) {
    const namespace = namespaces[d % namespaceCount]!;
    const name = `app-${String(d).padStart(5, '0')}`;
    objects.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels: { app: name } },
      spec: { replicas: Math.max(1, Math.round(podCount / deploymentCount)), selector: { matchLabels: { app: name } }, template: template(name, d % 5 === 0) },
    });
  }
  for (let p = 0; p < podCount; p++) {
    const d = p % deploymentCount;
    const namespace = namespaces[d % namespaceCount]!;
    const owner = `app-${String(d).padStart(5, '0')}`;
    const podTemplate = template(owner, d % 5 === 0);
    objects.push({
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: `${owner}-6d8f7c9b5-${p.toString(36).padStart(5, '0')}`, namespace, labels: { app: owner, 'pod-template-hash': '6d8f7c9b5' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${owner}-6d8f7c9b5`, uid: `00000000-0000-4000-8000-${String(d).padStart(12, '0')}`, controller: true }],
      },
      spec: { ...(podTemplate['spec'] as Record<string, unknown>), nodeName: `node-${p % 50}` },
      status: { phase: 'Running' },
    });
  }
  return objects;
}
