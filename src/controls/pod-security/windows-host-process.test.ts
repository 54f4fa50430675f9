import { testControl, yaml } from '../../testing/control-tester.js';
import control from './windows-host-process.js';

testControl(control, {
  valid: [
    {
      name: 'hostProcess false',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          securityContext: {windowsOptions: {hostProcess: false}}
          containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]`,
    },
  ],
  invalid: [
    {
      name: 'pod and container HostProcess',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          securityContext:
            windowsOptions: {hostProcess: true}
          containers:
            - name: app
              image: mcr.microsoft.com/windows/nanoserver:ltsc2022
              securityContext: {windowsOptions: {hostProcess: true}}`,
      findings: [
        { messageId: 'hostProcess', path: 'spec.securityContext.windowsOptions.hostProcess', line: 6 },
        { messageId: 'hostProcess', path: 'spec.containers[0].securityContext.windowsOptions.hostProcess', container: 'app', line: 10 },
      ],
    },
  ],
});
