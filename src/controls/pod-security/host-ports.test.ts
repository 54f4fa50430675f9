import { testControl, yaml } from '../../testing/control-tester.js';
import control from './host-ports.js';

testControl(control, {
  valid: [
    {
      name: 'container ports only, hostPort 0',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              ports: [{containerPort: 80}, {containerPort: 81, hostPort: 0}]`,
    },
  ],
  invalid: [
    {
      name: 'hostPort on an init container',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          initContainers:
            - name: init
              image: busybox:1.36
              ports:
                - containerPort: 53
                  hostPort: 53`,
      findings: [{ messageId: 'hostPort', path: 'spec.initContainers[0].ports[0].hostPort', line: 11, column: 11 }],
    },
  ],
});
