import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './cluster-admin-bindings.js';

const wildcardRole = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: everything}
  rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]`;

testControl(control, {
  valid: [
    { name: 'cluster-admin bound to an allow-listed group', manifest: control.meta.example ?? '' },
    {
      name: 'cluster-admin bound to system:masters and a kube-system controller',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: cluster-admin}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects:
          - {kind: Group, name: "system:masters"}
          - {kind: ServiceAccount, name: cilium-operator, namespace: kube-system}`,
    },
    {
      name: 'a wildcard role with explicit verbs is not full access',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: reader}
        rules: [{apiGroups: ["*"], resources: ["*"], verbs: [get, list, watch]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: readers}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
        subjects: [{kind: User, name: jane}]`,
    },
    {
      name: 'an unbound wildcard role grants nobody anything',
      manifest: `${wildcardRole}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: other, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: User, name: jane}]\n`,
    },
    {
      name: 'a user listed with --admin-subjects',
      settings: { adminSubjects: ['User:breakglass'] },
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: breakglass}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{kind: User, name: breakglass}]`,
    },
  ],
  invalid: [
    {
      name: 'cluster-admin bound to a user, cluster-wide',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: jane-admin}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects:
          - {kind: Group, name: "system:masters"}
          - {kind: User, name: jane}`,
      findings: [{ messageId: 'clusterAdmin', path: 'subjects[1]', line: 7, column: 5 }],
    },
    {
      name: 'cluster-admin through a RoleBinding (namespace-wide), and the kube-system default ServiceAccount is not allow-listed',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: tiller, namespace: kube-system}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{kind: ServiceAccount, name: default}]`,
      findings: [{ messageId: 'clusterAdmin', path: 'subjects[0]', line: 5 }],
    },
    {
      name: 'a custom role with "*" on "*" bound to a group',
      manifest: `${wildcardRole}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: devs}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}\nsubjects: [{kind: Group, name: devs}]\n`,
      findings: [{ messageId: 'fullWildcard', path: 'subjects[0]', line: 10 }],
    },
    {
      name: 'a core-group wildcard Role (apiGroups "") bound in its namespace',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: core-all, namespace: shop}
        rules: [{apiGroups: [""], resources: ["*"], verbs: ["*"]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: core-all, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: core-all}
        subjects: [{kind: User, name: jane}]`,
      findings: [{ messageId: 'fullWildcard', path: 'subjects[0]' }],
    },
    {
      name: 'an aggregated ClusterRole that collects a wildcard rule',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: platform}
        aggregationRule:
          clusterRoleSelectors: [{matchLabels: {example.com/platform: "true"}}]
        rules: []
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: platform-everything, labels: {example.com/platform: "true"}}
        rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: platform-team}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: platform}
        subjects: [{kind: Group, name: platform}]`,
      findings: [{ messageId: 'fullWildcard', path: 'subjects[0]' }],
    },
  ],
});

it('NSA-AUTH-012 is not evaluated when a binding\'s role is unknown and nothing else fails', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: ops}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ops-role}
      subjects: [{kind: Group, name: ops}]`,
  );
  const entry = report.controls.find((c) => c.id === 'NSA-AUTH-012');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /ClusterRoleBinding "ops" -> ClusterRole "ops-role"/);
});

it('NSA-AUTH-012 messages name the subject, the role and the scope', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: x, namespace: shop}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
      subjects: [{kind: ServiceAccount, name: ci, namespace: build}]`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), ['ServiceAccount "build/ci" is bound to ClusterRole "cluster-admin" (built-in) in namespace "shop".']);
});

it('NSA-AUTH-012 is not evaluated when the allow-list cannot be read', () => {
  const report = scanWith(control, control.meta.example ?? '', { adminSubjects: ['masters'] });
  const entry = report.controls.find((c) => c.id === 'NSA-AUTH-012');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /adminSubjects setting cannot be read/);
});
