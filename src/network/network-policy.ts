import type { Path } from '../core/path.js';
import { DEFAULT_NAMESPACE, type Resource } from '../core/resource.js';
import { asArray, asRecord, asString } from '../core/values.js';
import { parseSelector, selectorMatches, selectsEverything, type LabelSelector, type Labels } from './label-selector.js';

export type Direction = 'Ingress' | 'Egress';
export const directions: readonly Direction[] = ['Ingress', 'Egress'];

/** The key of a direction's rule list in a NetworkPolicy spec. */
export const ruleField: Record<Direction, 'ingress' | 'egress'> = { Ingress: 'ingress', Egress: 'egress' };
/** The key of the peer list in a rule of that direction. */
export const peerField: Record<Direction, 'from' | 'to'> = { Ingress: 'from', Egress: 'to' };

export const NETWORK_POLICY_KIND = 'networking.k8s.io/NetworkPolicy';

/** A networking.k8s.io NetworkPolicy as the API server stores it, after defaulting. */
export interface NetworkPolicyView {
  readonly resource: Resource;
  readonly namespace: string;
  readonly name: string;
  readonly spec: Readonly<Record<string, unknown>>;
  /** A missing podSelector reads as {}, as the API server defaults it. */
  readonly podSelector: LabelSelector;
  readonly selectsAllPods: boolean;
  /** spec.policyTypes, or what the API server defaults it to when the field is absent or empty. */
  readonly policyTypes: ReadonlySet<Direction>;
  readonly policyTypesDefaulted: boolean;
}

export function networkPolicyView(resource: Resource): NetworkPolicyView {
  const rawSpec = resource.object['spec'];
  // A missing spec decodes to the zero spec (podSelector {}: deny all ingress); a spec that is not an object
  // does not decode at all, and the API server refuses the policy: it selects nothing.
  const refused = rawSpec !== undefined && rawSpec !== null && !asRecord(rawSpec);
  const spec = asRecord(rawSpec) ?? {};
  const rawSelector = spec['podSelector'];
  const podSelector: LabelSelector = refused
    ? { valid: false, reason: 'spec is not an object' }
    : rawSelector === undefined || rawSelector === null
      ? parseSelector({})
      : parseSelector(rawSelector);
  const { types, defaulted } = refused ? { types: new Set<Direction>(), defaulted: false } : effectivePolicyTypes(spec);
  return {
    resource,
    namespace: resource.ref.namespace || DEFAULT_NAMESPACE,
    name: resource.ref.name,
    spec,
    podSelector,
    selectsAllPods: selectsEverything(podSelector),
    policyTypes: types,
    policyTypesDefaulted: defaulted,
  };
}

/**
 * The API server defaults an absent or empty policyTypes to Ingress, plus Egress when the policy has at least
 * one egress rule (an empty `egress: []` does not count). Unknown entries are ignored here (the API server
 * rejects them; NSA-NET-008 reports them).
 */
export function effectivePolicyTypes(spec: Readonly<Record<string, unknown>>): { types: Set<Direction>; defaulted: boolean } {
  const listed = asArray(spec['policyTypes']);
  if (listed.length === 0) {
    const types = new Set<Direction>(['Ingress']);
    if (asArray(spec['egress']).length > 0) types.add('Egress');
    return { types, defaulted: true };
  }
  return { types: new Set(listed.filter((t): t is Direction => t === 'Ingress' || t === 'Egress')), defaulted: false };
}

export function rulesOf(view: NetworkPolicyView, direction: Direction): readonly unknown[] {
  return asArray(view.spec[ruleField[direction]]);
}

/** The policy isolates the pods it selects in that direction (whatever its rules then allow). */
export function isolates(view: NetworkPolicyView, direction: Direction): boolean {
  return view.policyTypes.has(direction);
}

/**
 * App. E's deny-all: selects every pod of its namespace, isolates them in that direction, and allows nothing
 * (the rule list is absent or empty).
 */
export function isDefaultDeny(view: NetworkPolicyView, direction: Direction): boolean {
  return view.selectsAllPods && isolates(view, direction) && rulesOf(view, direction).length === 0;
}

export function selectsPod(view: NetworkPolicyView, labels: Labels): boolean {
  return selectorMatches(view.podSelector, labels);
}

/**
 * A rule that allows all traffic in its direction: no peers (from/to absent or empty) and no ports. `- {}`
 * is the usual way to write it, often by mistake for "nothing".
 */
export function isAllowAllRule(rule: unknown, direction: Direction): boolean {
  const record = asRecord(rule);
  if (!record) return false;
  return asArray(record[peerField[direction]]).length === 0 && asArray(record['ports']).length === 0;
}

/** One port entry of a rule: protocol defaults to TCP; no port means every port. */
export interface PortRange {
  readonly protocol: string;
  /** Undefined: every port. */
  readonly from?: number;
  readonly to?: number;
  /** A named port: matches a container port of a destination pod, never an address outside the cluster. */
  readonly name?: string;
}

export function portRanges(rule: unknown): readonly PortRange[] | 'all' {
  const ports = asArray(asRecord(rule)?.['ports']);
  if (ports.length === 0) return 'all';
  return ports.map((entry) => {
    const port = asRecord(entry) ?? {};
    const protocol = asString(port['protocol']) ?? 'TCP';
    const value = port['port'];
    if (typeof value === 'number') {
      const end = typeof port['endPort'] === 'number' ? port['endPort'] : value;
      return { protocol, from: value, to: end };
    }
    if (typeof value === 'string' && value !== '') return { protocol, name: value };
    return { protocol };
  });
}

/** Whether a rule's ports let traffic to `port`/`protocol` of an address (not a pod) through. */
export function rulePortsAllow(rule: unknown, protocol: string, port: number): boolean {
  const ranges = portRanges(rule);
  if (ranges === 'all') return true;
  return ranges.some(
    (r) => r.protocol === protocol && r.name === undefined && (r.from === undefined || (r.from <= port && port <= (r.to ?? r.from))),
  );
}

/** The peers of a rule, with their paths from the policy's root. */
export function* peersOf(view: NetworkPolicyView, direction: Direction): Iterable<{ rule: unknown; ruleIndex: number; peer: unknown; peerIndex: number; path: Path }> {
  const rules = rulesOf(view, direction);
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
    const rule = rules[ruleIndex];
    const peers = asArray(asRecord(rule)?.[peerField[direction]]);
    for (let peerIndex = 0; peerIndex < peers.length; peerIndex++) {
      yield {
        rule,
        ruleIndex,
        peer: peers[peerIndex],
        peerIndex,
        path: ['spec', ruleField[direction], ruleIndex, peerField[direction], peerIndex],
      };
    }
  }
}
