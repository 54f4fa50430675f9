import { testControl, yaml } from '../../testing/control-tester.js';
import { windowsPodCase } from '../../testing/windows-pod.js';
import control from './linux-hardening.js';

testControl(control, {
  valid: [
    windowsPodCase('seccomp, AppArmor, SELinux and capabilities'),
    {
      name: 'pod-level seccomp counts for every container; dropped capabilities count',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          securityContext: {seccompProfile: {type: RuntimeDefault}}
          containers:
            - {name: a, image: nginx:1.27}
            - {name: b, image: nginx:1.27, securityContext: {capabilities: {drop: [NET_RAW]}}}`,
    },
  ],
  invalid: [
    {
      name: 'settings that switch confinement off do not count',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: bad
          annotations: {container.apparmor.security.beta.kubernetes.io/app: unconfined}
        spec:
          securityContext: {seccompProfile: {type: Unconfined}, seLinuxOptions: {type: spc_t}}
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'noHardening', path: 'spec.containers[0].securityContext' }],
    },
    {
      name: 'nothing at all',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext: {runAsNonRoot: true}`,
      findings: [{ messageId: 'noHardening', path: 'spec.containers[0].securityContext', line: 8, column: 7 }],
    },
  ],
});
