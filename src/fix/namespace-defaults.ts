import { stringify } from 'yaml';
import type { ControlDefinition } from '../core/control.js';
import { defaultFixDefaults, type FixDefaults } from '../core/fix.js';
import type { ScanError } from '../core/report.js';
import { DEFAULT_NAMESPACE, type Resource } from '../core/resource.js';
import { asNumber, asRecord } from '../core/values.js';
import { quantityValue } from '../controls/fixes.js';
import { scan } from '../engine/scan.js';
import type { ScanSettings } from '../engine/settings.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { podTemplateLocation, toWorkloadView } from '../normalize/workload.js';

/** The controls whose failures `generate namespace-defaults` answers with new objects. */
export const NAMESPACE_DEFAULT_CONTROLS = ['NSA-NET-004', 'NSA-NET-005', 'NSA-NET-006', 'NSA-NET-010', 'NSA-NET-011', 'NSA-POD-026', 'NSA-POD-029'] as const;

export interface NamespaceDefaultsOptions {
  readonly controls: readonly ControlDefinition[];
  readonly settings: ScanSettings;
  /** LimitRange `max` per container; raised to the largest request or limit a container of the namespace has. */
  readonly max?: { readonly cpu: string; readonly memory: string };
  /** ResourceQuota `spec.hard`; raised to twice what the namespace's workloads ask for today. */
  readonly quota?: Readonly<Record<'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory', string>>;
}

export interface NamespaceDefaults {
  /** New objects, in namespace order: Namespaces, NetworkPolicies, LimitRanges, ResourceQuotas. */
  readonly objects: readonly Record<string, unknown>[];
  /** Label changes for Namespace objects the input holds (they are fixed in place by `kubeharden fix`). */
  readonly labelPatches: readonly { readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly file?: string }[];
  /** Namespaces whose LimitRange or ResourceQuota exists but is incomplete: left to the user. */
  readonly notes: readonly string[];
  readonly errors: readonly ScanError[];
}

export const defaultLimitRangeMax = { cpu: '2', memory: '2Gi' } as const;
export const defaultQuota = { 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', 'limits.memory': '16Gi' } as const;

const PSA = 'pod-security.kubernetes.io';

/** Kinds without a namespace: every other kind in the input belongs to one (default when it names none). */
const clusterScoped = new Set([
  '/Namespace', '/Node', '/PersistentVolume', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'apiextensions.k8s.io/CustomResourceDefinition', 'policy/PodSecurityPolicy',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'node.k8s.io/RuntimeClass', 'scheduling.k8s.io/PriorityClass', 'apiregistration.k8s.io/APIService', 'networking.k8s.io/IngressClass',
  'cilium.io/CiliumClusterwideNetworkPolicy', 'kyverno.io/ClusterPolicy',
]);

/**
 * What each namespace of the input lacks for the network and resource controls: default-deny ingress and
 * egress NetworkPolicies (egress to the cluster DNS allowed), a LimitRange, a ResourceQuota, and Pod
 * Security Admission labels (a new Namespace for a namespace only named; a label patch for a Namespace
 * object in the input). Judged by the controls themselves, so the output scans clean for them.
 */
export function namespaceDefaults(resources: readonly Resource[], options: NamespaceDefaultsOptions): NamespaceDefaults {
  const fixDefaults: FixDefaults = options.settings.fixDefaults ?? defaultFixDefaults;
  const report = scan(resources, {
    controls: options.controls,
    settings: options.settings,
    only: new Set(NAMESPACE_DEFAULT_CONTROLS),
    failOn: 'none',
  });
  const failed = new Map<string, Set<string>>();
  const notes: string[] = [];
  for (const finding of report.findings) {
    if (finding.resource.kind !== 'Namespace') continue;
    if (finding.status === 'warning') {
      notes.push(`${finding.resource.name}: ${finding.message}`);
      continue;
    }
    if (finding.status !== 'failed') continue;
    const set = failed.get(finding.resource.name) ?? new Set<string>();
    set.add(finding.controlId);
    failed.set(finding.resource.name, set);
  }
  const unjudged = report.controls.filter((c) => c.status === 'not-evaluated' && c.id.startsWith('NSA-NET-')).map((c) => c.id);
  const namespaceObjects = new Map<string, Resource>();
  const named = new Set<string>();
  for (const resource of resources) {
    const kind = kindKey(resource.ref.apiVersion, resource.ref.kind);
    if (kind === '/Namespace') namespaceObjects.set(resource.ref.name, resource);
    else if (!clusterScoped.has(kind)) named.add(resource.ref.namespace || DEFAULT_NAMESPACE);
  }
  const usage = namespaceUsage(resources, options.settings);
  const objects: Record<string, unknown>[] = [];
  const labelPatches: { namespace: string; labels: Record<string, string>; file?: string }[] = [];
  const wanted = { [`${PSA}/enforce`]: fixDefaults.level, [`${PSA}/audit`]: 'restricted', [`${PSA}/warn`]: 'restricted' };
  const all = [...new Set([...namespaceObjects.keys(), ...named])].sort();
  for (const name of all) {
    if (options.settings.systemNamespaces.includes(name)) continue;
    const object = namespaceObjects.get(name);
    if (!object && name !== DEFAULT_NAMESPACE) {
      objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: wanted } });
    } else {
      const labels = asRecord(asRecord(object?.object['metadata'])?.['labels']) ?? {};
      const missing = Object.fromEntries(
        Object.entries(wanted).filter(([key, value]) => {
          const current = labels[key];
          // A namespace that enforces privileged on purpose is a suggestion of `kubeharden fix`, not a default.
          if (key.endsWith('/enforce')) return current === undefined;
          return current !== value;
        }),
      );
      if (Object.keys(missing).length > 0) labelPatches.push({ namespace: name, labels: missing, ...(object?.source ? { file: object.source.document.file } : {}) });
    }
    // A control not evaluated for want of the kind (no NetworkPolicy, LimitRange or ResourceQuota in the
    // input at all) means every namespace lacks it.
    const lacks = new Set([...(failed.get(name) ?? []), ...unjudged]);
    if (lacks.has('NSA-NET-004') || lacks.has('NSA-NET-006')) objects.push(denyAll(name, 'Ingress'));
    if (lacks.has('NSA-NET-005') || lacks.has('NSA-NET-006')) objects.push(denyAll(name, 'Egress'), allowDns(name));
    const used = usage.get(name) ?? emptyUsage();
    if (lacks.has('NSA-NET-010')) objects.push(limitRange(name, fixDefaults, options.max ?? defaultLimitRangeMax, used));
    if (lacks.has('NSA-NET-011')) objects.push(resourceQuota(name, options.quota ?? defaultQuota, used));
  }
  return { objects, labelPatches, notes, errors: report.errors };
}

function denyAll(namespace: string, direction: 'Ingress' | 'Egress'): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `default-deny-${direction.toLowerCase()}`, namespace },
    spec: { podSelector: {}, policyTypes: [direction] },
  };
}

/** With egress denied, pods still need the cluster DNS: UDP and TCP 53 to kube-dns (CoreDNS keeps the label). */
function allowDns(namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-dns-egress', namespace },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  };
}

interface Usage {
  /** Largest per-container request or limit. */
  maxCpu: number;
  maxMemory: number;
  /** Sums over every container times the replicas of its workload. */
  requestsCpu: number;
  requestsMemory: number;
  limitsCpu: number;
  limitsMemory: number;
}

function emptyUsage(): Usage {
  return { maxCpu: 0, maxMemory: 0, requestsCpu: 0, requestsMemory: 0, limitsCpu: 0, limitsMemory: 0 };
}

function namespaceUsage(resources: readonly Resource[], settings: ScanSettings): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  for (const resource of resources) {
    const location = podTemplateLocation(resource, settings.podTemplates);
    const view = location && toWorkloadView(resource, location);
    if (!view) continue;
    const name = resource.ref.namespace || DEFAULT_NAMESPACE;
    const entry = usage.get(name) ?? emptyUsage();
    usage.set(name, entry);
    const replicas = asNumber(asRecord(resource.object['spec'])?.['replicas']) ?? 1;
    for (const container of view.containers) {
      if (container.role === 'ephemeral') continue;
      const resourcesOf = asRecord(container.spec['resources']);
      const requests = asRecord(resourcesOf?.['requests']);
      const limits = asRecord(resourcesOf?.['limits']);
      const value = (map: Record<string, unknown> | undefined, key: string): number => quantityValue(map?.[key]) ?? 0;
      entry.maxCpu = Math.max(entry.maxCpu, value(requests, 'cpu'), value(limits, 'cpu'));
      entry.maxMemory = Math.max(entry.maxMemory, value(requests, 'memory'), value(limits, 'memory'));
      entry.requestsCpu += replicas * value(requests, 'cpu');
      entry.requestsMemory += replicas * value(requests, 'memory');
      entry.limitsCpu += replicas * value(limits, 'cpu');
      entry.limitsMemory += replicas * value(limits, 'memory');
    }
  }
  return usage;
}

/** The larger of a configured quantity and a measured amount (written back in millicores or MiB). */
function atLeast(configured: string, measured: number, unit: 'cpu' | 'memory'): string {
  const value = quantityValue(configured) ?? 0;
  if (measured <= value) return configured;
  return unit === 'cpu' ? `${Math.ceil(measured * 1000)}m` : `${Math.ceil(measured / 2 ** 20)}Mi`;
}

/** App. F: defaults, default requests and a maximum for every container (never below what one asks for today). */
function limitRange(namespace: string, defaults: FixDefaults, max: { cpu: string; memory: string }, used: Usage): Record<string, unknown> {
  const maxCpu = atLeast(atLeast(max.cpu, quantityValue(defaults.limits.cpu) ?? 0, 'cpu'), used.maxCpu, 'cpu');
  const maxMemory = atLeast(atLeast(max.memory, quantityValue(defaults.limits.memory) ?? 0, 'memory'), used.maxMemory, 'memory');
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'default-limits', namespace },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: defaults.limits.cpu, memory: defaults.limits.memory },
          defaultRequest: { cpu: defaults.requests.cpu, memory: defaults.requests.memory },
          max: { cpu: maxCpu, memory: maxMemory },
        },
      ],
    },
  };
}

/** App. G: a quota on requests and limits, with room for twice what the namespace's workloads ask for today. */
function resourceQuota(namespace: string, quota: NonNullable<NamespaceDefaultsOptions['quota']>, used: Usage): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'default-quota', namespace },
    spec: {
      hard: {
        'requests.cpu': atLeast(quota['requests.cpu'], 2 * used.requestsCpu, 'cpu'),
        'requests.memory': atLeast(quota['requests.memory'], 2 * used.requestsMemory, 'memory'),
        'limits.cpu': atLeast(quota['limits.cpu'], 2 * used.limitsCpu, 'cpu'),
        'limits.memory': atLeast(quota['limits.memory'], 2 * used.limitsMemory, 'memory'),
      },
    },
  };
}

/** The generated objects as one YAML stream, with the label patches and notes as comments on top. */
export function renderNamespaceDefaults(result: NamespaceDefaults): string {
  const head: string[] = ['# Generated by `kubeharden generate namespace-defaults`: what each namespace lacks for the network', '# and resource controls (NSA-NET-004/005/006/010/011, NSA-POD-026/029).'];
  if (result.labelPatches.length > 0) {
    head.push('#', '# Namespaces in your files need these labels (`kubeharden fix` adds them there):');
    for (const patch of result.labelPatches) {
      const labels = Object.entries(patch.labels).map(([k, v]) => `${k}=${v}`).join(' ');
      head.push(`#   kubectl label namespace ${patch.namespace} ${labels}${patch.file ? `   # ${patch.file}` : ''}`);
    }
  }
  if (result.notes.length > 0) {
    head.push('#', '# For review (objects exist but are incomplete; not generated):');
    for (const note of result.notes) head.push(`#   ${note}`);
  }
  const documents = result.objects.map((o) => stringify(o, { lineWidth: 0 }));
  return head.join('\n') + '\n' + (documents.length > 0 ? documents.map((d) => `---\n${d}`).join('') : '# Nothing to generate: every namespace has them.\n');
}

