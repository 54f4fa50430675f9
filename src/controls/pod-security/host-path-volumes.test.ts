import { testControl, yaml } from '../../testing/control-tester.js';
import control from './host-path-volumes.js';

testControl(control, {
  valid: [
    {
      name: 'emptyDir and configMap only',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          volumes: [{name: tmp, emptyDir: {}}, {name: cfg, configMap: {name: cfg}}]`,
    },
    {
      name: 'allow-listed path mounted read-only',
      settings: { allowedHostPaths: ['/var/log'] },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - name: app
              image: fluent-bit:3.0
              volumeMounts: [{name: logs, mountPath: /logs, readOnly: true}]
          volumes: [{name: logs, hostPath: {path: /var/log/pods}}]`,
    },
  ],
  invalid: [
    {
      name: 'docker socket',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers: [{name: app, image: docker:27}]
          volumes:
            - name: sock
              hostPath:
                path: /var/run/docker.sock`,
      findings: [{ messageId: 'hostPath', path: 'spec.volumes[0].hostPath', line: 8, column: 7 }],
    },
    {
      name: 'allow-listed path mounted writable',
      settings: { allowedHostPaths: ['/var/log'] },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: app
              image: fluent-bit:3.0
              volumeMounts: [{name: logs, mountPath: /logs}]
          volumes: [{name: logs, hostPath: {path: /var/log}}]`,
      findings: [{ messageId: 'hostPathWritable', path: 'spec.containers[0].volumeMounts[0].readOnly', container: 'app' }],
    },
  ],
});
