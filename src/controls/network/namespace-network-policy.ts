import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { networkInventory, networkPolicyReads } from '../../network/namespace-network.js';
import { requireNetworkPolicies } from './support.js';

export default defineControl({
  target: 'namespace',
  reads: networkPolicyReads,
  precondition: requireNetworkPolicies,
  meta: {
    ...catalogFields('NSA-NET-006'),
    slug: 'namespace-network-policy',
    rationale:
      'A namespace without any network policy leaves all its pods open in both directions: nothing separates them from the rest of the cluster. The guidance asks for network policies in every namespace that runs workloads.',
    remediation:
      'Add NetworkPolicies to the namespace, starting with the App. E deny-all ingress and egress policies; on Cilium, a CiliumNetworkPolicy or a cluster-wide policy that selects every endpoint also counts.',
    messages: {
      noPolicy: 'Namespace "{{namespace}}" has no NetworkPolicy or CiliumNetworkPolicy, and no cluster-wide Cilium policy selects all of its pods.',
    },
    example: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-all, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
  },
  *check(namespace, { index }) {
    if (namespace.system) return;
    if (networkInventory(index).forNamespace(namespace.name).hasPolicy) return;
    yield { messageId: 'noPolicy', data: { namespace: namespace.name }, path: ['metadata', 'name'] };
  },
});
