import { defineControl, type ControlContext, type ControlReport } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { BindingDefinition, Grant } from '../../rbac/model.js';
import { csrApprove, escalateBind, impersonate, tokenCreate, type RiskMatch } from '../../rbac/risk.js';
import type { Rule } from '../../rbac/rules.js';
import { allowList, allowListPrecondition, bindingKinds, concludeGrants, grantData, RBAC_KINDS, rbacModel, riskySubjects } from './support.js';

/** The administrative roles, whose purpose includes these verbs (cluster-admin bindings are NSA-AUTH-012's). */
const adminRoles: ReadonlySet<string> = new Set(['cluster-admin', 'admin']);

/**
 * A ServiceAccount that may only request tokens for itself (resourceNames naming it, in its own
 * namespace) mints nothing it does not already hold: cert-manager and other operators bind exactly that.
 * Bound cluster-wide, the same name would reach the namesakes of every namespace.
 */
function tokensForItselfOnly(rule: Rule, grant: Grant): boolean {
  const { subject } = grant;
  return (
    subject.kind === 'ServiceAccount' &&
    grant.namespace !== undefined &&
    grant.namespace === subject.namespace &&
    rule.resourceNames.length > 0 &&
    rule.resourceNames.every((name) => name === subject.name)
  );
}

function escalationOf(rule: Rule, grant: Grant): RiskMatch | undefined {
  return (
    escalateBind(rule) ?? impersonate(rule) ?? (tokensForItselfOnly(rule, grant) ? undefined : tokenCreate(rule)) ?? csrApprove(rule)
  );
}

function* judge(binding: BindingDefinition, ctx: ControlContext): Iterable<ControlReport<'escalation'>> {
  if (binding.role?.kind === 'ClusterRole' && adminRoles.has(binding.role.name)) return;
  for (const found of riskySubjects(binding, rbacModel(ctx), allowList(ctx), escalationOf)) {
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
