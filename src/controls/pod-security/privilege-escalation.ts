import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';

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
