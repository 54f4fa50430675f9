import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { describeSubject, isAdminSubject, serviceAccountOf } from '../../rbac/subjects.js';
import { allowList, allowListPrecondition, bindingKinds, bindingScope, describeRoleRef, RBAC_KINDS, rbacModel } from './support.js';

export default defineControl({
  target: 'resource',
  kinds: bindingKinds,
  reads: RBAC_KINDS,
  precondition: allowListPrecondition,
  meta: {
    ...catalogFields('NSA-AUTH-016'),
    slug: 'default-service-account-bindings',
    rationale:
      'Every namespace has a ServiceAccount named default, and every pod that names no ServiceAccount runs as it. A role bound to it is given to all those pods, present and future, whether they need it or not.',
    remediation:
      'Create a dedicated ServiceAccount for the workload that needs the role, bind the role to it, and set serviceAccountName in that workload. Allow an unavoidable binding with --admin-subjects ServiceAccount:NAMESPACE:default.',
    messages: {
      defaultAccount: '{{subject}} is bound to {{role}} {{scope}}: every pod in namespace "{{namespace}}" that names no ServiceAccount gets it.',
    },
    example: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: api-reads-config
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: api
    namespace: shop
`,
  },
  *check(resource, ctx) {
    const binding = rbacModel(ctx).binding(resource);
    const allow = allowList(ctx);
    for (const { subject, index } of binding.subjects) {
      const account = serviceAccountOf(subject);
      if (account?.name !== 'default' || isAdminSubject(subject, allow)) continue;
      yield {
        messageId: 'defaultAccount',
        data: { subject: describeSubject(subject), role: describeRoleRef(binding), scope: bindingScope(binding), namespace: account.namespace },
        path: ['subjects', index],
      };
    }
  },
});
