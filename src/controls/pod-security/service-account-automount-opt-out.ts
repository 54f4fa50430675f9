import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';

export default defineControl({
  target: 'resource',
  kinds: ['/ServiceAccount'],
  meta: {
    ...catalogFields('NSA-POD-024'),
    slug: 'service-account-automount-opt-out',
    rationale:
      "A ServiceAccount that does not opt out of automount puts its token in every pod that uses it, including pods that never call the API. The namespace's default account is used by every pod that names none.",
    remediation: 'Set automountServiceAccountToken: false on the ServiceAccount; pods that need the token opt in with automountServiceAccountToken: true.',
    messages: { automount: 'ServiceAccount "{{name}}" does not opt out of token automount.' },
  },
  *check(resource) {
    if (resource.object['automountServiceAccountToken'] !== false) {
      yield { messageId: 'automount', data: { name: resource.ref.name }, path: ['automountServiceAccountToken'] };
    }
  },
});
