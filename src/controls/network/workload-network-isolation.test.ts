import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './workload-network-isolation.js';

testControl(control, {
  valid: [
    {
      name: 'a namespace-wide deny-all isolates every pod in both directions',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress]}`,
    },
    {
      name: 'two policies, one per direction, selecting by matchLabels and by matchExpressions',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web, tier: front}}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-ingress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: front-egress, namespace: shop}
        spec:
          podSelector:
            matchExpressions: [{key: tier, operator: In, values: [front, edge]}, {key: debug, operator: DoesNotExist}]
          policyTypes: [Egress]`,
    },
    {
      name: 'egress rules alone default policyTypes to Ingress and Egress',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          egress: [{to: [{podSelector: {}}]}]`,
    },
    {
      name: 'Cilium policies isolate too: a CNP for ingress and a cluster-wide one for egress',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          endpointSelector: {matchLabels: {k8s:app: web}}
          ingress: [{fromEndpoints: [{}]}]
        ---
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: egress-baseline}
        spec:
          endpointSelector: {matchLabels: {io.kubernetes.pod.namespace: shop}}
          egress: [{toEntities: [cluster]}]`,
    },
    {
      name: 'workloads of system namespaces are left to the control-plane controls',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: coredns, namespace: kube-system}
        spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: shop}
        spec: {podSelector: {}}`,
    },
  ],
  invalid: [
    {
      name: 'a policy in another namespace does not isolate the pod',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: billing}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress]}`,
      findings: [{ messageId: 'notIsolated', path: 'metadata.labels', line: 6, column: 3 }],
    },
    {
      name: 'a policy whose podSelector does not match the pod does not isolate it',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web, env: dev}}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: prod-only, namespace: shop}
        spec:
          podSelector:
            matchLabels: {app: web}
            matchExpressions: [{key: env, operator: NotIn, values: [dev]}]
          policyTypes: [Ingress, Egress]`,
      findings: [{ messageId: 'notIsolated', path: 'metadata.labels' }],
    },
    {
      name: 'ingress only: egress stays open (Kubescape C-0030 would pass this)',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress: [{}]`,
      findings: [{ messageId: 'notIsolated', path: 'metadata.labels' }],
    },
    {
      name: 'a pod without labels is selected only by an empty podSelector',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: labelled, namespace: shop}
        spec:
          podSelector: {matchExpressions: [{key: app, operator: Exists}]}
          policyTypes: [Ingress, Egress]`,
      findings: [{ messageId: 'notIsolated', path: 'metadata.labels' }],
    },
    {
      name: 'Cilium: a CNP selecting by matchExpressions that the pod fails, and one switched off for egress',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: frontend, namespace: shop}
        spec:
          endpointSelector: {matchExpressions: [{key: role, operator: In, values: [frontend]}]}
          ingress: [{}]
          egress: [{}]
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          endpointSelector: {matchLabels: {app: web}}
          enableDefaultDeny: {egress: false}
          ingress: [{}]
          egress: [{toEntities: [world]}]`,
      findings: [{ messageId: 'notIsolated', path: 'metadata.labels' }],
    },
  ],
});

it('NSA-NET-007 says which directions are missing and which policies select the pod', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: app, image: nginx:1.27}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: shop}
      spec:
        selector: {matchLabels: {app: api}}
        template:
          metadata: {labels: {app: api}}
          spec: {containers: [{name: app, image: nginx:1.27}]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web, namespace: shop}
      spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), [
    'Deployment "web" in namespace "shop" is not isolated for egress: the policy selecting its pods ("web") does not cover egress.',
    'Deployment "api" in namespace "shop" is not isolated for ingress and egress: no policy of its namespace selects its pods.',
  ]);
  assert.deepEqual(report.findings.map((f) => f.path), ['spec.template.metadata.labels', 'spec.template.metadata.labels']);
});

it('NSA-NET-007 is not evaluated without any network policy in the input', () => {
  const report = scanWith(control, 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {containers: [{name: app, image: nginx:1.27}]}\n');
  assert.equal(report.controls.find((c) => c.id === 'NSA-NET-007')?.status, 'not-evaluated');
});
