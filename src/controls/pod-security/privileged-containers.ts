import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-006'),
    slug: 'privileged-containers',
    rationale:
      'A privileged container has every capability and direct access to host devices: breaking out of it to the node is trivial.',
    remediation: 'Remove securityContext.privileged (or set it to false); grant only the specific capabilities the workload needs.',
    messages: { privileged: 'Container "{{container}}" runs privileged.' },
  },
  *check(container) {
    if (container.securityContext['privileged'] === true) {
      yield { messageId: 'privileged', path: [...container.path, 'securityContext', 'privileged'] };
    }
  },
});
