import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { networkInventory, networkPolicyReads } from '../../network/namespace-network.js';
import { nearMissDetail, requireNetworkPolicies } from './support.js';

export default defineControl({
  target: 'namespace',
  reads: networkPolicyReads,
  precondition: requireNetworkPolicies,
  meta: {
    ...catalogFields('NSA-NET-005'),
    slug: 'default-deny-egress',
    rationale:
      'Pods may connect anywhere until a NetworkPolicy isolates them for egress: to other namespaces, to the cloud metadata service, to the internet. A namespace-wide deny-all egress policy, with an explicit allowance for DNS, keeps a compromised pod from exfiltrating data or moving laterally.',
    remediation:
      'Add a deny-all egress policy (podSelector: {}, policyTypes: [Egress], no egress rules) and a policy allowing DNS to the cluster resolver; then allow the flows the application needs.',
    messages: {
      noDefaultDeny:
        'Namespace "{{namespace}}" has no default-deny egress policy (a NetworkPolicy with podSelector: {}, policyTypes: [Egress] and no egress rules){{detail}}.',
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
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
`,
  },
  *check(namespace, { index }) {
    if (namespace.system) return;
    const facts = networkInventory(index).forNamespace(namespace.name);
    if (facts.defaultDeny.Egress) return;
    yield { messageId: 'noDefaultDeny', data: { namespace: namespace.name, detail: nearMissDetail(facts, 'Egress') }, path: ['metadata', 'name'] };
  },
});
