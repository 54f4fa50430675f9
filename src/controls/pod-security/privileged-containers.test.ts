import { testControl, yaml } from '../../testing/control-tester.js';
import control from './privileged-containers.js';

testControl(control, {
  valid: [
    {
      name: 'privileged false or unset',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - {name: a, image: nginx:1.27, securityContext: {privileged: false}}
            - {name: b, image: nginx:1.27}`,
    },
    {
      name: 'a string is not a boolean',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - {name: a, image: nginx:1.27, securityContext: {privileged: "true"}}`,
    },
  ],
  invalid: [
    {
      name: 'privileged main and init containers',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          initContainers:
            - name: setup
              image: busybox:1.36
              securityContext: {privileged: true}
          containers:
            - name: app
              image: nginx:1.27
              securityContext:
                privileged: true`,
      findings: [
        { messageId: 'privileged', path: 'spec.initContainers[0].securityContext.privileged', container: 'setup', line: 8, column: 25 },
        { messageId: 'privileged', path: 'spec.containers[0].securityContext.privileged', container: 'app', line: 13, column: 9 },
      ],
    },
  ],
});
