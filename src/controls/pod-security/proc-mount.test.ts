import { testControl, yaml } from '../../testing/control-tester.js';
import control from './proc-mount.js';

testControl(control, {
  valid: [
    {
      name: 'Default, and Unmasked in a user-namespaced pod at 1.35+',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          hostUsers: false
          containers:
            - {name: a, image: nginx:1.27, securityContext: {procMount: Default}}
            - {name: b, image: nginx:1.27, securityContext: {procMount: Unmasked}}`,
    },
  ],
  invalid: [
    {
      name: 'Unmasked',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: a
              image: nginx:1.27
              securityContext:
                procMount: Unmasked`,
      findings: [{ messageId: 'unmasked', path: 'spec.containers[0].securityContext.procMount', line: 9, column: 9 }],
    },
    {
      name: 'Unmasked in a user-namespaced pod at 1.34',
      settings: { pssVersion: { major: 1, minor: 34 } },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          hostUsers: false
          containers:
            - {name: a, image: nginx:1.27, securityContext: {procMount: Unmasked}}`,
      findings: [{ messageId: 'unmasked', path: 'spec.containers[0].securityContext.procMount' }],
    },
  ],
});
