import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { userNamespacedFrom135 } from './support.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, fixDefaults, set } from '../fixes.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-002'),
    slug: 'no-root-uid',
    rationale:
      'runAsUser: 0 asks explicitly for root, overriding a non-root USER in the image; runAsNonRoot: true then blocks the container from starting, and without it the container runs as root.',
    remediation: 'Use a non-zero runAsUser (1000 or above) at pod and container level.',
    messages: { rootUid: 'Container "{{container}}" runs as UID 0 (runAsUser set at {{from}} level).' },
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
              runAsUser: 10001
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
              - name: metrics
                image: registry.example.com/shop/metrics:2.0.1
                securityContext:
                  # A container may use its own UID, but never 0.
                  runAsUser: 10002
    `,
  },
  *check(container, { settings }) {
    if (userNamespacedFrom135(container.workload, settings.pssVersion)) return;
    const { runAsUser } = container.security;
    if (runAsUser.value === 0) {
      yield {
        messageId: 'rootUid',
        data: { from: runAsUser.from },
        path: runAsUser.path,
        // Root was asked for by name: the image may need it (file ownership, ports), so this is only a suggestion.
        fix: fix(
          [set(runAsUser.path, fixDefaults(settings).runAsUser)],
          `runAsUser: 0 is set explicitly (${runAsUser.from} level): the image may need root; make it run as a non-root user first`,
        ),
      };
    }
  },
});
