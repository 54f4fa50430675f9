import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { capabilities, capabilityName } from './support.js';
import { yaml } from '../../core/yaml-text.js';
import { addedCapabilityNeeded, fix, remove } from '../fixes.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-013'),
    slug: 'added-capabilities',
    fixable: true,
    rationale:
      'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or SYS_MODULE give a container powers close to root on the node. Only NET_BIND_SERVICE is allowed by the restricted Pod Security Standard.',
    remediation: 'Remove the added capabilities; if a capability is truly needed, allow it explicitly with --allowed-capabilities.',
    messages: { added: 'Container "{{container}}" adds the capability {{capability}}.' },
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
                ports:
                  - containerPort: 80
                securityContext:
                  capabilities:
                    drop: ["ALL"]
                    # NET_BIND_SERVICE (ports below 1024) is the only capability allowed by default.
                    add: ["NET_BIND_SERVICE"]
    `,
  },
  *check(container, { settings }) {
    const allowed = new Set(settings.allowedCapabilities.map(capabilityName));
    const { add, path } = capabilities(container);
    for (let i = 0; i < add.length; i++) {
      const name = capabilityName(add[i]);
      if (!allowed.has(name)) {
        yield {
          messageId: 'added',
          data: { capability: name },
          path: [...path, 'add', i],
          fix: fix([remove([...path, 'add', i])], addedCapabilityNeeded(container.workload, settings, name)),
        };
      }
    }
  },
});
