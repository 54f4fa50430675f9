import { defineControl, type ControlContext, type ControlReport } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { BindingDefinition } from '../../rbac/model.js';
import { secretsRead } from '../../rbac/risk.js';
import type { Rule } from '../../rbac/rules.js';
import {
  allowList,
  allowListPrecondition,
  bindingKinds,
  concludeGrants,
  grantData,
  RBAC_KINDS,
  rbacModel,
  riskySubjects,
} from '../authorization/support.js';

/** A rule limited to some Secrets by name is the remediation the catalog asks for: it passes. */
function readsAnySecret(rule: Rule) {
  const match = secretsRead(rule);
  return match && !match.namedOnly ? match : undefined;
}

function* judge(binding: BindingDefinition, ctx: ControlContext): Iterable<ControlReport<'secretsRead'>> {
  for (const found of riskySubjects(binding, rbacModel(ctx), allowList(ctx), readsAnySecret)) {
    yield { messageId: 'secretsRead', data: grantData(found), path: ['subjects', found.index] };
  }
}

export default defineControl({
  target: 'resource',
  kinds: bindingKinds,
  reads: RBAC_KINDS,
  precondition: allowListPrecondition,
  conclude: (_tally, ctx) => concludeGrants(ctx, judge),
  meta: {
    ...catalogFields('NSA-SEC-006'),
    slug: 'secrets-read-access',
    rationale:
      'get, list or watch on secrets returns their values: passwords, API keys, TLS keys and ServiceAccount tokens. list and watch return every Secret of the scope at once.',
    remediation:
      'Narrow the role: drop get/list/watch on secrets (and "*" in the core group), or limit get to the Secrets needed with resourceNames. List controllers that must read Secrets with --admin-subjects.',
    messages: {
      secretsRead: '{{subject}} can {{permission}} {{scope}} through {{role}}.',
    },
    example: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: read-tls-secret
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["shop-tls"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ingress-reads-tls
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: read-tls-secret
subjects:
  - kind: ServiceAccount
    name: ingress
    namespace: shop
`,
  },
  check(resource, ctx) {
    return judge(rbacModel(ctx).binding(resource), ctx);
  },
});
