import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { DEFAULT_AUTHENTICATED_ROLES } from '../../rbac/builtin-roles.js';
import type { BindingDefinition } from '../../rbac/model.js';
import { describeSubject } from '../../rbac/subjects.js';
import { bindingKinds, bindingScope, describeRoleRef, grantsNoMoreThanBuiltin, RBAC_KINDS, rbacModel } from './support.js';

/**
 * The binding's role is the built-in ClusterRole of that name, or an input copy granting no more: the
 * defaults the bootstrap policy binds to every user (public-info-viewer also to anonymous ones).
 */
function isDefaultRole(binding: BindingDefinition, names: ReadonlySet<string>): boolean {
  const role = binding.role;
  return binding.status === 'resolved' && role?.kind === 'ClusterRole' && names.has(role.name) && grantsNoMoreThanBuiltin(role);
}

const publicInfoViewer: ReadonlySet<string> = new Set(['system:public-info-viewer']);

export default defineControl({
  target: 'resource',
  kinds: bindingKinds,
  reads: RBAC_KINDS,
  meta: {
    ...catalogFields('NSA-AUTH-002'),
    slug: 'anonymous-access-bindings',
    rationale:
      'Requests without credentials run as the user system:anonymous in the group system:unauthenticated. Whatever a binding grants them, anyone who can reach the API server gets, with no trace of who they are.',
    remediation:
      'Delete the subjects system:anonymous and system:unauthenticated from the binding (only the built-in system:public-info-viewer may keep them). Bind system:authenticated only to the default discovery roles.',
    messages: {
      anonymous: '{{subject}} (every request without credentials) is bound to {{role}} {{scope}}.',
      authenticated: 'Group "system:authenticated" (every user and ServiceAccount) is bound to {{role}} {{scope}}, which is not one of the default roles for all users.',
    },
    example: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:public-info-viewer
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:public-info-viewer
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: system:unauthenticated
`,
  },
  *check(resource, ctx) {
    const binding = rbacModel(ctx).binding(resource);
    const data = { role: describeRoleRef(binding), scope: bindingScope(binding) };
    for (const { subject, index } of binding.subjects) {
      const path = ['subjects', index];
      const anonymous =
        (subject.kind === 'User' && subject.name === 'system:anonymous') ||
        (subject.kind === 'Group' && subject.name === 'system:unauthenticated');
      if (anonymous) {
        if (!isDefaultRole(binding, publicInfoViewer)) yield { messageId: 'anonymous', data: { ...data, subject: describeSubject(subject) }, path };
      } else if (subject.kind === 'Group' && subject.name === 'system:authenticated') {
        if (!isDefaultRole(binding, DEFAULT_AUTHENTICATED_ROLES)) yield { messageId: 'authenticated', data, path, status: 'warning' };
      }
    }
  },
});
