import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './default-service-account-bindings.js';

testControl(control, {
  valid: [
    { name: 'a dedicated ServiceAccount', manifest: control.meta.example ?? '' },
    {
      name: 'a ServiceAccount whose name only starts with default',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: x}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: ServiceAccount, name: default-backend, namespace: ingress}, {kind: User, name: default}]`,
    },
    {
      name: 'the default ServiceAccount explicitly allow-listed',
      settings: { adminSubjects: ['ServiceAccount:legacy:default'] },
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: legacy, namespace: legacy}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: ServiceAccount, name: default}]`,
    },
  ],
  invalid: [
    {
      name: 'the default ServiceAccount of the binding namespace (namespace omitted)',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reads, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects:
          - {kind: ServiceAccount, name: api}
          - {kind: ServiceAccount, name: default}`,
      findings: [{ messageId: 'defaultAccount', path: 'subjects[1]', line: 7, column: 5 }],
    },
    {
      name: 'kube-system default is not covered by the kube-system wildcard; the user-name spelling counts; unknown roles too',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: tiller}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: not-in-the-input}
        subjects:
          - {kind: ServiceAccount, name: default, namespace: kube-system}
          - {kind: User, name: "system:serviceaccount:shop:default"}`,
      findings: [
        { messageId: 'defaultAccount', path: 'subjects[0]' },
        { messageId: 'defaultAccount', path: 'subjects[1]' },
      ],
    },
  ],
});

it('NSA-AUTH-016 messages name the namespace whose pods get the role', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: reads, namespace: shop}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
      subjects: [{kind: ServiceAccount, name: default}]`,
  );
  assert.deepEqual(report.findings.map((f) => f.message), [
    'ServiceAccount "shop/default" is bound to ClusterRole "edit" (built-in) in namespace "shop": every pod in namespace "shop" that names no ServiceAccount gets it.',
  ]);
});
