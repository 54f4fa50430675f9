import { testControl, yaml } from '../../testing/control-tester.js';
import control from './volume-types.js';

testControl(control, {
  valid: [
    {
      name: 'allowed sources',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          volumes:
            - {name: a, emptyDir: {}}
            - {name: b, persistentVolumeClaim: {claimName: data}}
            - {name: c, projected: {sources: []}}
            - {name: d, csi: {driver: secrets-store.csi.k8s.io}}`,
    },
  ],
  invalid: [
    {
      name: 'nfs and gitRepo',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          volumes:
            - name: share
              nfs: {server: nfs.example.com, path: /exports}
            - name: code
              gitRepo: {repository: "https://example.com/repo.git"}`,
      findings: [
        { messageId: 'forbidden', path: 'spec.volumes[0].nfs', line: 8, column: 7 },
        { messageId: 'forbidden', path: 'spec.volumes[1].gitRepo', line: 10, column: 7 },
      ],
    },
    {
      name: 'strict mode rejects csi',
      settings: { strictVolumeTypes: true },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers: [{name: app, image: nginx:1.27}]
          volumes: [{name: d, csi: {driver: secrets-store.csi.k8s.io}}]`,
      findings: [{ messageId: 'forbidden', path: 'spec.volumes[0].csi' }],
    },
  ],
});
