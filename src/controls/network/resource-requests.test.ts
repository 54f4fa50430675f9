import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './resource-requests.js';

testControl(control, {
  valid: [
    {
      name: 'explicit requests',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: 100m, memory: 128Mi}}}]`,
    },
    {
      name: 'pod-level requests cover the containers of the pod',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          resources: {requests: {cpu: 200m, memory: 256Mi}}
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'LimitRange defaults: defaultRequest for cpu, a default limit (which defaults the request) for memory',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: defaults, namespace: shop}
        spec:
          limits: [{type: Container, defaultRequest: {cpu: 100m}, default: {memory: 256Mi}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'a LimitRange min becomes the default request',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: floor, namespace: shop}
        spec:
          limits: [{type: Container, min: {cpu: 50m, memory: 32Mi}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'limits alone: the requests are still to be set (the API server would copy the limits)',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27, resources: {limits: {cpu: 500m, memory: 256Mi}}}]`,
      findings: [
        { messageId: 'requestFromLimit', path: 'spec.containers[0].resources.requests.cpu', container: 'app' },
        { messageId: 'requestFromLimit', path: 'spec.containers[0].resources.requests.memory', container: 'app' },
      ],
    },
    {
      name: 'no requests at all, on the init and the main container',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          initContainers:
            - name: init
              image: busybox:1.36
          containers:
            - name: app
              image: nginx:1.27
              resources:
                requests: {cpu: 100m}`,
      findings: [
        { messageId: 'noRequest', path: 'spec.initContainers[0].resources.requests.cpu', container: 'init', line: 6, column: 7 },
        { messageId: 'noRequest', path: 'spec.initContainers[0].resources.requests.memory', container: 'init', line: 6, column: 7 },
        { messageId: 'noRequest', path: 'spec.containers[0].resources.requests.memory', container: 'app', line: 12, column: 9 },
      ],
    },
    {
      name: 'the LimitRange of another namespace gives no default request',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: defaults, namespace: billing}
        spec:
          limits: [{type: Container, defaultRequest: {cpu: 100m, memory: 64Mi}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27, resources: {requests: {memory: 64Mi}}}]`,
      findings: [{ messageId: 'noRequest', path: 'spec.containers[0].resources.requests.cpu', container: 'app' }],
    },
  ],
});

it('a request left to the API server says it is copied from the limit, not that there is none', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: shop}
      spec:
        containers: [{name: app, image: nginx:1.27, resources: {limits: {cpu: 500m}, requests: {memory: 64Mi}}}]`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), [
    'Container "app" sets no CPU request, so the API server copies its CPU limit (500m) into it: the pod is scheduled for its peak, not for what it usually needs.',
  ]);
});
