import { testControl, yaml } from '../../testing/control-tester.js';
import control from './image-tag-pinned.js';

testControl(control, {
  valid: [
    {
      name: 'digest-pinned images, with and without a tag; a registry port is not a tag',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers:
            - {name: a, image: "nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000"}
            - {name: b, image: "localhost:5000/app@sha256:1111111111111111111111111111111111111111111111111111111111111111"}`,
    },
  ],
  invalid: [
    {
      name: 'latest, untagged, and tagged without digest',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: a
              image: nginx:latest
            - name: b
              image: localhost:5000/app
            - name: c
              image: nginx:1.27`,
      findings: [
        { messageId: 'latest', path: 'spec.containers[0].image', line: 7, column: 7 },
        { messageId: 'latest', path: 'spec.containers[1].image', line: 9, column: 7 },
        { messageId: 'noDigest', path: 'spec.containers[2].image', status: 'warning', line: 11, column: 7 },
      ],
    },
    {
      name: 'a tag without digest is only a warning',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: warn}
        spec:
          containers: [{name: a, image: "nginx:1.27"}]`,
      findings: [{ messageId: 'noDigest', path: 'spec.containers[0].image', status: 'warning' }],
    },
  ],
});
