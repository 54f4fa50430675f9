import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { capabilities, capabilityName, isWindowsPod } from './support.js';
import { yaml } from '../../core/yaml-text.js';
import { asRecord } from '../../core/values.js';
import { fix, set } from '../fixes.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-012'),
    slug: 'drop-all-capabilities',
    fixable: true,
    rationale:
      'Container runtimes grant a default set of Linux capabilities (NET_RAW, CHOWN, SETUID and more) that most applications never use. App. C requires dropping ALL and adding back only what is needed.',
    remediation: 'Set securityContext.capabilities.drop: ["ALL"] and add back only the capabilities the workload needs.',
    messages: { notDropped: 'Container "{{container}}" does not drop ALL capabilities.' },
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
                  capabilities:
                    drop: ["ALL"]
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  capabilities:
                    drop: ["ALL"]
                    # Only what the workload needs comes back: here, binding to port 80.
                    add: ["NET_BIND_SERVICE"]
    `,
  },
  *check(container) {
    if (isWindowsPod(container.workload)) return;
    const { drop, path } = capabilities(container);
    if (!drop.some((c) => capabilityName(c) === 'ALL')) {
      const ops = [Array.isArray(asRecord(container.securityContext['capabilities'])?.['drop']) ? set([...path, 'drop', '-'], 'ALL') : set([...path, 'drop'], ['ALL'])];
      // Root without capabilities cannot chown, bind low ports or switch users: a container that asks for
      // UID 0 by name probably does one of those.
      const root = container.security.runAsUser.value === 0 ? `the container runs as UID 0 on purpose (${container.security.runAsUser.from} level): without capabilities root cannot chown or bind low ports` : undefined;
      yield { messageId: 'notDropped', path: [...path, 'drop'], fix: fix(ops, root) };
    }
  },
});
