import { testControl, yaml } from '../../testing/control-tester.js';
import control from './seccomp-profile.js';

testControl(control, {
  valid: [
    {
      name: 'pod-level RuntimeDefault',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          securityContext: {seccompProfile: {type: RuntimeDefault}}
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'container Localhost with a profile; windows pods are exempt',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}}`,
    },
  ],
  invalid: [
    {
      name: 'unset, Unconfined override, Localhost without a profile',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: a
              image: nginx:1.27
            - name: b
              image: nginx:1.27
              securityContext:
                seccompProfile:
                  type: Unconfined
            - name: c
              image: nginx:1.27
              securityContext: {seccompProfile: {type: Localhost}}`,
      findings: [
        { messageId: 'unset', path: 'spec.containers[0].securityContext.seccompProfile', line: 6, column: 7 },
        { messageId: 'unconfined', path: 'spec.containers[1].securityContext.seccompProfile.type', line: 12, column: 11 },
        { messageId: 'localhostWithoutProfile', path: 'spec.containers[2].securityContext.seccompProfile.localhostProfile' },
      ],
    },
    {
      name: 'legacy unconfined annotation',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: bad
          annotations:
            seccomp.security.alpha.kubernetes.io/pod: unconfined
        spec:
          securityContext: {seccompProfile: {type: RuntimeDefault}}
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [
        { messageId: 'unconfinedAnnotation', path: 'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]', line: 6, column: 5 },
      ],
    },
  ],
});
