import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-007'),
    slug: 'privilege-escalation',
    rationale:
      'Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent through setuid binaries or file capabilities. The default is true.',
    remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    messages: {
      escalationAllowed: 'Container "{{container}}" allows privilege escalation (allowPrivilegeEscalation is {{value}}).',
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
            initContainers:
              - name: migrate
                image: registry.example.com/shop/migrate:1.4.2
                securityContext:
                  allowPrivilegeEscalation: false
            containers:
              # The default is true, so every container, init containers included, sets it explicitly.
              - name: web
                image: registry.example.com/shop/web:1.4.2
                securityContext:
                  allowPrivilegeEscalation: false
    `,
  },
  *check(container) {
    const value = container.securityContext['allowPrivilegeEscalation'];
    if (value !== false) {
      yield {
        messageId: 'escalationAllowed',
        data: { value: value === undefined ? 'unset, and defaults to true' : JSON.stringify(value) },
        path: [...container.path, 'securityContext', 'allowPrivilegeEscalation'],
      };
    }
  },
});
