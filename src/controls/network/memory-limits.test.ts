import { testControl, yaml } from '../../testing/control-tester.js';
import control from './memory-limits.js';

testControl(control, {
  valid: [
    {
      name: 'memory limits on every container',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          initContainers: [{name: init, image: busybox:1.36, resources: {limits: {memory: 64Mi}}}]
          containers: [{name: app, image: nginx:1.27, resources: {limits: {memory: 256Mi}}}]`,
    },
    {
      name: 'a LimitRange default memory limit in the same namespace',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: defaults, namespace: shop}
        spec:
          limits: [{type: Container, default: {memory: 512Mi}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27, resources: {requests: {memory: 128Mi}}}]`,
    },
  ],
  invalid: [
    {
      name: 'a CPU limit is not a memory limit; the LimitRange of another namespace does not count',
      manifest: yaml`
        apiVersion: v1
        kind: LimitRange
        metadata: {name: defaults, namespace: other}
        spec:
          limits: [{type: Container, default: {memory: 512Mi}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              resources:
                limits:
                  cpu: 500m`,
      findings: [{ messageId: 'noLimit', path: 'spec.containers[0].resources.limits.memory', container: 'app', line: 15, column: 9 }],
    },
    {
      name: 'an empty memory limit',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27, resources: {limits: {memory: ""}}}]`,
      findings: [{ messageId: 'noLimit', path: 'spec.containers[0].resources.limits.memory', container: 'app' }],
    },
  ],
});
