import { defineControl } from '../../core/control.js';
import { asArray, asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { isSystemRoleName } from '../../rbac/builtin-roles.js';
import { CLUSTER_ROLE, ROLE } from '../../rbac/model.js';
import { ALL, describeRule, readRule } from '../../rbac/rules.js';

const fields = ['verbs', 'apiGroups', 'resources'] as const;

export default defineControl({
  target: 'resource',
  kinds: [ROLE, CLUSTER_ROLE],
  meta: {
    ...catalogFields('NSA-AUTH-013'),
    slug: 'wildcard-rbac-rules',
    rationale:
      'A "*" grants every verb, group or resource, including those added later (new subresources, custom resources, escalate and impersonate verbs). Nobody reviewing the role sees what it really allows.',
    remediation: 'List the verbs, API groups and resources the role needs instead of "*".',
    messages: {
      wildcard: 'Rule {{rule}} of {{kind}} "{{role}}" has "*" in {{fields}} ({{description}}).',
    },
    example: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch", "update", "patch"]
`,
  },
  *check(resource) {
    // The system roles (system:… and the default cluster-admin, admin, edit, view) are the API server's.
    const kind = resource.ref.kind === 'ClusterRole' ? 'ClusterRole' : 'Role';
    if (isSystemRoleName(resource.ref.name, kind)) return;
    // The aggregation controller writes an aggregated ClusterRole's rules: each is judged where it is written.
    if (kind === 'ClusterRole' && asRecord(resource.object['aggregationRule'])) return;
    const rules = asArray(resource.object['rules']);
    for (let i = 0; i < rules.length; i++) {
      const rule = readRule(rules[i]);
      if (!rule) continue;
      const wild = fields.filter((f) => rule[f].includes(ALL));
      const first = wild[0];
      if (!first) continue;
      const index = asArray(asRecord(rules[i])?.[first]).indexOf(ALL);
      yield {
        messageId: 'wildcard',
        data: { rule: i + 1, kind: resource.ref.kind, role: resource.ref.name, fields: wild.join(', '), description: describeRule(rule) },
        path: ['rules', i, first, index],
      };
    }
  },
});
