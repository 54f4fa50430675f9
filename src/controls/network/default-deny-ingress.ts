import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { networkInventory, networkPolicyReads } from '../../network/namespace-network.js';
import { nearMissDetail, requireNetworkPolicies } from './support.js';

export default defineControl({
  target: 'namespace',
  reads: networkPolicyReads,
  precondition: requireNetworkPolicies,
  meta: {
    ...catalogFields('NSA-NET-004'),
    slug: 'default-deny-ingress',
    rationale:
      'Pods accept connections from anywhere until a NetworkPolicy selects them. A namespace-wide deny-all ingress policy makes every pod, including the ones nobody wrote a policy for, isolated by default; the allow policies then open only the flows the application needs. Without it, one compromised pod can reach every other pod of the cluster.',
    remediation:
      'Add the App. E deny-all ingress policy to the namespace, written with policyTypes: podSelector: {}, policyTypes: [Ingress], no ingress rules. Then allow the needed flows with narrower policies.',
    messages: {
      noDefaultDeny:
        'Namespace "{{namespace}}" has no default-deny ingress policy (a NetworkPolicy with podSelector: {}, policyTypes: [Ingress] and no ingress rules){{detail}}.',
    },
    example: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
  },
  *check(namespace, { index }) {
    if (namespace.system) return;
    const facts = networkInventory(index).forNamespace(namespace.name);
    if (facts.defaultDeny.Ingress) return;
    yield { messageId: 'noDefaultDeny', data: { namespace: namespace.name, detail: nearMissDetail(facts, 'Ingress') }, path: ['metadata', 'name'] };
  },
});
