import { testControl, yaml } from '../../testing/control-tester.js';
import control from './host-network.js';

testControl(control, {
  valid: [
    {
      name: 'unset',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'hostNetwork true',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          hostNetwork: true
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'hostNetwork', path: 'spec.hostNetwork', line: 5, column: 3 }],
    },
  ],
});
