import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './namespace-resource-quota.js';

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
      name: 'an App. G-style quota',
      manifest: withNamespace(yaml`
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: compute, namespace: shop}
        spec:
          hard:
            requests.cpu: "8"
            requests.memory: 16Gi
            limits.cpu: "16"
            limits.memory: 32Gi`),
    },
    {
      name: 'the older cpu and memory keys, over two quotas',
      manifest: yaml`
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: requests, namespace: shop}
        spec: {hard: {cpu: 8, memory: 16Gi, pods: "40"}}
        ---
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: limits, namespace: shop}
        spec: {hard: {limits.cpu: 16, limits.memory: 32Gi}}`,
    },
  ],
  invalid: [
    {
      name: 'a quota in another namespace does not count',
      manifest: withNamespace(yaml`
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: compute, namespace: default}
        spec: {hard: {requests.cpu: 8, requests.memory: 16Gi, limits.cpu: 16, limits.memory: 32Gi}}`),
      findings: [{ messageId: 'noQuota', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'warns on the quota when spec.hard bounds object counts only',
      manifest: yaml`
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: objects, namespace: shop}
        spec:
          hard:
            pods: "40"
            services.loadbalancers: "0"`,
      findings: [{ messageId: 'incomplete', path: 'spec.hard', kind: 'ResourceQuota', status: 'warning', line: 5, column: 3 }],
    },
  ],
});

it('NSA-NET-011 names the missing keys, and is not evaluated without any ResourceQuota in the input', () => {
  const report = scanWith(control, 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: shop}\nspec: {hard: {requests.cpu: "1", limits.memory: 1Gi}}\n');
  assert.deepEqual(report.findings.map((f) => f.message), ['No ResourceQuota of namespace "shop" bounds requests.memory and limits.cpu in spec.hard.']);
  const none = scanWith(control, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
  assert.equal(none.controls.find((c) => c.id === 'NSA-NET-011')?.status, 'not-evaluated');
});
