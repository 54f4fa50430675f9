import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-001'),
    slug: 'run-as-non-root',
    rationale:
      'A container that runs as root gives an attacker who breaks into it root on the container file system and a short path to the node through any kernel or runtime flaw. The guidance asks for containers that run as a non-root user.',
    remediation: 'Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser (1000 or above).',
    messages: {
      mayRunAsRoot: 'Container "{{container}}" may run as root: runAsNonRoot is not true and runAsUser is {{runAsUser}}.',
    },
    example: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            securityContext:
              # Set once for the pod: every container inherits it.
              runAsNonRoot: true
              runAsUser: 10001
              runAsGroup: 10001
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
    `,
  },
  *check(container) {
    const { runAsNonRoot, runAsUser } = container.security;
    if (runAsNonRoot.value === true) return;
    const uid = runAsUser.value;
    if (typeof uid === 'number' && uid !== 0) return;
    yield {
      messageId: 'mayRunAsRoot',
      data: { runAsUser: uid === undefined ? 'unset' : String(uid) },
      path: runAsNonRoot.path,
    };
  },
});
