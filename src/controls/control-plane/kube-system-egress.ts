import { defineControl } from '../../core/control.js';
import { inferredNamespace } from '../../core/resource.js';
import { catalogFields } from '../../guidance/lookup.js';
import { ciliumRestrictsEgress, networkPolicyRestrictsEgress } from '../../network/egress-reach.js';
import { networkInventory, networkPolicyReads } from '../../network/namespace-network.js';

const KUBE_SYSTEM = 'kube-system';

export default defineControl({
  target: 'cluster',
  wholeClusterOnly: true,
  reads: networkPolicyReads,
  meta: {
    ...catalogFields('NSA-CP-014'),
    slug: 'kube-system-egress',
    rationale:
      'kube-system runs the most privileged pods of the cluster: DNS, the CNI, cloud controllers, often with host access and cloud credentials. The guidance asks for network policies on it too (p.15). Without an egress policy there, a compromised add-on can send what it holds anywhere on the internet.',
    remediation:
      'Add a NetworkPolicy (or Cilium policy) in kube-system that isolates its pods for egress and allows only what they need: the API server, node and pod networks, DNS upstreams, the cloud APIs the controllers call.',
    messages: {
      unrestricted: 'No NetworkPolicy in kube-system restricts egress: its pods can reach the internet unhindered.',
    },
    example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-in-cluster, namespace: kube-system}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8}}, {namespaceSelector: {}}]
`,
  },
  *check(cluster, { index }) {
    const facts = networkInventory(index).forNamespace(KUBE_SYSTEM);
    const restricted =
      facts.policies.some(networkPolicyRestrictsEgress) || facts.ciliumRules.some(ciliumRestrictsEgress);
    if (restricted) return;
    const namespace = cluster.namespaces.find((n) => n.name === KUBE_SYSTEM);
    yield {
      messageId: 'unrestricted',
      path: ['metadata', 'name'],
      subject: namespace?.resource ?? inferredNamespace(KUBE_SYSTEM),
      status: 'warning',
    };
  },
});
