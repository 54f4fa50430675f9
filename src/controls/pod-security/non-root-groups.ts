import { defineControl } from '../../core/control.js';
import { asArray } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, fixDefaults, remove, set } from '../fixes.js';
import { isWindowsPod } from './support.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-003'),
    slug: 'non-root-groups',
    fixable: true,
    rationale:
      'Group 0 (root) owns many sensitive files on the container and host file systems. The guidance asks for non-zero primary, supplementary and file-system groups (App. C: 1-65535).',
    remediation: 'Set non-zero runAsGroup and fsGroup in the pod securityContext, and remove 0 from supplementalGroups.',
    messages: {
      rootGroup: 'Container "{{container}}" runs with group {{group}} (runAsGroup {{how}}).',
      rootSupplementalGroup: 'The pod adds supplementary group 0 (root).',
      rootFsGroup: 'The pod sets fsGroup: 0 (root).',
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
              runAsUser: 10001
              runAsGroup: 10001          # primary group: not 0
              fsGroup: 10001             # owner group of mounted volumes: not 0
              supplementalGroups: [10002]  # no 0 among the extra groups
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
    `,
  },
  *check(workload, { settings }) {
    if (isWindowsPod(workload)) return;
    const defaults = fixDefaults(settings);
    const explicit = (field: string): string =>
      `${field} 0 is set explicitly: files the workload uses may be owned by group 0; change their group first`;
    for (const container of workload.containers) {
      const { runAsGroup } = container.security;
      if (runAsGroup.value === undefined || runAsGroup.value === 0) {
        yield {
          messageId: 'rootGroup',
          container: container.name,
          data: { group: 0, how: runAsGroup.value === undefined ? 'is unset, so the image default applies' : `is 0 at ${runAsGroup.from} level` },
          path: runAsGroup.path,
          fix:
            runAsGroup.value === undefined
              ? fix([set([...workload.podSpecPath, 'securityContext', 'runAsGroup'], defaults.runAsGroup)])
              : fix([set(runAsGroup.path, defaults.runAsGroup)], explicit('runAsGroup')),
        };
      }
    }
    const context = workload.podSecurityContext;
    const contextPath = [...workload.podSpecPath, 'securityContext'];
    const groups = asArray(context['supplementalGroups']);
    const rootIndex = groups.indexOf(0);
    if (rootIndex !== -1) {
      const path = [...contextPath, 'supplementalGroups', rootIndex];
      yield { messageId: 'rootSupplementalGroup', path, fix: fix([remove(path)], explicit('supplementalGroups')) };
    }
    if (context['fsGroup'] === 0) {
      const path = [...contextPath, 'fsGroup'];
      yield { messageId: 'rootFsGroup', path, fix: fix([set(path, defaults.runAsGroup)], explicit('fsGroup')) };
    }
  },
});
