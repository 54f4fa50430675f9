import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './namespace-hygiene.js';

testControl(control, {
  valid: [
    {
      name: 'workloads spread over team namespaces',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: ledger, namespace: billing}
        spec: {containers: [{name: app, image: nginx:1.27}]}`,
    },
    {
      name: 'one workload alone in its namespace is separated already',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: app, image: nginx:1.27}]}`,
    },
    {
      name: 'the built-in kube- namespaces',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: kube-node-lease}`,
    },
  ],
  invalid: [
    {
      name: 'a user namespace with the reserved prefix',
      manifest: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: kube-tools`,
      findings: [{ messageId: 'reservedPrefix', path: 'metadata.name', kind: 'Namespace', line: 4, column: 3 }],
    },
    {
      name: 'a reserved-prefix namespace named only by the objects in it',
      manifest: yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: kube-tools}`,
      findings: [{ messageId: 'reservedPrefix', path: 'metadata.name', kind: 'Namespace', located: false }],
    },
    {
      name: 'every workload in one namespace (the default one, as manifests without a namespace are)',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec: {containers: [{name: app, image: nginx:1.27}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: worker}
        spec: {containers: [{name: app, image: nginx:1.27}]}`,
      findings: [{ messageId: 'singleNamespace', path: 'metadata.name', kind: 'Namespace', status: 'warning', located: false }],
    },
  ],
});

test('an input that names no namespace (a Dockerfile, a ClusterRole) is not judged, never passed', () => {
  const report = scanWith(control, 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []\n');
  const entry = report.controls.find((c) => c.id === 'NSA-NET-002');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /names no namespace/);
});
