import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './kube-system-egress.js';

const coredns = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
  spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]}`;
const kubeSystem = yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: kube-system`;
const join = (...documents: string[]): string => documents.join('---\n');

testControl(control, {
  valid: [
    {
      name: 'an egress policy in kube-system that allows the cluster networks and DNS upstreams only',
      manifest: join(
        coredns,
        yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: egress, namespace: kube-system}
          spec:
            podSelector: {}
            policyTypes: [Egress]
            egress:
              - to: [{ipBlock: {cidr: 10.0.0.0/8}}, {namespaceSelector: {}}]
              - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
                ports: [{port: 53, protocol: UDP}]`,
      ),
    },
    {
      name: 'a Cilium policy in kube-system with egress to the cluster only',
      manifest: join(
        coredns,
        yaml`
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: egress, namespace: kube-system}
          spec:
            endpointSelector: {}
            egress: [{toEntities: [cluster, kube-apiserver]}]`,
      ),
    },
  ],
  invalid: [
    {
      name: 'no policy in kube-system; a deny-all elsewhere does not count',
      manifest: join(
        kubeSystem,
        coredns,
        yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: deny, namespace: shop}
          spec: {podSelector: {}, policyTypes: [Egress]}`,
      ),
      findings: [{ messageId: 'unrestricted', path: 'metadata.name', kind: 'Namespace', status: 'warning', line: 4, column: 3 }],
    },
    {
      name: 'kube-system policies that isolate ingress only, or open 0.0.0.0/0 on every port',
      manifest: join(
        coredns,
        yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: ingress, namespace: kube-system}
          spec: {podSelector: {}, ingress: [{from: [{namespaceSelector: {}}]}]}
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: egress, namespace: kube-system}
          spec:
            podSelector: {}
            policyTypes: [Egress]
            egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]
          ---
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: world, namespace: kube-system}
          spec:
            endpointSelector: {}
            egress: [{toEntities: [world]}]`,
      ),
      findings: [{ messageId: 'unrestricted', path: 'metadata.name', kind: 'Namespace', status: 'warning', located: false }],
    },
  ],
});

it('NSA-CP-014 is not evaluated on manifests of an application', () => {
  const report = scanWith(control, 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {containers: [{name: app, image: nginx:1.27}]}\n');
  assert.equal(report.controls.find((c) => c.id === 'NSA-CP-014')?.status, 'not-evaluated');
});
