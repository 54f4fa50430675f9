import { testControl, yaml } from '../../testing/control-tester.js';
import control from './added-capabilities.js';

testControl(control, {
  valid: [
    {
      name: 'only NET_BIND_SERVICE (also spelled CAP_NET_BIND_SERVICE)',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - {name: a, image: nginx:1.27, securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}}
            - {name: b, image: nginx:1.27, securityContext: {capabilities: {add: [CAP_NET_BIND_SERVICE]}}}`,
    },
    {
      name: 'a capability the user allows',
      settings: { allowedCapabilities: ['NET_BIND_SERVICE', 'CHOWN'] },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - {name: a, image: nginx:1.27, securityContext: {capabilities: {add: [CHOWN]}}}`,
    },
  ],
  invalid: [
    {
      name: 'SYS_ADMIN and NET_ADMIN',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: a
              image: nginx:1.27
              securityContext:
                capabilities:
                  add:
                    - NET_BIND_SERVICE
                    - SYS_ADMIN
                    - cap_net_admin`,
      findings: [
        { messageId: 'added', path: 'spec.containers[0].securityContext.capabilities.add[1]', line: 12, column: 15 },
        { messageId: 'added', path: 'spec.containers[0].securityContext.capabilities.add[2]', line: 13, column: 15 },
      ],
    },
  ],
});
