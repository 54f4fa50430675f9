import { defineControl } from '../../core/control.js';
import { asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { endpointLabels, enforces, selectsEndpoint, type CiliumRule } from '../../network/cilium.js';
import { labelsOf, type Labels } from '../../network/label-selector.js';
import { networkInventory, networkPolicyReads, type NamespaceNetwork } from '../../network/namespace-network.js';
import type { WorkloadView } from '../../normalize/workload.js';
import { directions, isolates, selectsPod, type Direction } from '../../network/network-policy.js';
import { DEFAULT_NAMESPACE } from '../../core/resource.js';
import { joinWords, requireNetworkPolicies } from './support.js';

export default defineControl({
  target: 'workload',
  reads: networkPolicyReads,
  precondition: requireNetworkPolicies,
  meta: {
    ...catalogFields('NSA-NET-007'),
    slug: 'workload-network-isolation',
    rationale:
      'A pod is isolated in a direction only once a policy of its namespace selects it for that direction; until then it accepts connections from anywhere and connects anywhere. The guidance asks that unselected pods be isolated, in both directions: an ingress-only policy still lets a compromised pod exfiltrate data and reach the cloud metadata service.',
    remediation:
      'Select the pods with NetworkPolicies of their namespace for both Ingress and Egress (a namespace-wide deny-all does it for every pod), then allow the flows the workload needs.',
    messages: {
      notIsolated: '{{kind}} "{{name}}" in namespace "{{namespace}}" is not isolated for {{directions}}: {{why}}.',
    },
    example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: registry.example.com/api:2.3.1}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]
  egress: [{to: [{podSelector: {matchLabels: {app: postgres}}}], ports: [{port: 5432}]}]
`,
  },
  *check(workload, { index, settings }) {
    const namespace = workload.namespace || DEFAULT_NAMESPACE;
    if (settings.systemNamespaces.includes(namespace)) return;
    const inventory = networkInventory(index);
    const facts = inventory.forNamespace(namespace);
    const labels = labelsOf(workload.podMetadata['labels']);
    const selecting = facts.policies.filter((p) => selectsPod(p, labels));
    const ciliumSelecting = facts.ciliumRules.length === 0 ? [] : selectingCiliumRules(workload, namespace, labels, facts);
    const missing = directions.filter(
      (direction: Direction) => !selecting.some((p) => isolates(p, direction)) && !ciliumSelecting.some((r) => enforces(r, direction)),
    );
    if (missing.length === 0) return;
    const names = [...selecting.map((p) => `"${p.name}"`), ...new Set(ciliumSelecting.map((r) => `"${r.resource.ref.name}"`))];
    const why =
      names.length === 0
        ? 'no policy of its namespace selects its pods'
        : `the ${names.length === 1 ? 'policy' : 'policies'} selecting its pods (${joinWords(names)}) ${names.length === 1 ? 'does' : 'do'} not cover ${joinWords(missing.map((d) => d.toLowerCase()))}`;
    const { kind, name } = workload.resource.ref;
    yield {
      messageId: 'notIsolated',
      data: { kind, name, namespace, directions: joinWords(missing.map((d) => d.toLowerCase())), why },
      path: [...workload.podMetadataPath, 'labels'],
    };
  },
});

/** The Cilium rules of the namespace that select the workload's pods, matched on the labels Cilium gives its endpoints. */
function selectingCiliumRules(workload: WorkloadView, namespace: string, labels: Labels, facts: NamespaceNetwork): CiliumRule[] {
  const serviceAccount = asString(workload.podSpec['serviceAccountName']) ?? asString(workload.podSpec['serviceAccount']) ?? 'default';
  const ciliumLabels = endpointLabels(labels, namespace, facts.labels, serviceAccount);
  return facts.ciliumRules.filter((r) => selectsEndpoint(r, namespace, ciliumLabels));
}
