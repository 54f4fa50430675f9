import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './sandboxed-runtime.js';

const untrusted = yaml`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: sandbox
    labels: {kubeharden.io/untrusted: "true"}
  ---
  apiVersion: node.k8s.io/v1
  kind: RuntimeClass
  metadata: {name: gvisor}
  handler: runsc
  ---
  apiVersion: node.k8s.io/v1
  kind: RuntimeClass
  metadata: {name: fast}
  handler: runc`;

testControl(control, {
  valid: [
    {
      name: 'gVisor in the untrusted namespace; other namespaces are not judged',
      manifest: untrusted + '---\n' + yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok, namespace: sandbox}
        spec:
          runtimeClassName: gvisor
          containers: [{name: app, image: nginx:1.27}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: trusted, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'no runtime class, and a runc runtime class',
      manifest: untrusted + '---\n' + yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad, namespace: sandbox}
        spec:
          containers: [{name: app, image: nginx:1.27}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: worse, namespace: sandbox}
        spec:
          runtimeClassName: fast
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [
        { messageId: 'noSandbox', path: 'spec.runtimeClassName' },
        { messageId: 'notSandbox', path: 'spec.runtimeClassName' },
      ],
    },
  ],
});

test('NSA-POD-034 without untrusted namespaces is a manual item with the runtime classes in use', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a, namespace: shop}
      spec: {runtimeClassName: gvisor, containers: [{name: app, image: nginx:1.27}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: b, namespace: shop}
      spec: {containers: [{name: app, image: nginx:1.27}]}`,
  );
  const entry = report.controls.find((c) => c.id === 'NSA-POD-034');
  assert.equal(entry?.status, 'manual');
  assert.match(entry?.reason ?? '', /runtime classes in use: gvisor \(1\), none \(the node default\) \(1\)/);
});
