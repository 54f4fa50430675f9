import { testControl, yaml } from '../../testing/control-tester.js';
import control from './host-pid-ipc.js';

testControl(control, {
  valid: [
    {
      name: 'false or unset',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          hostPID: false
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'both host namespaces',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          hostPID: true
          hostIPC: true
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [
        { messageId: 'hostNamespace', path: 'spec.hostPID', line: 5, column: 3 },
        { messageId: 'hostNamespace', path: 'spec.hostIPC', line: 6, column: 3 },
      ],
    },
  ],
});
