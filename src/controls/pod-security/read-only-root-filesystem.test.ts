import { testControl, yaml } from '../../testing/control-tester.js';
import { windowsPodCase } from '../../testing/windows-pod.js';
import control from './read-only-root-filesystem.js';

testControl(control, {
  valid: [
    windowsPodCase('readOnlyRootFilesystem'),
    {
      name: 'read-only root with an emptyDir for /tmp; ephemeral containers are exempt',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext: {readOnlyRootFilesystem: true}
              volumeMounts: [{name: tmp, mountPath: /tmp}]
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
          volumes: [{name: tmp, emptyDir: {}}]`,
    },
  ],
  invalid: [
    {
      name: 'unset on the main container, false on the init container',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          initContainers:
            - name: init
              image: busybox:1.36
              securityContext:
                readOnlyRootFilesystem: false
          containers:
            - name: app
              image: nginx:1.27`,
      findings: [
        { messageId: 'writableRoot', path: 'spec.initContainers[0].securityContext.readOnlyRootFilesystem', line: 9, column: 9 },
        { messageId: 'writableRoot', path: 'spec.containers[0].securityContext.readOnlyRootFilesystem', line: 11, column: 7 },
      ],
    },
  ],
});
