import type { ControlDefinition } from '../../core/control.js';
import { indexedKinds } from '../../engine/scan.js';
import type { ScanSettings } from '../../engine/settings.js';
import { KUBELET_CONFIGURATION } from '../../node/kinds.js';
import { builtinPodTemplateLocations } from '../../normalize/pod-spec-paths.js';

export const NODE_KIND = '/Node';
export const SECRET_KIND = '/Secret';
export const NAMESPACE_KIND = '/Namespace';
export const CRD_KIND = 'apiextensions.k8s.io/CustomResourceDefinition';

/**
 * Secret types a control judges, so that Secrets are listed by type (a field selector) rather than all:
 * the metadata-only list carries no `type`, and the selector is how the scan knows it without the data.
 */
export const secretTypesByControl: Readonly<Record<string, string>> = {
  'NSA-SEC-007': 'kubernetes.io/service-account-token',
};

/** What the selected controls need from a cluster, before discovery says what the cluster has. */
export interface Needs {
  /** Kinds some control judges, looks up, or (pod controls) every workload kind. */
  readonly kinds: ReadonlySet<string>;
  /** Kinds read before the scan starts: the index of lookups. */
  readonly indexed: ReadonlySet<string>;
  /** The kinds with pod templates the scan knows of before discovery (built-in and configured). */
  readonly workloadKinds: ReadonlySet<string>;
  /** Some control judges workloads: custom resources with pod templates must be found too. */
  readonly workloads: boolean;
  /** Kubelet configuration is wanted (configz through the nodes proxy). */
  readonly kubeletConfig: boolean;
  /** Secret types to list, when every control that judges Secrets needs only some types; undefined: all. */
  readonly secretTypes?: readonly string[];
  /** Controls that judge each kubelet's configuration (the ones configz feeds). */
  readonly kubeletControls: ReadonlySet<string>;
}

/** Kinds of API groups that no longer exist: never listed, nothing needs them on a live cluster. */
const goneGroups = new Set(['extensions']);

export function clusterNeeds(controls: readonly ControlDefinition[], settings: ScanSettings): Needs {
  const live = controls.filter((c) => !c.live);
  const workloadKinds = new Set([...builtinPodTemplateLocations.keys(), ...settings.podTemplates.keys()].filter((k) => !goneGroups.has(groupOfKey(k))));
  const workloads = live.some(
    (c) => c.target === 'container' || c.target === 'workload' || c.observe !== undefined || (c.target === 'resource' && c.workloads === true),
  );
  const kinds = new Set<string>();
  for (const control of live) {
    if (control.target === 'resource') for (const kind of control.kinds) kinds.add(kind);
    for (const kind of control.reads ?? []) kinds.add(kind);
  }
  if (workloads) for (const kind of workloadKinds) kinds.add(kind);
  for (const kind of indexedKinds(live)) kinds.add(kind);
  for (const kind of [...kinds]) if (goneGroups.has(groupOfKey(kind))) kinds.delete(kind);
  const kubeletConfig = kinds.has(KUBELET_CONFIGURATION);
  if (kubeletConfig) kinds.add(NODE_KIND);
  const secretJudges = live.filter((c) => c.target === 'resource' && c.kinds.includes(SECRET_KIND));
  const secretTypes = secretJudges.every((c) => secretTypesByControl[c.meta.id]) ? secretJudges.map((c) => secretTypesByControl[c.meta.id] as string) : undefined;
  return {
    kinds,
    indexed: new Set([...indexedKinds(live)].filter((k) => kinds.has(k))),
    workloadKinds,
    workloads,
    kubeletConfig,
    ...(secretTypes ? { secretTypes: [...new Set(secretTypes)].sort() } : {}),
    kubeletControls: new Set(live.filter((c) => c.meta.slug.startsWith('kubelet-')).map((c) => c.meta.id)),
  };
}

function groupOfKey(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

/**
 * The plural resource name of a kind when discovery is not at hand (--print-rbac): Kubernetes' own guess
 * (UnsafeGuessKindToResource), which every built-in kind and the CRDs the controls read follow.
 */
export function guessResource(kind: string, group = ''): string {
  const lower = kind.toLowerCase();
  // Gatekeeper names a constraint template's resource by the lowercase kind alone (k8spspcapabilities).
  if (lower === 'endpoints' || group === 'constraints.gatekeeper.sh') return lower;
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y') && !/[aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/**
 * The least a complete scan needs: get and list on every resource type the selected controls read,
 * get on nodes/proxy for each kubelet's /configz, get on the namespaces (a scan with -n reads each by
 * name), list on CustomResourceDefinitions to find custom resources with pod templates, and get on the
 * discovery and /version paths. Nothing that writes, and no verb on Secrets beyond list (metadata only).
 */
export function minimalClusterRole(needs: Needs, name = 'kubeharden-scanner'): string {
  const byGroup = new Map<string, Set<string>>();
  const add = (group: string, resource: string): void => {
    const set = byGroup.get(group) ?? new Set<string>();
    set.add(resource);
    byGroup.set(group, set);
  };
  const kinds = new Set(needs.kinds);
  kinds.add(NAMESPACE_KIND);
  if (needs.workloads) kinds.add(CRD_KIND);
  for (const key of kinds) {
    const group = groupOfKey(key);
    const kind = key.slice(key.indexOf('/') + 1);
    // Objects that only kubeharden makes from files (node file modes, kubeconfigs) are not API types.
    if (group === 'kubeharden.io' || (group === '' && kind === 'Config') || group.endsWith('.config.k8s.io') || group === 'audit.k8s.io' || group === 'apiserver.k8s.io') continue;
    add(group, guessResource(kind, group));
  }
  const lines = [
    '# The read-only permissions `kubeharden scan --cluster` needs for the selected controls (get and list only).',
    '# Secrets are listed as metadata only: kubeharden never reads their values.',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    `  name: ${name}`,
    'rules:',
  ];
  for (const group of [...byGroup.keys()].sort()) {
    const resources = [...(byGroup.get(group) as Set<string>)].sort();
    const secretsOnly: string[] = group === '' ? resources.filter((r) => r === 'secrets') : [];
    const others = resources.filter((r) => !secretsOnly.includes(r));
    if (others.length > 0) {
      lines.push(`  - apiGroups: [${JSON.stringify(group)}]`, `    resources: [${others.join(', ')}]`, '    verbs: [get, list]');
    }
    if (secretsOnly.length > 0) lines.push('  - apiGroups: [""]', '    resources: [secrets]', '    verbs: [list]');
  }
  if (needs.kubeletConfig) lines.push('  - apiGroups: [""]', '    resources: [nodes/proxy]', '    verbs: [get]');
  lines.push('  - nonResourceURLs: [/version, /api, /api/*, /apis, /apis/*]', '    verbs: [get]');
  return `${lines.join('\n')}\n`;
}
