import { defineControl, type ControlContext, type ControlReport } from '../../core/control.js';
import type { Resource } from '../../core/resource.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { BindingDefinition } from '../../rbac/model.js';
import { isFullWildcard } from '../../rbac/risk.js';
import { describeSubject, isAdminSubject } from '../../rbac/subjects.js';
import {
  allowList,
  allowListPrecondition,
  bindingKinds,
  bindingScope,
  concludeGrants,
  describeRoleRef,
  grantData,
  RBAC_KINDS,
  rbacModel,
  riskySubjects,
} from './support.js';

type Message = 'clusterAdmin' | 'fullWildcard';

function* judge(binding: BindingDefinition, ctx: ControlContext): Iterable<ControlReport<Message>> {
  const allow = allowList(ctx);
  if (binding.roleRef.name === 'cluster-admin') {
    for (const { subject, index } of binding.subjects) {
      if (isAdminSubject(subject, allow)) continue;
      yield {
        messageId: 'clusterAdmin',
        data: { subject: describeSubject(subject), role: describeRoleRef(binding), scope: bindingScope(binding) },
        path: ['subjects', index],
      };
    }
    return;
  }
  const found = riskySubjects(binding, rbacModel(ctx), allow, (rule) => (isFullWildcard(rule) ? { permission: 'do anything' } : undefined));
  for (const f of found) yield { messageId: 'fullWildcard', data: grantData(f), path: ['subjects', f.index] };
}

export default defineControl({
  target: 'resource',
  kinds: bindingKinds,
  reads: RBAC_KINDS,
  precondition: allowListPrecondition,
  conclude: (_tally, ctx) => concludeGrants(ctx, judge, (b) => b.roleRef.name !== 'cluster-admin'),
  meta: {
    ...catalogFields('NSA-AUTH-012'),
    slug: 'cluster-admin-bindings',
    rationale:
      'cluster-admin, and any role whose rule has "*" verbs on "*" resources, can do everything, including reading every Secret and granting itself more. Each subject bound to it is one stolen credential away from owning the cluster (or the namespace).',
    remediation:
      'Bind a narrower role (admin or edit in one namespace, or a custom role listing what is needed). Keep cluster-admin for the break-glass admin group; list other expected admins with --admin-subjects.',
    messages: {
      clusterAdmin: '{{subject}} is bound to {{role}} {{scope}}.',
      fullWildcard: '{{subject}} can {{permission}} {{scope}} through {{role}}: its rule has "*" verbs on "*" resources.',
    },
    example: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cluster-admins
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: kubeadm:cluster-admins
`,
  },
  check(resource: Resource, ctx) {
    return judge(rbacModel(ctx).binding(resource), ctx);
  },
});
