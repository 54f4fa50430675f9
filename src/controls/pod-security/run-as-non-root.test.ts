import { testControl, yaml } from '../../testing/control-tester.js';
import control from './run-as-non-root.js';

testControl(control, {
  valid: [
    {
      name: 'pod-level runAsNonRoot',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          securityContext: {runAsNonRoot: true}
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'non-zero runAsUser without runAsNonRoot',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext: {runAsUser: 1000}`,
    },
  ],
  invalid: [
    {
      name: 'no security context at all',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: app
              image: nginx:1.27`,
      findings: [{ messageId: 'mayRunAsRoot', path: 'spec.containers[0].securityContext.runAsNonRoot', container: 'app', line: 6, column: 7 }],
    },
    {
      name: 'container overrides the pod with runAsNonRoot false, init container covered too',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          securityContext: {runAsNonRoot: true}
          initContainers:
            - name: init
              image: busybox:1.36
              securityContext: {runAsNonRoot: false, runAsUser: 0}
          containers:
            - name: app
              image: nginx:1.27`,
      findings: [{ messageId: 'mayRunAsRoot', path: 'spec.initContainers[0].securityContext.runAsNonRoot', line: 9, column: 25 }],
    },
  ],
});
