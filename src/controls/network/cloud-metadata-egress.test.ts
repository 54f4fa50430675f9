import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './cloud-metadata-egress.js';

const namespace = yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: shop`;
/** The Namespace "shop" first (its name on line 4, column 3), then the documents of a case. */
const withNamespace = (manifest: string): string => `${namespace}---\n${manifest}`;

const denyEgress = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: default-deny-egress, namespace: shop}
  spec: {podSelector: {}, policyTypes: [Egress]}`;
/** The namespace-wide deny-all egress first (five lines), then the documents of a case. */
const withDenyEgress = (manifest: string): string => `${denyEgress}---\n${manifest}`;

testControl(control, {
  valid: [
    {
      name: 'egress default deny with DNS and HTTPS allowances that except the metadata address',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-egress, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Egress]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-dns, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress: [{ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: checkout-out, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: checkout}}
          egress:
            - to:
                - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 169.254.0.0/16]}
                - ipBlock: {cidr: "::/0", except: ["fd00:ec2::254/128"]}`),
    },
    {
      name: 'a namespace-wide policy that isolates egress and allows only pods of the cluster',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: in-cluster-only, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress: [{to: [{namespaceSelector: {}}]}]`,
    },
    {
      name: 'an allowance to the whole internet on port 443 only does not reach the HTTP metadata service',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: https-out, namespace: shop}
        spec:
          podSelector: {}
          egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 443}]}]`,
    },
    {
      name: 'Cilium: world egress, but a namespace-wide egressDeny of the metadata addresses wins',
      manifest: withNamespace(yaml`
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: egress, namespace: shop}
        specs:
          - endpointSelector: {}
            egress: [{toEntities: [world]}]
          - endpointSelector: {}
            egressDeny: [{toCIDR: [169.254.169.254/32, "fd00:ec2::254/128"]}]`),
    },
    {
      name: 'kube-system is not judged, and a custom metadata address list is honoured',
      settings: { metadataAddresses: ['100.100.100.200'] },
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-all-egress, namespace: kube-system}
        spec: {podSelector: {}, egress: [{}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: out, namespace: shop}
        spec:
          podSelector: {}
          egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [100.64.0.0/10]}}]}]`,
    },
  ],
  invalid: [
    {
      name: 'no egress isolation: the deny-all of another namespace does not count',
      manifest: withNamespace(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-egress, namespace: other}
        spec: {podSelector: {}, policyTypes: [Egress]}`),
      findings: [{ messageId: 'unisolated', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'egress isolation for some pods only',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec: {podSelector: {matchLabels: {app: api}}, policyTypes: [Egress]}`,
      findings: [{ messageId: 'unisolated', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
    {
      name: 'an internet allowance without except reaches it; the finding belongs to the policy',
      manifest: withDenyEgress(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: internet, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: checkout}}
          policyTypes: [Egress]
          egress:
            - to:
                - ipBlock:
                    cidr: 0.0.0.0/0
                    except: [10.0.0.0/8]`),
      findings: [{ messageId: 'allowedByRule', path: 'spec.egress[0].to[0].ipBlock', kind: 'NetworkPolicy', line: 14, column: 11 }],
    },
    {
      name: 'a rule without peers, and an IPv6 allowance, each reach it',
      manifest: withDenyEgress(yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: wide-open, namespace: shop}
        spec:
          podSelector: {}
          egress:
            - ports: [{port: 80}]
            - to: [{ipBlock: {cidr: "fd00::/8"}}]`),
      findings: [
        { messageId: 'allowedByRule', path: 'spec.egress[0]', kind: 'NetworkPolicy' },
        { messageId: 'allowedByRule', path: 'spec.egress[1].to[0].ipBlock', kind: 'NetworkPolicy' },
      ],
    },
    {
      name: 'Cilium: a cluster-wide toCIDRSet without the except, applying to the namespace',
      manifest: yaml`
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: egress-baseline}
        spec:
          endpointSelector: {matchExpressions: [{key: io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}]}
          egress: [{toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: app, image: nginx:1.27}]}`,
      findings: [{ messageId: 'allowedByRule', path: 'spec.egress[0].toCIDRSet[0]', kind: 'CiliumClusterwideNetworkPolicy' }],
    },
  ],
});

it('NSA-NET-009 messages name the addresses, the policy and the rule', () => {
  const report = scanWith(
    control,
    withDenyEgress(yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: wide-open, namespace: shop}
      spec:
        podSelector: {}
        egress: [{}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: lonely, namespace: billing}
      spec: {podSelector: {}}`),
  );
  assert.deepEqual(report.findings.map((f) => `${f.resource.kind} ${f.message}`).sort(), [
    'Namespace Pods of namespace "billing" can reach the cloud metadata service (169.254.169.254 and fd00:ec2::254): no policy isolates all of them for egress.',
    'NetworkPolicy NetworkPolicy "wide-open" lets pods of namespace "shop" reach the cloud metadata service 169.254.169.254 and fd00:ec2::254: egress rule 0 allows every destination without excepting it.',
  ]);
});

it('NSA-NET-009 is not evaluated without policies, or without a usable metadata address', () => {
  const none = scanWith(control, namespace);
  assert.equal(none.controls.find((c) => c.id === 'NSA-NET-009')?.status, 'not-evaluated');
  const unusable = scanWith(control, denyEgress, { metadataAddresses: ['metadata.google.internal'] });
  const entry = unusable.controls.find((c) => c.id === 'NSA-NET-009');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /metadata address/);
});
