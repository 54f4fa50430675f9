import { defineControl, type ControlReport } from '../../core/control.js';
import { asArray, asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import {
  directions,
  isAllowAllRule,
  NETWORK_POLICY_KIND,
  networkPolicyView,
  peerField,
  ruleField,
  rulesOf,
  type Direction,
  type NetworkPolicyView,
} from '../../network/network-policy.js';

const specFields = new Set(['podSelector', 'ingress', 'egress', 'policyTypes']);
const ruleFields: Record<Direction, ReadonlySet<string>> = { Ingress: new Set(['from', 'ports']), Egress: new Set(['to', 'ports']) };
const peerKinds = ['podSelector', 'namespaceSelector', 'ipBlock'];

/** Names and annotations people give policies they mean to close things down. */
const restrictiveWords = /(^|[^a-z])(deny|denies|block|restrict|isolat|lock-?down|default-deny|drop|reject|zero-?trust)/i;

type MessageId = 'policyTypeTypo' | 'unknownField' | 'unknownPolicyType' | 'unknownRuleField' | 'allowAllInRestrictive' | 'emptyPeer';

export default defineControl({
  target: 'resource',
  kinds: [NETWORK_POLICY_KIND],
  meta: {
    ...catalogFields('NSA-NET-008'),
    slug: 'network-policy-well-formed',
    rationale:
      'A malformed NetworkPolicy fails open. The guidance\'s own App. E writes policyType instead of policyTypes: kubectl drops the unknown field (or refuses the object with strict validation), and the "deny all egress" policy only isolates ingress. An empty rule `- {}` allows everything in a policy meant to deny, and a peer with no selector is refused by the API server, taking the whole policy with it.',
    remediation:
      'Write policyTypes (plural) with Ingress and/or Egress; leave the rule list empty (or out) to deny; give every peer a podSelector, namespaceSelector or ipBlock.',
    messages: {
      policyTypeTypo:
        'NetworkPolicy "{{name}}" of namespace "{{namespace}}" sets spec.policyType, which Kubernetes does not know (the typo of the guidance\'s App. E): the object is refused, or the field dropped and the policy isolates {{isolates}} only. Write policyTypes.',
      unknownField: 'NetworkPolicy "{{name}}" of namespace "{{namespace}}" has an unknown field spec.{{field}}, which Kubernetes drops or refuses.',
      unknownPolicyType: 'NetworkPolicy "{{name}}" of namespace "{{namespace}}" lists policy type "{{value}}"; only Ingress and Egress exist (case matters).',
      unknownRuleField: 'NetworkPolicy "{{name}}" of namespace "{{namespace}}" has an unknown field "{{field}}" in {{direction}} rule {{index}}, which Kubernetes refuses or drops{{effect}}.',
      allowAllInRestrictive:
        'NetworkPolicy "{{name}}" of namespace "{{namespace}}" reads as restrictive ({{why}}), but its {{direction}} rule {{index}} has no peers and no ports, which allows all {{direction}} traffic.',
      emptyPeer: 'NetworkPolicy "{{name}}" of namespace "{{namespace}}" has a peer in {{direction}} rule {{index}} with none of podSelector, namespaceSelector or ipBlock.',
    },
    example: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all-egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
`,
  },
  *check(resource) {
    const policy = networkPolicyView(resource);
    const name = policy.name;
    const namespace = policy.namespace;
    const spec = asRecord(resource.object['spec']);
    if (!spec) return;
    for (const field of Object.keys(spec)) {
      if (specFields.has(field)) continue;
      if (field === 'policyType') {
        const isolated = [...policy.policyTypes].map((t) => t.toLowerCase()).join(' and ') || 'nothing';
        yield report('policyTypeTypo', { name, namespace, isolates: isolated }, ['spec', 'policyType']);
      } else {
        yield report('unknownField', { name, namespace, field }, ['spec', field]);
      }
    }
    const listed = asArray(spec['policyTypes']);
    for (let i = 0; i < listed.length; i++) {
      const value = listed[i];
      if (value !== 'Ingress' && value !== 'Egress') yield report('unknownPolicyType', { name, namespace, value: String(value) }, ['spec', 'policyTypes', i]);
    }
    for (const direction of directions) yield* ruleReports(policy, direction);
  },
});

function report(messageId: MessageId, data: Record<string, string | number>, path: (string | number)[]): ControlReport<MessageId> {
  return { messageId, data, path };
}

function* ruleReports(policy: NetworkPolicyView, direction: Direction): Iterable<ControlReport<MessageId>> {
  const name = policy.name;
  const namespace = policy.namespace;
  const field = ruleField[direction];
  const rules = rulesOf(policy, direction);
  const restrictive = restrictiveReason(policy, rules, direction);
  for (let index = 0; index < rules.length; index++) {
    const rule = asRecord(rules[index]);
    const rulePath = ['spec', field, index];
    if (!rule) continue;
    const unknown = Object.keys(rule).filter((key) => !ruleFields[direction].has(key));
    // Kubernetes drops unknown fields: what is left may be an empty rule, which allows everything.
    const known = Object.fromEntries(Object.entries(rule).filter(([key]) => ruleFields[direction].has(key)));
    const effect = isAllowAllRule(known, direction) ? `; without it the rule is empty and allows all ${field} traffic` : '';
    for (const key of unknown) yield report('unknownRuleField', { name, namespace, field: key, direction: field, index, effect }, [...rulePath, key]);
    if (restrictive && unknown.length === 0 && isAllowAllRule(rule, direction)) {
      yield report('allowAllInRestrictive', { name, namespace, why: restrictive, direction: field, index }, rulePath);
    }
    const peers = asArray(rule[peerField[direction]]);
    for (let peerIndex = 0; peerIndex < peers.length; peerIndex++) {
      const peer = asRecord(peers[peerIndex]);
      if (peer && peerKinds.some((k) => peer[k] !== undefined && peer[k] !== null)) continue;
      yield report('emptyPeer', { name, namespace, direction: field, index }, [...rulePath, peerField[direction], peerIndex]);
    }
  }
}

/**
 * Why a policy looks meant to restrict: its name or annotations say so, or next to an allow-all rule it
 * lists narrower rules that the allow-all makes pointless. A policy that only allows all (allow-all-ingress)
 * says what it does.
 */
function restrictiveReason(policy: NetworkPolicyView, rules: readonly unknown[], direction: Direction): string | undefined {
  const match = restrictiveWords.exec(policy.name);
  if (match) return `its name says "${(match[2] ?? '').toLowerCase()}"`;
  const annotations = asRecord(asRecord(policy.resource.object['metadata'])?.['annotations']) ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (typeof value === 'string' && /description|purpose|summary/i.test(key) && restrictiveWords.test(value)) {
      return `its ${key} annotation says so`;
    }
  }
  if (rules.some((r) => asRecord(r) && !isAllowAllRule(r, direction))) return `it also lists narrower ${ruleField[direction]} rules`;
  return undefined;
}
