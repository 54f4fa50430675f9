import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './network-policy-well-formed.js';

testControl(control, {
  valid: [
    {
      name: 'App. E deny-all egress written correctly',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all-egress, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Egress]`,
    },
    {
      name: 'an explicit allow-all policy says what it does',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-all-ingress, namespace: shop}
        spec:
          podSelector: {}
          ingress: [{}]`,
    },
    {
      name: 'rules with every kind of peer, ports only, and an ipBlock with except',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: restrict-api, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: api}}
          policyTypes: [Ingress, Egress]
          ingress:
            - from:
                - podSelector: {matchLabels: {app: web}}
                - namespaceSelector: {matchLabels: {team: ops}}
                  podSelector: {}
              ports: [{port: 8080}]
          egress:
            - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]
            - ports: [{port: 53, protocol: UDP}]`,
    },
  ],
  invalid: [
    {
      name: 'App. E as printed: policyType (singular)',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all-egress, namespace: shop}
        spec:
          podSelector: {}
          policyType:
            - Egress`,
      findings: [{ messageId: 'policyTypeTypo', path: 'spec.policyType', kind: 'NetworkPolicy', line: 6, column: 3 }],
    },
    {
      name: 'an unknown spec field, a lower-case policy type, and an unknown rule field (App. E "-from")',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          policyTypes: [ingress]
          ingres: []
          ingress:
            - -from: [{podSelector: {}}]`,
      findings: [
        { messageId: 'unknownPolicyType', path: 'spec.policyTypes[0]', kind: 'NetworkPolicy', line: 6, column: 17 },
        { messageId: 'unknownField', path: 'spec.ingres', kind: 'NetworkPolicy', line: 7, column: 3 },
        { messageId: 'unknownRuleField', path: 'spec.ingress[0]["-from"]', kind: 'NetworkPolicy', line: 9, column: 7 },
      ],
    },
    {
      name: 'a deny policy whose rule is - {} allows everything',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-ingress, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
          ingress:
            - {}`,
      findings: [{ messageId: 'allowAllInRestrictive', path: 'spec.ingress[0]', kind: 'NetworkPolicy', line: 8, column: 7 }],
    },
    {
      name: 'an allow-all rule next to narrower rules, and a from: [] rule in a policy described as restrictive',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web
          namespace: shop
          annotations: {description: "Only the ingress controller may reach web"}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
            - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
            - {}
          egress:
            - to: []`,
      findings: [{ messageId: 'allowAllInRestrictive', path: 'spec.ingress[1]', kind: 'NetworkPolicy' }],
    },
    {
      name: 'peers without podSelector, namespaceSelector or ipBlock',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
            - from: [{}, {podSelector: {}}]
          egress:
            - to: [{ipblock: {cidr: 10.0.0.0/8}}]`,
      findings: [
        { messageId: 'emptyPeer', path: 'spec.ingress[0].from[0]', kind: 'NetworkPolicy', line: 7, column: 14 },
        { messageId: 'emptyPeer', path: 'spec.egress[0].to[0]', kind: 'NetworkPolicy', line: 9, column: 12 },
      ],
    },
  ],
});

it('NSA-NET-008 says what the App. E typo leaves isolated, and when a dropped field empties a rule', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny-all, namespace: shop}
      spec:
        podSelector: {}
        policyType: [Ingress, Egress]
        egress:
          - -to: [{ipBlock: {cidr: 10.0.0.0/8}}]`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), [
    'NetworkPolicy "deny-all" of namespace "shop" sets spec.policyType, which Kubernetes does not know (the typo of the guidance\'s App. E): the object is refused, or the field dropped and the policy isolates ingress and egress only. Write policyTypes.',
    'NetworkPolicy "deny-all" of namespace "shop" has an unknown field "-to" in egress rule 0, which Kubernetes refuses or drops; without it the rule is empty and allows all egress traffic.',
  ]);
});
