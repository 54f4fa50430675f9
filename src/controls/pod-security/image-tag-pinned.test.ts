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
      name: 'digests that are not well formed pin nothing',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - {name: short, image: "nginx@sha256:abc"}
            - {name: upper, image: "nginx@sha256:${'A'.repeat(64)}"}
            - {name: sha512short, image: "nginx@sha512:${'a'.repeat(64)}"}
            - {name: unknown, image: "nginx@md5:${'a'.repeat(32)}!"}
            - {name: custom, image: "nginx@custom-algorithm:${'a'.repeat(32)}"}
            - {name: fine512, image: "nginx@sha512:${'b'.repeat(128)}"}`,
      findings: [
        { messageId: 'malformedDigest', path: 'spec.containers[0].image', status: 'warning', container: 'short', line: 6 },
        { messageId: 'malformedDigest', path: 'spec.containers[1].image', status: 'warning', container: 'upper' },
        { messageId: 'malformedDigest', path: 'spec.containers[2].image', status: 'warning', container: 'sha512short' },
        { messageId: 'malformedDigest', path: 'spec.containers[3].image', status: 'warning', container: 'unknown' },
      ],
    },
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
