import { testControl, yaml } from '../../testing/control-tester.js';
import { windowsPodCase } from '../../testing/windows-pod.js';
import control from './privilege-escalation.js';

testControl(control, {
  valid: [
    windowsPodCase('allowPrivilegeEscalation'),
    {
      name: 'explicitly false',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - {name: app, image: nginx:1.27, securityContext: {allowPrivilegeEscalation: false}}`,
    },
  ],
  invalid: [
    {
      name: 'unset defaults to true; explicit true',
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
                allowPrivilegeEscalation: true`,
      findings: [
        { messageId: 'escalationAllowed', path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', line: 6, column: 7 },
        { messageId: 'escalationAllowed', path: 'spec.containers[1].securityContext.allowPrivilegeEscalation', line: 11, column: 9 },
      ],
    },
  ],
});
