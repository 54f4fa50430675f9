import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './namespace-limit-range.js';

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
      name: 'an App. F-style LimitRange',
      manifest: withNamespace(yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: container-limits, namespace: shop}
        spec:
          limits:
            - type: Container
              defaultRequest: {cpu: 100m, memory: 128Mi}
              default: {cpu: 500m, memory: 512Mi}
              max: {cpu: "2", memory: 2Gi}`),
    },
    {
      name: 'the fields spread over two LimitRanges; system namespaces are skipped',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: cpu, namespace: shop}
        spec:
          limits: [{type: Container, defaultRequest: {cpu: 100m}, default: {cpu: 500m}, max: {cpu: 2}}]
        ---
        apiVersion: v1
        kind: LimitRange
        metadata: {name: memory, namespace: shop}
        spec:
          limits: [{type: Container, defaultRequest: {memory: 128Mi}, default: {memory: 512Mi}, max: {memory: 2Gi}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: coredns, namespace: kube-system}
        spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]}`,
    },
  ],
  invalid: [
    {
      name: 'a LimitRange in another namespace does not count',
      manifest: withNamespace(yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: container-limits, namespace: billing}
        spec:
          limits: [{type: Container, defaultRequest: {cpu: 100m, memory: 128Mi}, default: {cpu: 500m, memory: 512Mi}, max: {cpu: 2, memory: 2Gi}}]`),
      findings: [{ messageId: 'noLimitRange', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'a namespace named only by its workload',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: container-limits, namespace: billing}
        spec:
          limits: [{type: Container, defaultRequest: {cpu: 100m, memory: 128Mi}, default: {cpu: 500m, memory: 512Mi}, max: {cpu: 2, memory: 2Gi}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: app, image: nginx:1.27}]}`,
      findings: [{ messageId: 'noLimitRange', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
    {
      name: 'warns on the LimitRange when its Container item leaves fields out',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: partial, namespace: shop}
        spec:
          limits:
            - type: Pod
              max: {cpu: "4"}
            - type: Container
              default: {cpu: 500m, memory: 512Mi}`,
      findings: [{ messageId: 'incomplete', path: 'spec.limits[1]', kind: 'LimitRange', status: 'warning', line: 8, column: 7 }],
    },
    {
      name: 'warns at spec.limits when the LimitRange has no Container item',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: pvc-only, namespace: shop}
        spec:
          limits:
            - type: PersistentVolumeClaim
              max: {storage: 10Gi}`,
      findings: [{ messageId: 'incomplete', path: 'spec.limits', kind: 'LimitRange', status: 'warning', line: 5, column: 3 }],
    },
  ],
});

it('NSA-NET-010 lists the missing LimitRange fields, and is not evaluated without any LimitRange in the input', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: v1
      kind: LimitRange
      metadata: {name: partial, namespace: shop}
      spec:
        limits: [{type: Container, default: {cpu: 500m, memory: 512Mi}, max: {cpu: 1}}]`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), [
    'No LimitRange of namespace "shop" sets defaultRequest.cpu, defaultRequest.memory and max.memory for containers (type: Container).',
  ]);
  const none = scanWith(control, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
  assert.equal(none.controls.find((c) => c.id === 'NSA-NET-010')?.status, 'not-evaluated');
});
