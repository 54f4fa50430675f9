import { testControl, yaml } from '../../testing/control-tester.js';
import control from './namespace-network-policy.js';

const namespace = yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: shop`;
/** The Namespace "shop" first (its name on line 4, column 3), then the documents of a case. */
const withNamespace = (manifest: string): string => `${namespace}---\n${manifest}`;

testControl(control, {
  valid: [
    {
      name: 'any NetworkPolicy in the namespace, even a narrow one',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]`),
    },
    {
      name: 'a CiliumNetworkPolicy in the namespace',
      manifest: withNamespace(yaml`
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          endpointSelector: {matchLabels: {app: api}}
          egress: [{toEndpoints: [{}]}]`),
    },
    {
      name: 'a cluster-wide Cilium policy selecting every endpoint (specs form) covers the namespaces of the pods',
      manifest: yaml`
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: baseline}
        specs:
          - endpointSelector: {}
            ingress: [{fromEndpoints: [{}]}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: app, image: nginx:1.27}]}`,
    },
    {
      name: 'a cluster-wide Cilium policy selecting namespaces by their labels',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {team: storefront}}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: storefront}
        spec:
          endpointSelector: {matchLabels: {io.cilium.k8s.namespace.labels.team: storefront}}
          ingress: [{}]`,
    },
    {
      name: 'system namespaces without policies are skipped',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: kube-public}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: shop}
        spec: {podSelector: {}}`,
    },
  ],
  invalid: [
    {
      name: 'a policy in another namespace does not count',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: default}
        spec: {podSelector: {}}`),
      findings: [{ messageId: 'noPolicy', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'a cluster-wide Cilium policy that selects only some pods does not count',
      manifest: withNamespace(yaml`
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: frontend}
        spec:
          endpointSelector:
            matchLabels: {}
            matchExpressions: [{key: role, operator: In, values: [frontend]}]
          ingress: [{fromEndpoints: [{}]}]`),
      findings: [{ messageId: 'noPolicy', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'a namespace named only by its workloads, next to one with a policy',
      manifest: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: billing}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec: {containers: [{name: api, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: shop}
        spec: {podSelector: {}}`,
      findings: [{ messageId: 'noPolicy', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
  ],
});
