import { testControl, yaml } from '../../testing/control-tester.js';
import control from './no-root-uid.js';

testControl(control, {
  valid: [
    {
      name: 'container overrides pod UID 0 with a non-zero UID',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          securityContext: {runAsUser: 0}
          containers:
            - name: app
              image: nginx:1.27
              securityContext: {runAsUser: 1000}`,
    },
    {
      name: 'user-namespaced pod at 1.35+',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          hostUsers: false
          securityContext: {runAsUser: 0}
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'pod-level UID 0 inherited',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          securityContext:
            runAsUser: 0
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'rootUid', path: 'spec.securityContext.runAsUser', line: 6, column: 5 }],
    },
    {
      name: 'ephemeral container with UID 0',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
              securityContext: {runAsUser: 0}`,
      findings: [{ messageId: 'rootUid', path: 'spec.ephemeralContainers[0].securityContext.runAsUser', container: 'debug' }],
    },
  ],
});
