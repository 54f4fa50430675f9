import { testControl, yaml } from '../../testing/control-tester.js';
import control from './probe-host.js';

testControl(control, {
  valid: [
    {
      name: 'probes without host',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              livenessProbe: {httpGet: {path: /healthz, port: 8080}}
              readinessProbe: {tcpSocket: {port: 8080, host: ""}}`,
    },
  ],
  invalid: [
    {
      name: 'liveness probe and preStop hook with a host',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              livenessProbe:
                httpGet: {host: 169.254.169.254, path: /, port: 80}
              lifecycle:
                preStop:
                  tcpSocket: {host: 10.0.0.1, port: 22}`,
      findings: [
        { messageId: 'host', path: 'spec.containers[0].livenessProbe.httpGet.host', line: 9, column: 19 },
        { messageId: 'host', path: 'spec.containers[0].lifecycle.preStop.tcpSocket.host', line: 12, column: 23 },
      ],
    },
  ],
});
