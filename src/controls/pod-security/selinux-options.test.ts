import { testControl, yaml } from '../../testing/control-tester.js';
import control from './selinux-options.js';

testControl(control, {
  valid: [
    {
      name: 'container types and level only',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          securityContext: {seLinuxOptions: {type: container_t, level: "s0:c123,c456"}}
          containers:
            - {name: app, image: nginx:1.27, securityContext: {seLinuxOptions: {type: container_engine_t}}}`,
    },
  ],
  invalid: [
    {
      name: 'spc_t type, custom user and role',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          securityContext:
            seLinuxOptions: {type: spc_t}
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                seLinuxOptions: {user: system_u, role: system_r}`,
      findings: [
        { messageId: 'type', path: 'spec.securityContext.seLinuxOptions.type', line: 6 },
        { messageId: 'userOrRole', path: 'spec.containers[0].securityContext.seLinuxOptions.user', line: 11 },
        { messageId: 'userOrRole', path: 'spec.containers[0].securityContext.seLinuxOptions.role', line: 11 },
      ],
    },
  ],
});
