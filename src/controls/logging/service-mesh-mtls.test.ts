import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './service-mesh-mtls.js';

const istiod = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: istiod, namespace: istio-system}
  spec:
    template:
      spec:
        containers: [{name: discovery, image: docker.io/istio/pilot:1.24.1}]`;

const linkerd = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: linkerd-destination, namespace: linkerd}
  spec:
    template:
      spec:
        containers: [{name: destination, image: cr.l5d.io/linkerd/controller:edge-24.11.8}]`;

const app = (annotations: string) => yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: web, namespace: shop${annotations}}
  spec: {containers: [{name: app, image: nginx:1.27}]}`;

testControl(control, {
  valid: [
    {
      name: 'Istio with a mesh-wide STRICT policy',
      manifest: `${istiod}---\n${yaml`
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec: {mtls: {mode: STRICT}}`}`,
    },
    {
      name: 'Linkerd with the application pods meshed',
      manifest: `${linkerd}---\n${app(', annotations: {linkerd.io/inject: enabled}')}`,
    },
  ],
  invalid: [
    {
      name: 'Istio without any mesh-wide policy',
      manifest: istiod,
      findings: [{ messageId: 'noStrictMeshPolicy', path: '', kind: 'Cluster', located: false }],
    },
    {
      name: 'a PERMISSIVE mesh-wide policy and a namespace that disables mTLS',
      manifest: yaml`
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec:
          mtls: {mode: PERMISSIVE}
        ---
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: legacy, namespace: shop}
        spec: {mtls: {mode: DISABLE}}`,
      findings: [
        { messageId: 'meshWideNotStrict', path: 'spec.mtls.mode', kind: 'PeerAuthentication', line: 5, column: 10 },
        { messageId: 'relaxed', path: 'spec.mtls.mode', kind: 'PeerAuthentication' },
      ],
    },
    {
      name: 'Linkerd with an unmeshed application namespace',
      manifest: `${linkerd}---\n${app('')}`,
      findings: [{ messageId: 'unmeshed', path: 'metadata.annotations', kind: 'Namespace', located: false }],
    },
  ],
});

test('without a mesh the control is not evaluated, never passed', () => {
  const report = scanWith(control, app(''));
  const entry = report.controls.find((c) => c.id === 'NSA-LOG-015');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /no service mesh/);
});
