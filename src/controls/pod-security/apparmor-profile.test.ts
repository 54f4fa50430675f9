import { testControl, yaml } from '../../testing/control-tester.js';
import control from './apparmor-profile.js';

testControl(control, {
  valid: [
    {
      name: 'RuntimeDefault field and a localhost annotation',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: ok
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-nginx
        spec:
          securityContext: {appArmorProfile: {type: RuntimeDefault}}
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'no profile outside strict mode',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'Unconfined container profile and unconfined annotation',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: bad
          annotations:
            container.apparmor.security.beta.kubernetes.io/side: unconfined
        spec:
          containers:
            - name: app
              image: nginx:1.27
              securityContext: {appArmorProfile: {type: Unconfined}}
            - name: side
              image: nginx:1.27`,
      findings: [
        { messageId: 'annotation', path: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/side"]', container: 'side', line: 6 },
        { messageId: 'unconfined', path: 'spec.containers[0].securityContext.appArmorProfile.type', container: 'app', line: 11 },
      ],
    },
    {
      name: 'strict mode: no profile at all',
      settings: { strictAppArmor: true },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'missing', path: 'spec.containers[0].securityContext.appArmorProfile' }],
    },
  ],
});
