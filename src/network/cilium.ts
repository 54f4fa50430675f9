// CiliumNetworkPolicy (namespaced) and CiliumClusterwideNetworkPolicy, read as Cilium's default
// enforcement mode reads them: an endpoint selected by a rule with an ingress (egress) section, or with
// ingressDeny (egressDeny) rules, is in default deny for that direction unless the rule sets
// enableDefaultDeny.<direction>: false.

import type { Path } from '../core/path.js';
import { DEFAULT_NAMESPACE, type Resource } from '../core/resource.js';
import { asArray, asRecord } from '../core/values.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { parseSelector, requirementMatches, type LabelSelector, type Labels, type Requirement } from './label-selector.js';
import type { Direction } from './network-policy.js';

export const CILIUM_POLICY_KIND = 'cilium.io/CiliumNetworkPolicy';
export const CILIUM_CLUSTERWIDE_POLICY_KIND = 'cilium.io/CiliumClusterwideNetworkPolicy';

/** The labels Cilium gives every pod endpoint besides the pod's own. */
export const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const CILIUM_NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
export const CILIUM_SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';

const allowField: Record<Direction, 'ingress' | 'egress'> = { Ingress: 'ingress', Egress: 'egress' };
const denyField: Record<Direction, 'ingressDeny' | 'egressDeny'> = { Ingress: 'ingressDeny', Egress: 'egressDeny' };
const defaultDenyField: Record<Direction, 'ingress' | 'egress'> = { Ingress: 'ingress', Egress: 'egress' };

/** One rule of a Cilium policy: `spec`, or one entry of `specs`. */
export interface CiliumRule {
  readonly resource: Resource;
  /** Path of the rule in its policy: ['spec'] or ['specs', i]. */
  readonly path: Path;
  readonly clusterwide: boolean;
  /** For a CiliumNetworkPolicy: its namespace, the only one its endpointSelector can select in. */
  readonly namespace?: string;
  readonly rule: Readonly<Record<string, unknown>>;
  /** The endpointSelector with Cilium's `k8s:`/`any:` source prefixes taken off the keys. */
  readonly endpointSelector: LabelSelector;
}

export function isCiliumPolicyKind(apiVersion: string, kind: string): boolean {
  const key = kindKey(apiVersion, kind);
  return key === CILIUM_POLICY_KIND || key === CILIUM_CLUSTERWIDE_POLICY_KIND;
}

/**
 * The pod rules of a Cilium policy. Rules with a nodeSelector are host policies (they select nodes, not
 * pods) and are left out, as are rules without an endpointSelector, which Cilium refuses.
 */
export function ciliumRules(resource: Resource): CiliumRule[] {
  const clusterwide = kindKey(resource.ref.apiVersion, resource.ref.kind) === CILIUM_CLUSTERWIDE_POLICY_KIND;
  const namespace = clusterwide ? undefined : resource.ref.namespace || DEFAULT_NAMESPACE;
  const entries: [Record<string, unknown>, Path][] = [];
  const spec = asRecord(resource.object['spec']);
  if (spec) entries.push([spec, ['spec']]);
  asArray(resource.object['specs']).forEach((entry, i) => {
    const rule = asRecord(entry);
    if (rule) entries.push([rule, ['specs', i]]);
  });
  const rules: CiliumRule[] = [];
  for (const [rule, path] of entries) {
    if (rule['nodeSelector'] !== undefined && rule['nodeSelector'] !== null) continue;
    const selector = rule['endpointSelector'];
    if (selector === undefined || selector === null) continue;
    rules.push({
      resource,
      path,
      clusterwide,
      ...(namespace ? { namespace } : {}),
      rule,
      endpointSelector: withoutSourcePrefixes(parseSelector(selector)),
    });
  }
  return rules;
}

/** `k8s:app` and `any:app` both select the Kubernetes label `app`; other sources (reserved:…) stay as written. */
function withoutSourcePrefixes(selector: LabelSelector): LabelSelector {
  if (!selector.valid) return selector;
  return {
    valid: true,
    requirements: selector.requirements.map((r) => ({ ...r, key: r.key.replace(/^(k8s|any):/, '') })),
  };
}

/** The labels Cilium matches an endpoint selector against, for a pod of a namespace. */
export function endpointLabels(podLabels: Labels, namespace: string, namespaceLabels: Labels, serviceAccount: string): Labels {
  const labels: Record<string, string> = { ...podLabels, [CILIUM_NAMESPACE_LABEL]: namespace, [CILIUM_SERVICE_ACCOUNT_LABEL]: serviceAccount };
  for (const [key, value] of Object.entries(namespaceLabels)) labels[CILIUM_NAMESPACE_LABELS_PREFIX + key] = value;
  return labels;
}

/** The labels of a namespace as Cilium shows them on each of its endpoints. */
function namespaceScopedLabels(namespace: string, namespaceLabels: Labels): Labels {
  const labels: Record<string, string> = { [CILIUM_NAMESPACE_LABEL]: namespace };
  for (const [key, value] of Object.entries(namespaceLabels)) labels[CILIUM_NAMESPACE_LABELS_PREFIX + key] = value;
  return labels;
}

function isNamespaceScoped(requirement: Requirement): boolean {
  return requirement.key === CILIUM_NAMESPACE_LABEL || requirement.key.startsWith(CILIUM_NAMESPACE_LABELS_PREFIX);
}

export function selectsEndpoint(rule: CiliumRule, namespace: string, labels: Labels): boolean {
  if (rule.namespace !== undefined && rule.namespace !== namespace) return false;
  const selector = rule.endpointSelector;
  return selector.valid && selector.requirements.every((r) => requirementMatches(r, labels));
}

/**
 * The rule selects every pod of the namespace: its selector has no requirement on pod labels, and its
 * namespace requirements (io.kubernetes.pod.namespace, namespace labels) hold for this namespace.
 */
export function selectsWholeNamespace(rule: CiliumRule, namespace: string, namespaceLabels: Labels): boolean {
  if (rule.namespace !== undefined && rule.namespace !== namespace) return false;
  const selector = rule.endpointSelector;
  if (!selector.valid) return false;
  const labels = namespaceScopedLabels(namespace, namespaceLabels);
  return selector.requirements.every((r) => isNamespaceScoped(r) && requirementMatches(r, labels));
}

/** The rule may select some pod of the namespace: the namespace requirements hold, pod requirements aside. */
export function mayApplyToNamespace(rule: CiliumRule, namespace: string, namespaceLabels: Labels): boolean {
  if (rule.namespace !== undefined && rule.namespace !== namespace) return false;
  const selector = rule.endpointSelector;
  if (!selector.valid) return false;
  const labels = namespaceScopedLabels(namespace, namespaceLabels);
  return selector.requirements.every((r) => !isNamespaceScoped(r) || requirementMatches(r, labels));
}

/** The rule puts the endpoints it selects in default deny for that direction. */
export function enforces(rule: CiliumRule, direction: Direction): boolean {
  const setting = asRecord(rule.rule['enableDefaultDeny'])?.[defaultDenyField[direction]];
  if (setting === false) return false;
  if (setting === true) return true;
  return asArray(rule.rule[allowField[direction]]).length > 0 || asArray(rule.rule[denyField[direction]]).length > 0;
}

export function allowRules(rule: CiliumRule, direction: Direction): readonly unknown[] {
  return asArray(rule.rule[allowField[direction]]);
}

export function denyRules(rule: CiliumRule, direction: Direction): readonly unknown[] {
  return asArray(rule.rule[denyField[direction]]);
}

/** An allow rule with nothing in it (`- {}`): Cilium's way to enter default deny without allowing a peer. */
export function isEmptyRule(entry: unknown): boolean {
  const record = asRecord(entry);
  if (!record) return true;
  return Object.values(record).every((v) => v === undefined || v === null || (Array.isArray(v) && v.length === 0));
}

/** Default deny that allows nothing in that direction. */
export function deniesAll(rule: CiliumRule, direction: Direction): boolean {
  return enforces(rule, direction) && allowRules(rule, direction).every(isEmptyRule);
}

/** Egress peer fields that name destinations; a rule without any of them allows every destination. */
export const egressPeerFields = ['toEndpoints', 'toRequires', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toFQDNs', 'toGroups', 'toNodes'] as const;

/** Whether a Cilium rule's toPorts let TCP traffic to `port` through. */
export function ciliumPortsAllow(entry: unknown, protocol: string, port: number): boolean {
  const toPorts = asArray(asRecord(entry)?.['toPorts']);
  if (toPorts.length === 0) return true;
  return toPorts.some((portRule) => {
    const ports = asArray(asRecord(portRule)?.['ports']);
    if (ports.length === 0) return true;
    return ports.some((p) => {
      const record = asRecord(p) ?? {};
      const proto = typeof record['protocol'] === 'string' ? record['protocol'].toUpperCase() : 'ANY';
      if (proto !== 'ANY' && proto !== protocol) return false;
      const raw = record['port'];
      const first = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw === undefined ? 0 : NaN;
      if (Number.isNaN(first)) return false;
      if (first === 0) return true;
      const end = typeof record['endPort'] === 'number' ? record['endPort'] : first;
      return first <= port && port <= end;
    });
  });
}
