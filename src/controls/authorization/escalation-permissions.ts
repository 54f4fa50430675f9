import { defineControl, type ControlContext, type ControlReport } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { BindingDefinition } from '../../rbac/model.js';
import { escalation } from '../../rbac/risk.js';
import { allowList, allowListPrecondition, bindingKinds, concludeGrants, grantData, RBAC_KINDS, rbacModel, riskySubjects } from './support.js';

/** The administrative roles, whose purpose includes these verbs (cluster-admin bindings are NSA-AUTH-012's). */
const adminRoles: ReadonlySet<string> = new Set(['cluster-admin', 'admin']);

function* judge(binding: BindingDefinition, ctx: ControlContext): Iterable<ControlReport<'escalation'>> {
  if (binding.role?.kind === 'ClusterRole' && adminRoles.has(binding.role.name)) return;
  for (const found of riskySubjects(binding, rbacModel(ctx), allowList(ctx), escalation)) {
    yield { messageId: 'escalation', data: grantData(found), path: ['subjects', found.index] };
  }
}

export default defineControl({
  target: 'resource',
  kinds: bindingKinds,
  reads: RBAC_KINDS,
  precondition: allowListPrecondition,
  conclude: (_tally, ctx) => concludeGrants(ctx, judge, (b) => !adminRoles.has(b.roleRef.name)),
  meta: {
    ...catalogFields('NSA-AUTH-015'),
    slug: 'escalation-permissions',
    rationale:
      'escalate and bind let a subject grant permissions it does not hold; impersonate lets it act as another user, group or ServiceAccount; creating ServiceAccount tokens or approving CSRs mints credentials. Each turns a limited role into a larger one.',
    remediation:
      'Remove escalate/bind on roles and clusterroles, impersonate, create on serviceaccounts/token and CSR approval from roles other than admin and cluster-admin; list the controllers that need them with --admin-subjects.',
    messages: {
      escalation: '{{subject}} can {{permission}} {{scope}} through {{role}}.',
    },
    example: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-reader
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: auditors-read-rbac
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: rbac-reader
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: auditors
`,
  },
  check(resource, ctx) {
    return judge(rbacModel(ctx).binding(resource), ctx);
  },
});
