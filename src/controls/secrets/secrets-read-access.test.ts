import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './secrets-read-access.js';

const secretsReader = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: secrets-reader, namespace: shop}
  rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]`;

testControl(control, {
  valid: [
    { name: 'get limited to one Secret by name', manifest: control.meta.example ?? '' },
    {
      name: 'the built-in view role reads no Secrets',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: auditors, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: Group, name: auditors}]`,
    },
    {
      name: 'system:node bound to the nodes group (allow-listed)',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: "system:node"}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:node"}
        subjects: [{kind: Group, name: "system:nodes"}]`,
    },
    {
      name: 'a RoleBinding in another namespace than the Role does not grant it',
      manifest: `${secretsReader}---\n${yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: other, namespace: billing}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: User, name: jane}]`}`,
    },
  ],
  invalid: [
    {
      name: 'a Role listing secrets bound in its namespace',
      manifest: `${secretsReader}---\n${yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: jane, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secrets-reader}
        subjects: [{kind: ServiceAccount, name: api}, {kind: User, name: jane}]`}`,
      findings: [
        { messageId: 'secretsRead', path: 'subjects[0]', line: 10, column: 12 },
        { messageId: 'secretsRead', path: 'subjects[1]', line: 10 },
      ],
    },
    {
      name: 'the built-in edit role reads Secrets',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: devs, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects: [{kind: Group, name: devs}]`,
      findings: [{ messageId: 'secretsRead', path: 'subjects[0]' }],
    },
    {
      name: '"*" in the core group, through a ClusterRoleBinding',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: core-reader}
        rules: [{apiGroups: [""], resources: ["*"], verbs: [watch]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: core-reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: core-reader}
        subjects: [{kind: ServiceAccount, name: default, namespace: kube-system}]`,
      findings: [{ messageId: 'secretsRead', path: 'subjects[0]' }],
    },
  ],
});

it('NSA-SEC-006 messages name subject, permission, scope and role', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: monitoring}
      aggregationRule:
        clusterRoleSelectors: [{matchLabels: {example.com/monitoring: "true"}}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: read-secrets, labels: {example.com/monitoring: "true"}}
      rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: prometheus}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
      subjects: [{kind: ServiceAccount, name: prometheus, namespace: monitoring}]`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), [
    'ServiceAccount "monitoring/prometheus" can get secrets cluster-wide through ClusterRole "monitoring", rule aggregated from ClusterRole "read-secrets".',
  ]);
});
