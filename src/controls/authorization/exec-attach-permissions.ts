import { defineControl, type ControlContext, type ControlReport } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { BindingDefinition } from '../../rbac/model.js';
import { execAttach, execAttachOverWebSocket } from '../../rbac/risk.js';
import { allowList, allowListPrecondition, bindingKinds, concludeGrants, grantData, RBAC_KINDS, rbacModel, riskySubjects } from './support.js';

function* judge(binding: BindingDefinition, ctx: ControlContext): Iterable<ControlReport<'execAttach' | 'webSocket'>> {
  const model = rbacModel(ctx);
  const allow = allowList(ctx);
  const failed = new Set<number>();
  for (const found of riskySubjects(binding, model, allow, execAttach)) {
    failed.add(found.index);
    yield { messageId: 'execAttach', data: grantData(found), path: ['subjects', found.index] };
  }
  for (const found of riskySubjects(binding, model, allow, execAttachOverWebSocket)) {
    if (!failed.has(found.index)) yield { messageId: 'webSocket', data: grantData(found), path: ['subjects', found.index], status: 'warning' };
  }
}

export default defineControl({
  target: 'resource',
  kinds: bindingKinds,
  reads: RBAC_KINDS,
  precondition: allowListPrecondition,
  conclude: (_tally, ctx) => concludeGrants(ctx, judge),
  meta: {
    ...catalogFields('NSA-AUTH-014'),
    slug: 'exec-attach-permissions',
    rationale:
      'create on pods/exec or pods/attach runs commands inside running containers: with their ServiceAccount tokens, mounted Secrets and network position. It is how an attacker with stolen credentials moves into workloads.',
    remediation:
      'Remove pods/exec and pods/attach (and "*" or pods/*) from the roles of day-to-day subjects; give them to a break-glass group, or list the subjects that need them with --admin-subjects.',
    messages: {
      execAttach: '{{subject}} can {{permission}} {{scope}} through {{role}}.',
      webSocket:
        '{{subject}} can {{permission}} {{scope}} through {{role}}: before Kubernetes 1.35 (or with the AuthorizePodWebsocketUpgradeCreatePermission feature gate off) that is enough to exec or attach over WebSockets.',
    },
    example: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: developers-read-pods
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: developers
`,
  },
  check(resource, ctx) {
    return judge(rbacModel(ctx).binding(resource), ctx);
  },
});
