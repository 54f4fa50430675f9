import type { ControlEntry, Finding, ScanReport } from '../core/report.js';
import { DEFAULT_NAMESPACE, type ResourceRef } from '../core/resource.js';
import type { Reporter } from './reporter.js';
import { yamlBlock } from './yaml-emit.js';
import { controlInfo, displayPath, groupByControlAndResource, passedWorkloads, resourceKey, suppressionOf, type ControlResourceGroup } from './shared.js';

export const POLICY_REPORT_API_VERSION = 'wgpolicyk8s.io/v1alpha2';
const SOURCE = 'kubeharden';

/** Kinds Kubernetes keeps outside namespaces: their results go to the ClusterPolicyReport. */
const clusterScopedKinds = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'policy/PodSecurityPolicy', 'extensions/PodSecurityPolicy', 'node.k8s.io/RuntimeClass',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass', 'networking.k8s.io/IngressClass', 'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService', 'certificates.k8s.io/CertificateSigningRequest',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'kubeharden.io/Cluster',
]);

type Result = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

interface PolicyResult {
  source: string;
  policy: string;
  rule?: string;
  category?: string;
  severity?: string;
  result: Result;
  scored: boolean;
  message: string;
  resources?: Record<string, string>[];
  properties?: Record<string, string>;
}

/**
 * Policy Reports (`wgpolicyk8s.io/v1alpha2`, the Policy Reporter and Kyverno format) as a multi-document
 * YAML stream: one PolicyReport per namespace, then one ClusterPolicyReport for cluster-scoped objects,
 * the cluster as a whole and scan errors. One result per control and resource: `fail` when a finding
 * failed, `warn` for warnings only, `skip` when every finding was suppressed (with who and why in
 * `properties`). Passed workloads of workload and container controls are `pass` results (the report lists
 * every workload); resources that passed other controls are only counted by the report, so they are not
 * listed, and controls that were not evaluated give no result. A namespaced object without a namespace
 * is reported in `default`, where kubectl would create it. No timestamps: the output is deterministic.
 */
export const policyReportReporter: Reporter = {
  name: 'policyreport',
  fileExtension: 'yaml',
  *render(report, ctx) {
    const file = (name: string) => displayPath(name, ctx.cwd);
    const namespaces = new Map<string, PolicyResult[]>();
    const cluster: PolicyResult[] = [];
    const resultsFor = (ref: ResourceRef): PolicyResult[] => {
      const namespace = namespaceOf(ref);
      if (namespace === undefined) return cluster;
      let list = namespaces.get(namespace);
      if (!list) namespaces.set(namespace, (list = []));
      return list;
    };
    const groups = groupByControlAndResource(report.findings);
    const controls = new Map(report.controls.map((c) => [c.id, c]));
    for (const [id, list] of groups) {
      for (const group of list) resultsFor(group.resource).push(groupResult(group, controls.get(id), file));
    }
    for (const control of report.controls) {
      const list = groups.get(control.id) ?? [];
      const passed = passedWorkloads(control, report, new Set(list.map((g) => resourceKey(g.resource))));
      for (const workload of passed ?? []) {
        resultsFor(workload.resource).push({
          ...policyOf(control.id, control),
          result: 'pass',
          scored: true,
          message: `${control.title}: passed.`,
          resources: [objectReference(workload.resource)],
          ...(workload.location ? { properties: { file: file(workload.location.file), line: String(workload.location.line) } } : {}),
        });
      }
    }
    for (const error of report.errors) {
      const at = [error.file === undefined ? undefined : file(error.file), error.line, error.column].filter((x) => x !== undefined).join(':');
      cluster.push({
        source: SOURCE,
        policy: error.controlId ?? `kubeharden-${error.kind}-error`,
        result: 'error',
        scored: false,
        message: `${at ? `${at}: ` : ''}${error.message}`,
        ...(error.resource ? { resources: [objectReference(error.resource)] } : {}),
        properties: { errorKind: error.kind, ...(error.file ? { file: file(error.file) } : {}), ...(error.line ? { line: String(error.line) } : {}) },
      });
    }
    for (const namespace of [...namespaces.keys()].sort()) {
      yield* document('PolicyReport', namespace, namespaces.get(namespace) as PolicyResult[]);
    }
    yield* document('ClusterPolicyReport', undefined, cluster);
  },
};

/** The namespace whose PolicyReport holds a resource's results; undefined for the ClusterPolicyReport. */
function namespaceOf(ref: ResourceRef): string | undefined {
  if (ref.namespace) return ref.namespace;
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  return clusterScopedKinds.has(`${group}/${ref.kind}`) ? undefined : DEFAULT_NAMESPACE;
}

function policyOf(id: string, control: ControlEntry | undefined): Pick<PolicyResult, 'source' | 'policy' | 'rule' | 'category' | 'severity'> {
  const info = controlInfo(id);
  const slug = control?.slug ?? info?.slug;
  const section = control?.section ?? info?.section;
  const severity = control?.severity ?? info?.severity;
  return { source: SOURCE, policy: id, ...(slug ? { rule: slug } : {}), ...(section ? { category: section } : {}), ...(severity ? { severity } : {}) };
}

function groupResult(group: ControlResourceGroup, control: ControlEntry | undefined, file: (name: string) => string): PolicyResult {
  const findings = group.findings;
  const first = findings[0] as Finding;
  const properties: Record<string, string> = {};
  const title = control?.title ?? controlInfo(group.controlId)?.title;
  if (title) properties['title'] = title;
  const located = findings.filter((f) => f.location);
  if (located.length > 0) {
    properties['file'] = file((located[0] as Finding).location?.file ?? '');
    properties['line'] = String((located[0] as Finding).location?.line ?? '');
  } else if (first.kubectl) {
    properties['kubectl'] = first.kubectl;
  }
  properties['paths'] = unique(findings.map((f) => f.path)).join(', ');
  const containers = unique(findings.flatMap((f) => (f.container !== undefined ? [f.container] : [])));
  if (containers.length > 0) properties['containers'] = containers.join(', ');
  if (findings.length > 1) properties['findings'] = String(findings.length);
  const suppressed = findings.map(suppressionOf).find((s) => s !== undefined);
  if (suppressed) {
    properties['suppressedBy'] = suppressed.by;
    properties['suppressionReason'] = suppressed.reason;
    for (const [key, value] of Object.entries(suppressed.details)) properties[`suppression.${key}`] = value;
  }
  if (group.outcome !== 'skip') properties['remediation'] = first.remediation;
  const isCluster = group.resource.kind === 'Cluster' && group.resource.apiVersion.startsWith('kubeharden.io/');
  return {
    ...policyOf(group.controlId, control),
    result: group.outcome,
    scored: group.outcome === 'fail',
    message: unique(findings.map((f) => f.message)).join(' '),
    // A finding about the cluster as a whole has no object: a result without resources is about the report's scope.
    ...(isCluster ? {} : { resources: [objectReference(group.resource)] }),
    properties,
  };
}

function objectReference(ref: ResourceRef): Record<string, string> {
  return { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
}

function* document(kind: 'PolicyReport' | 'ClusterPolicyReport', namespace: string | undefined, results: readonly PolicyResult[]): Generator<string> {
  const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of results) summary[r.result]++;
  const head = {
    apiVersion: POLICY_REPORT_API_VERSION,
    kind,
    metadata: {
      name: reportName(namespace),
      ...(namespace !== undefined ? { namespace } : {}),
      labels: { 'app.kubernetes.io/managed-by': SOURCE },
    },
    summary,
  };
  // Strings are all double-quoted (see yaml-emit.ts): the Go YAML 1.1 readers of kubectl and Policy
  // Reporter read every value back as the string it is.
  let out = `---\n${yamlBlock(head)}results:${results.length === 0 ? ' []' : ''}\n`;
  for (const result of results) {
    out += yamlBlock([result as unknown as Record<string, string>], '  ');
    if (out.length > 1 << 16) {
      yield out;
      out = '';
    }
  }
  yield out;
}

/** A valid object name: `kubeharden-<namespace>`, or `kubeharden-cluster` for the ClusterPolicyReport. */
function reportName(namespace: string | undefined): string {
  if (namespace === undefined) return `${SOURCE}-cluster`;
  const safe = namespace.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `${SOURCE}-${safe || 'namespace'}`.slice(0, 253);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
