import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-005'),
    slug: 'read-only-root-filesystem',
    rationale:
      'A writable root file system lets an attacker drop tools, change binaries and persist inside the container. The guidance asks for immutable container file systems, with emptyDir volumes for the paths that must be writable (App. B).',
    remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes at the paths the application writes to.',
    messages: { writableRoot: 'Container "{{container}}" has a writable root file system.' },
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
            initContainers:
              - name: migrate
                image: registry.example.com/shop/migrate:1.4.2
                securityContext:
                  readOnlyRootFilesystem: true
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  readOnlyRootFilesystem: true
                volumeMounts:
                  # The paths the application writes to get their own scratch volume (guidance App. B).
                  - name: tmp
                    mountPath: /tmp
            volumes:
              - name: tmp
                emptyDir: {}
    `,
  },
  *check(container) {
    if (container.role === 'ephemeral') return;
    if (container.securityContext['readOnlyRootFilesystem'] !== true) {
      yield { messageId: 'writableRoot', path: [...container.path, 'securityContext', 'readOnlyRootFilesystem'] };
    }
  },
});
