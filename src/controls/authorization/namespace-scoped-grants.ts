import { defineControl, type ControlContext, type ControlReport } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { CLUSTER_ROLE_BINDING, type BindingDefinition } from '../../rbac/model.js';
import { describePermission, WRITE_VERBS } from '../../rbac/risk.js';
import { ALL, type Rule } from '../../rbac/rules.js';
import { serviceAccountOf } from '../../rbac/subjects.js';
import { allowList, allowListPrecondition, concludeGrants, grantData, RBAC_KINDS, rbacModel, riskySubjects } from './support.js';

/**
 * Built-in resources that have no namespace: writing them needs a ClusterRoleBinding, so a grant of
 * only these is no sign that a RoleBinding would do.
 */
const clusterScoped: ReadonlySet<string> = new Set([
  'nodes', 'namespaces', 'persistentvolumes', 'componentstatuses',
  'clusterroles', 'clusterrolebindings', 'customresourcedefinitions', 'apiservices',
  'storageclasses', 'csidrivers', 'csinodes', 'volumeattachments', 'priorityclasses', 'runtimeclasses', 'ingressclasses',
  'mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings',
  'certificatesigningrequests', 'tokenreviews', 'subjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews',
  'selfsubjectreviews', 'flowschemas', 'prioritylevelconfigurations', 'podsecuritypolicies', 'servicecidrs', 'ipaddresses',
  'deviceclasses', 'resourceslices',
]);

/** Write verbs on namespaced resources (or on "*", which includes them). */
function writesNamespaced(rule: Rule) {
  const verbs = rule.verbs.filter((v) => v === ALL || WRITE_VERBS.includes(v));
  if (verbs.length === 0) return undefined;
  const namespaced = rule.resources.filter((r) => r === ALL || !clusterScoped.has(r.split('/')[0] ?? r));
  if (namespaced.length === 0) return undefined;
  return { permission: describePermission(verbs, namespaced) };
}

function* judge(binding: BindingDefinition, ctx: ControlContext): Iterable<ControlReport<'clusterWide'>> {
  if (binding.kind !== 'ClusterRoleBinding') return;
  const found = riskySubjects(binding, rbacModel(ctx), allowList(ctx), (rule, grant) =>
    serviceAccountOf(grant.subject) ? writesNamespaced(rule) : undefined,
  );
  for (const f of found) {
    const account = serviceAccountOf(f.subject);
    yield { messageId: 'clusterWide', data: { ...grantData(f), namespace: account?.namespace ?? '' }, path: ['subjects', f.index], status: 'warning' };
  }
}

export default defineControl({
  target: 'resource',
  kinds: [CLUSTER_ROLE_BINDING],
  reads: RBAC_KINDS,
  precondition: allowListPrecondition,
  conclude: (_tally, ctx) => concludeGrants(ctx, judge, (b) => b.kind === 'ClusterRoleBinding'),
  meta: {
    ...catalogFields('NSA-AUTH-017'),
    slug: 'namespace-scoped-grants',
    heuristic: true,
    rationale:
      'A ClusterRoleBinding grants its role in every namespace, present and future. A ServiceAccount usually works in its own namespace: granting it write access everywhere turns one compromised pod into a compromised cluster.',
    remediation:
      'Bind the role with a RoleBinding in each namespace the ServiceAccount works in (a RoleBinding may reference a ClusterRole). Keep ClusterRoleBindings for controllers that manage every namespace, and list them with --admin-subjects.',
    messages: {
      clusterWide: '{{subject}} can {{permission}} {{scope}} through {{role}}; a RoleBinding in namespace "{{namespace}}" may be enough.',
    },
    example: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deployer
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: shop
`,
  },
  check(resource, ctx) {
    return judge(rbacModel(ctx).binding(resource), ctx);
  },
});
