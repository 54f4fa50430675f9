import { defineControl } from '../../core/control.js';
import { asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { securityContexts } from './support.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, hostAccessNeeded, remove } from '../fixes.js';

/** SELinux types the container runtime policies define for containers (PSA baseline, with container_engine_t from 1.31). */
const allowedTypes = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-016'),
    slug: 'selinux-options',
    fixable: true,
    rationale:
      'A custom SELinux user, role or type can lift the mandatory access control that keeps a container away from host files and other containers.',
    remediation: 'Remove seLinuxOptions.user and .role, and use one of the container types (container_t, container_init_t, container_kvm_t, container_engine_t) or none.',
    messages: {
      type: 'SELinux type "{{value}}"{{where}} is not a container type.',
      userOrRole: 'SELinux {{field}} "{{value}}" is set{{where}}; custom users and roles are not allowed.',
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
              seLinuxOptions:
                # A container type and an MCS level; no custom SELinux user or role.
                type: container_t
                level: "s0:c123,c456"
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
    `,
  },
  *check(workload, { settings }) {
    const risk = hostAccessNeeded(workload, settings);
    for (const { context, path, container } of securityContexts(workload)) {
      const options = asRecord(context['seLinuxOptions']);
      if (!options) continue;
      const where = container ? ` for container "${container}"` : ' for the pod';
      const base = [...path, 'seLinuxOptions'];
      const named = container ? { container } : {};
      const type = options['type'];
      if (type !== undefined && type !== null && !allowedTypes.has(String(type))) {
        yield { messageId: 'type', ...named, data: { value: String(type), where }, path: [...base, 'type'], fix: fix([remove([...base, 'type'])], risk) };
      }
      for (const field of ['user', 'role'] as const) {
        const value = asString(options[field]) ?? (options[field] == null ? '' : String(options[field]));
        if (value !== '') yield { messageId: 'userOrRole', ...named, data: { field, value, where }, path: [...base, field], fix: fix([remove([...base, field])], risk) };
      }
    }
  },
});
