import { defineControl } from '../../core/control.js';
import { asArray } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-003'),
    slug: 'non-root-groups',
    rationale:
      'Group 0 (root) owns many sensitive files on the container and host file systems. The guidance asks for non-zero primary, supplementary and file-system groups (App. C: 1-65535).',
    remediation: 'Set non-zero runAsGroup and fsGroup in the pod securityContext, and remove 0 from supplementalGroups.',
    messages: {
      rootGroup: 'Container "{{container}}" runs with group {{group}} (runAsGroup {{how}}).',
      rootSupplementalGroup: 'The pod adds supplementary group 0 (root).',
      rootFsGroup: 'The pod sets fsGroup: 0 (root).',
    },
  },
  *check(workload) {
    for (const container of workload.containers) {
      const { runAsGroup } = container.security;
      if (runAsGroup.value === undefined || runAsGroup.value === 0) {
        yield {
          messageId: 'rootGroup',
          container: container.name,
          data: { group: 0, how: runAsGroup.value === undefined ? 'is unset, so the image default applies' : `is 0 at ${runAsGroup.from} level` },
          path: runAsGroup.path,
        };
      }
    }
    const context = workload.podSecurityContext;
    const contextPath = [...workload.podSpecPath, 'securityContext'];
    const groups = asArray(context['supplementalGroups']);
    const rootIndex = groups.indexOf(0);
    if (rootIndex !== -1) yield { messageId: 'rootSupplementalGroup', path: [...contextPath, 'supplementalGroups', rootIndex] };
    if (context['fsGroup'] === 0) yield { messageId: 'rootFsGroup', path: [...contextPath, 'fsGroup'] };
  },
});
