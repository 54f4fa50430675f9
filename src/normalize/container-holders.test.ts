import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdsContainers } from './container-holders.js';

test('a container with an image holds containers', () => {
  assert.equal(holdsContainers({ spec: { steps: [{ name: 'build', image: 'alpine:3.20' }] } }), true);
});

test('operator pod templates name containers without an image: the operator supplies it', () => {
  // ECK: the documented sysctl init container of an Elasticsearch nodeSet.
  const elasticsearch = {
    spec: {
      version: '8.15.0',
      nodeSets: [
        {
          name: 'default',
          count: 3,
          podTemplate: { spec: { initContainers: [{ name: 'sysctl', securityContext: { privileged: true }, command: ['sh'] }] } },
        },
      ],
    },
  };
  assert.equal(holdsContainers(elasticsearch), true);
});

test('pod or container security settings the operator copies into its pods count too', () => {
  // Strimzi: template.kafkaContainer.securityContext; Prometheus Operator: spec.securityContext.
  assert.equal(holdsContainers({ spec: { kafka: { template: { kafkaContainer: { securityContext: { privileged: true } } } } } }), true);
  assert.equal(holdsContainers({ spec: { replicas: 3, hostNetwork: true, securityContext: { runAsUser: 1000 } } }), true);
});

test('objects with no containers and no security settings do not', () => {
  assert.equal(holdsContainers({ spec: { secretName: 'web-tls', dnsNames: ['shop.example.com'], issuerRef: { name: 'le' } } }), false);
  assert.equal(holdsContainers({ spec: { instances: 3, storage: { size: '1Gi' } } }), false);
  // A list named containers whose items are not container-shaped (no name) is not enough.
  assert.equal(holdsContainers({ spec: { containers: ['a', 'b'] } }), false);
  assert.equal(holdsContainers({ spec: { securityContext: 'restricted' } }), false);
  assert.equal(holdsContainers({ metadata: { name: 'x' } }), false);
});

test('policy engines describe containers in patterns, they do not hold them', () => {
  const kyverno = {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    spec: { rules: [{ name: 'no-latest', validate: { pattern: { spec: { containers: [{ name: '*', image: '!*:latest' }] } } } }] },
  };
  assert.equal(holdsContainers(kyverno), false);
});
