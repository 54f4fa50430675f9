import { testControl, yaml } from '../../testing/control-tester.js';
import control from './unsafe-sysctls.js';

testControl(control, {
  valid: [
    {
      name: 'safe sysctls, including one added in 1.29',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          securityContext:
            sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65535"}, {name: net.ipv4.tcp_keepalive_time, value: "600"}]
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'a node-wide sysctl',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          securityContext:
            sysctls:
              - name: kernel.msgmax
                value: "65536"
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'unsafe', path: 'spec.securityContext.sysctls[0].name', line: 7, column: 9 }],
    },
    {
      name: 'a sysctl that is safe only from 1.29 on, at 1.28',
      settings: { pssVersion: { major: 1, minor: 28 } },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          securityContext:
            sysctls: [{name: net.ipv4.tcp_keepalive_time, value: "600"}]
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'unsafe', path: 'spec.securityContext.sysctls[0].name' }],
    },
  ],
});
