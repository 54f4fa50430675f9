import { testControl, yaml } from '../../testing/control-tester.js';
import { windowsPodCase } from '../../testing/windows-pod.js';
import control from './non-root-groups.js';

testControl(control, {
  valid: [
    windowsPodCase('runAsGroup, fsGroup and supplementalGroups'),
    {
      name: 'non-zero groups at pod level',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          securityContext: {runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000]}
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'runAsGroup unset, root supplementary group and fsGroup 0',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          securityContext:
            fsGroup: 0
            supplementalGroups: [10, 0]
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [
        { messageId: 'rootGroup', path: 'spec.containers[0].securityContext.runAsGroup', container: 'app' },
        { messageId: 'rootSupplementalGroup', path: 'spec.securityContext.supplementalGroups[1]', line: 7 },
        { messageId: 'rootFsGroup', path: 'spec.securityContext.fsGroup', line: 6 },
      ],
    },
  ],
});
