import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { userNamespacedFrom135 } from './support.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, hostAccessNeeded, remove } from '../fixes.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-018'),
    slug: 'proc-mount',
    fixable: true,
    rationale:
      'The default /proc mount masks and makes read-only the kernel paths that leak host information or allow host changes. procMount: Unmasked removes that masking.',
    remediation: 'Remove securityContext.procMount (or set it to Default).',
    messages: { unmasked: 'Container "{{container}}" sets procMount: {{value}}; /proc is not masked.' },
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
                  # Default masks /proc paths that reveal the node; never Unmasked.
                  procMount: Default
    `,
  },
  *check(container, { settings }) {
    const value = container.securityContext['procMount'];
    if (value === undefined || value === null || value === 'Default') return;
    if (userNamespacedFrom135(container.workload, settings.pssVersion)) return;
    const path = [...container.path, 'securityContext', 'procMount'];
    yield { messageId: 'unmasked', data: { value: String(value) }, path, fix: fix([remove(path)], hostAccessNeeded(container.workload, settings)) };
  },
});
