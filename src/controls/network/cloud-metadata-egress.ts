import { defineControl, type ControlReport } from '../../core/control.js';
import { formatPath } from '../../core/path.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { AddressRange } from '../../network/cidr.js';
import { ciliumDenyCovers, ciliumRulesReaching, networkPolicyRulesReaching, type ReachingRule } from '../../network/egress-reach.js';
import { selectsWholeNamespace } from '../../network/cilium.js';
import { networkInventory, networkPolicyReads } from '../../network/namespace-network.js';
import { formatTarget, joinWords, metadataTargets, requireNetworkPolicies } from './support.js';

/** AWS, GCP, Azure, OpenStack and Alibaba serve instance metadata over plain HTTP on port 80. */
export const METADATA_PORT = 80;

type MessageId = 'unisolated' | 'allowedByRule';

export default defineControl({
  target: 'namespace',
  reads: networkPolicyReads,
  precondition(ctx) {
    if (metadataTargets(ctx.settings.metadataAddresses).length === 0) {
      return { status: 'not-evaluated', reason: 'no valid cloud metadata address is configured (--metadata-addresses)' };
    }
    return requireNetworkPolicies(ctx);
  },
  meta: {
    ...catalogFields('NSA-NET-009'),
    slug: 'cloud-metadata-egress',
    rationale:
      'The cloud metadata service hands out the node\'s cloud credentials to whoever asks from the node, pods included. A compromised pod that reaches 169.254.169.254 can take over the node\'s cloud identity. Pods must be isolated for egress, and no egress rule may open the metadata address.',
    remediation:
      'Isolate every pod for egress (a namespace-wide deny-all egress policy) and write internet allowances as ipBlock {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}; on the cloud side, require IMDSv2 with a hop limit of 1, or use Workload Identity.',
    messages: {
      unisolated:
        'Pods of namespace "{{namespace}}" can reach the cloud metadata service ({{addresses}}): no policy isolates all of them for egress.',
      allowedByRule:
        '{{kind}} "{{policy}}" lets pods of namespace "{{namespace}}" reach the cloud metadata service {{addresses}}: {{rule}} allows {{allows}} without excepting it.',
    },
    example: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-https-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: checkout}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32, 10.0.0.0/8]}}]
      ports: [{port: 443}]
`,
  },
  *check(namespace, { index, settings }): Iterable<ControlReport<MessageId>> {
    if (namespace.system) return;
    const targets = metadataTargets(settings.metadataAddresses);
    const facts = networkInventory(index).forNamespace(namespace.name);
    if (!facts.isolatesAllPods.Egress) {
      yield {
        messageId: 'unisolated',
        data: { namespace: namespace.name, addresses: joinWords(targets.map(formatTarget)) },
        path: ['metadata', 'name'],
      };
      return;
    }
    // An egressDeny of a Cilium rule over the whole namespace blocks the address whatever else allows it.
    const denied = (target: AddressRange): boolean =>
      facts.ciliumRules.some((r) => selectsWholeNamespace(r, namespace.name, facts.labels) && ciliumDenyCovers(r, target, METADATA_PORT));
    const open = targets.filter((t) => !denied(t));
    const reaching: ReachingRule[] = [
      ...facts.policies.flatMap((p) => networkPolicyRulesReaching(p, open, METADATA_PORT)),
      ...facts.ciliumRules.flatMap((r) => ciliumRulesReaching(r, open, METADATA_PORT)),
    ];
    // One finding per rule or peer, naming every address it reaches.
    const byPlace = new Map<string, ReachingRule[]>();
    for (const r of reaching) {
      const key = `${r.resource.id}\u0000${formatPath(r.path)}`;
      byPlace.set(key, [...(byPlace.get(key) ?? []), r]);
    }
    for (const group of byPlace.values()) {
      const first = group[0] as ReachingRule;
      yield {
        messageId: 'allowedByRule',
        data: {
          kind: first.resource.ref.kind,
          policy: first.resource.ref.name,
          namespace: namespace.name,
          addresses: joinWords([...new Set(group.map((r) => formatTarget(r.target)))]),
          rule: ruleName(first),
          allows: first.allows,
        },
        path: first.path,
        subject: first.resource,
      };
    }
  },
});

/** "egress rule 2" (of spec, or of specs[1] in a Cilium policy). */
function ruleName(reaching: ReachingRule): string {
  const at = reaching.path.indexOf('egress');
  const index = reaching.path[at + 1];
  const owner = reaching.path[0] === 'specs' ? ` of specs[${String(reaching.path[1])}]` : '';
  return `egress rule ${String(index)}${owner}`;
}
