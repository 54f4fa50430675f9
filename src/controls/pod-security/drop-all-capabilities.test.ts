import { testControl, yaml } from '../../testing/control-tester.js';
import { windowsPodCase } from '../../testing/windows-pod.js';
import control from './drop-all-capabilities.js';

testControl(control, {
  valid: [
    windowsPodCase('capabilities'),
    {
      name: 'drop ALL, add back NET_BIND_SERVICE',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}`,
    },
  ],
  invalid: [
    {
      name: 'drops only NET_RAW; drops nothing',
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
                  drop: [NET_RAW]
            - name: b
              image: nginx:1.27`,
      findings: [
        { messageId: 'notDropped', path: 'spec.containers[0].securityContext.capabilities.drop', line: 10, column: 11 },
        { messageId: 'notDropped', path: 'spec.containers[1].securityContext.capabilities.drop', line: 11, column: 7 },
      ],
    },
  ],
});
