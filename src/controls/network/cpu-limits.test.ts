import { testControl, yaml } from '../../testing/control-tester.js';
import control from './cpu-limits.js';

testControl(control, {
  valid: [
    {
      name: 'limits on the container and the init container; ephemeral containers take none',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          initContainers:
            - {name: init, image: busybox:1.36, resources: {limits: {cpu: 100m}}}
          containers:
            - {name: app, image: nginx:1.27, resources: {limits: {cpu: 1}}}
          ephemeralContainers:
            - {name: debug, image: busybox:1.36}`,
    },
    {
      name: 'a LimitRange of the namespace gives the default',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: defaults, namespace: shop}
        spec:
          limits:
            - type: Container
              default: {cpu: 500m, memory: 256Mi}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'a LimitRange max becomes the default limit (API defaulting); both without a namespace are in default',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: caps}
        spec:
          limits: [{type: Container, max: {cpu: "2"}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'pod-level resources bound every container of the pod',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          resources: {limits: {cpu: "1", memory: 1Gi}}
          containers: [{name: app, image: nginx:1.27}, {name: sidecar, image: envoyproxy/envoy:v1.31.0}]`,
    },
  ],
  invalid: [
    {
      name: 'no limit on the init container nor on the main container',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          initContainers:
            - name: init
              image: busybox:1.36
              resources:
                requests: {cpu: 100m}
          containers:
            - name: app
              image: nginx:1.27
              resources:
                limits: {memory: 256Mi}`,
      findings: [
        { messageId: 'noLimit', path: 'spec.initContainers[0].resources.limits.cpu', container: 'init', line: 8, column: 7 },
        { messageId: 'noLimit', path: 'spec.containers[0].resources.limits.cpu', container: 'app', line: 14, column: 9 },
      ],
    },
    {
      name: 'a LimitRange in another namespace does not apply',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: defaults, namespace: billing}
        spec:
          limits: [{type: Container, default: {cpu: 500m}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'noLimit', path: 'spec.containers[0].resources.limits.cpu', container: 'app' }],
    },
    {
      name: 'Pod-type limits, a defaultRequest only, or a memory default give no default CPU limit',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: defaults, namespace: shop}
        spec:
          limits:
            - {type: Pod, max: {cpu: "4"}}
            - {type: Container, defaultRequest: {cpu: 100m}, default: {memory: 256Mi}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'noLimit', path: 'spec.containers[0].resources.limits.cpu', container: 'app' }],
    },
  ],
});
