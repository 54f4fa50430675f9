import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, hostAccessNeeded, remove } from '../fixes.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-006'),
    slug: 'privileged-containers',
    fixable: true,
    rationale:
      'A privileged container has every capability and direct access to host devices: breaking out of it to the node is trivial.',
    remediation: 'Remove securityContext.privileged (or set it to false); grant only the specific capabilities the workload needs.',
    messages: { privileged: 'Container "{{container}}" runs privileged.' },
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
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  privileged: false   # the default; never true
                  capabilities:
                    # Grant the one capability the workload needs instead of privileged mode.
                    drop: ["ALL"]
                    add: ["NET_BIND_SERVICE"]
    `,
  },
  *check(container, { settings }) {
    if (container.securityContext['privileged'] === true) {
      const path = [...container.path, 'securityContext', 'privileged'];
      yield { messageId: 'privileged', path, fix: fix([remove(path)], hostAccessNeeded(container.workload, settings)) };
    }
  },
});
