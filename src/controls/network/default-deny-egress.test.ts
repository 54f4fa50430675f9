import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './default-deny-egress.js';

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
      name: 'deny-all egress plus a DNS allowance',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
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
            - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
              ports: [{port: 53, protocol: UDP}]`),
    },
    {
      name: 'one policy denying both directions, with an empty egress list',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Ingress, Egress], egress: []}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: app, image: nginx:1.27}]}`,
    },
    {
      name: 'Cilium: an empty egress rule puts every endpoint in default deny without allowing anything',
      manifest: withNamespace(yaml`
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: deny-egress, namespace: shop}
        spec:
          endpointSelector: {}
          egress: [{}]`),
    },
    {
      name: 'a kube-system without egress policy is not this control’s business',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-apiserver, namespace: kube-system}
        spec: {podSelector: {}, ingress: [{}]}`,
    },
  ],
  invalid: [
    {
      name: 'App. E as printed: policyType (singular) is an unknown field, so the policy isolates ingress only',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all-egress, namespace: shop}
        spec:
          podSelector: {}
          policyType:
            - Egress`),
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'a deny-all egress in another namespace does not count',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: other}
        spec: {podSelector: {}, policyTypes: [Egress]}`),
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'egress rules make a selects-all policy an allow policy, not a deny',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: egress, namespace: shop}
        spec:
          podSelector: {}
          egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]`,
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
    {
      name: 'a deny-all egress for one app only',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: shop}
        spec:
          podSelector: {matchExpressions: [{key: app, operator: Exists}]}
          policyTypes: [Egress]`,
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
    {
      name: 'Cilium: an ingress-only rule, and an egress section switched off with enableDefaultDeny',
      manifest: yaml`
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: c, namespace: shop}
        specs:
          - endpointSelector: {}
            ingress: [{}]
          - endpointSelector: {}
            enableDefaultDeny: {egress: false}
            egress: [{}]`,
      findings: [{ messageId: 'noDefaultDeny', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
  ],
});

it('NSA-NET-005 explains the App. E policyType typo', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny-all-egress, namespace: shop}
      spec: {podSelector: {}, policyType: [Egress]}`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), [
    'Namespace "shop" has no default-deny egress policy (a NetworkPolicy with podSelector: {}, policyTypes: [Egress] and no egress rules); "deny-all-egress" writes policyType instead of policyTypes, so it does not isolate egress.',
  ]);
});
