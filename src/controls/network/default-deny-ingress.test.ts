import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './default-deny-ingress.js';

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
      name: 'App. E deny-all ingress, written with policyTypes',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-ingress, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress]`),
    },
    {
      name: 'no podSelector and no policyTypes: the API server defaults them to {} and [Ingress]',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: shop}
        spec: {ingress: []}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: app, image: nginx:1.27}]}`,
    },
    {
      name: 'an empty selector written with empty matchLabels and matchExpressions, in both directions',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: shop}
        spec:
          podSelector: {matchLabels: {}, matchExpressions: []}
          policyTypes: [Ingress, Egress]`,
    },
    {
      name: 'system namespaces are skipped; policies and pods without a namespace are in default',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: coredns, namespace: kube-system}
        spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny}
        spec: {podSelector: {}}`,
    },
    {
      name: 'a CiliumNetworkPolicy selecting every endpoint with an empty ingress rule',
      manifest: withNamespace(yaml`
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: deny-ingress, namespace: shop}
        spec:
          endpointSelector: {}
          ingress: [{}]`),
    },
    {
      name: 'a cluster-wide Cilium policy denying ingress in every namespace but kube-system',
      manifest: withNamespace(yaml`
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: deny-ingress}
        specs:
          - endpointSelector:
              matchExpressions: [{key: k8s:io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}]
            ingressDeny: [{fromEntities: [world]}]`),
    },
  ],
  invalid: [
    {
      name: 'a deny-all policy in another namespace does not count',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: billing}
        spec: {podSelector: {}, policyTypes: [Ingress]}`),
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'a deny policy whose podSelector matches only some pods',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [Ingress]`),
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'a policy that selects every pod but allows all ingress with - {}',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
          ingress: [{}]`,
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
    {
      name: 'an egress-only deny-all',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-egress, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Egress]}`,
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
    {
      name: 'a Cilium policy with a selective matchExpressions, or with allow rules, is no default deny',
      manifest: yaml`
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: frontend}
        spec:
          endpointSelector:
            matchLabels: {}
            matchExpressions: [{key: role, operator: In, values: [frontend]}]
          ingress: [{}]
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: allow-cluster, namespace: shop}
        spec:
          endpointSelector: {}
          ingress: [{fromEntities: [cluster]}]`,
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
    {
      name: 'every non-system namespace is judged: the pod namespaces without a policy fail',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: billing}
        spec: {podSelector: {}}`,
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
  ],
});

it('NSA-NET-004 is not evaluated when the input holds no network policy at all', () => {
  const report = scanWith(control, namespace);
  const entry = report.controls.find((c) => c.id === 'NSA-NET-004');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /no NetworkPolicy/);
  assert.deepEqual(report.findings, []);
});

it('NSA-NET-004 names the policy that comes close', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny-all, namespace: shop}
      spec: {podSelector: {}, ingress: [{}, {from: [{podSelector: {}}]}]}`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), [
    'Namespace "shop" has no default-deny ingress policy (a NetworkPolicy with podSelector: {}, policyTypes: [Ingress] and no ingress rules); "deny-all" selects every pod but allows 2 ingress rules.',
  ]);
});
