import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './exec-attach-permissions.js';

const binding = (roleKind: string, role: string, namespace = 'shop') => yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: {name: devs, namespace: ${namespace}}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role}}
  subjects: [{kind: Group, name: devs}]`;

testControl(control, {
  valid: [
    { name: 'read-only pod access', manifest: control.meta.example ?? '' },
    { name: 'the built-in view role', manifest: binding('ClusterRole', 'view') },
    {
      name: 'exec in another API group is not the pods subresource',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: other, namespace: shop}
        rules: [{apiGroups: [example.com], resources: [pods/exec], verbs: [create]}]
        ---\n` + binding('Role', 'other'),
    },
    {
      name: 'a subject on the allow-list',
      settings: { adminSubjects: ['Group:devs'] },
      manifest: binding('ClusterRole', 'edit'),
    },
  ],
  invalid: [
    {
      name: 'warns on get on pods/exec (enough for WebSocket exec before 1.35), which is not create',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: peek, namespace: shop}
        rules: [{apiGroups: [""], resources: [pods/exec, pods/attach], verbs: [get]}]
        ---\n` + binding('Role', 'peek'),
      findings: [{ messageId: 'webSocket', path: 'subjects[0]', status: 'warning', line: 10 }],
    },
    {
      name: 'the built-in edit role grants create pods/exec',
      manifest: binding('ClusterRole', 'edit'),
      findings: [{ messageId: 'execAttach', path: 'subjects[0]', line: 5, column: 12 }],
    },
    {
      name: 'a RoleBinding without metadata.namespace finds its Role in default',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: attach, namespace: default}
        rules: [{apiGroups: [""], resources: [pods/attach], verbs: [create]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: devs}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: attach}
        subjects: [{kind: Group, name: devs}]`,
      findings: [{ messageId: 'execAttach', path: 'subjects[0]', line: 10 }],
    },
    {
      name: 'create on pods/attach in a Role',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: attach, namespace: shop}
        rules: [{apiGroups: [""], resources: [pods/attach], verbs: [create]}]
        ---\n` + binding('Role', 'attach'),
      findings: [{ messageId: 'execAttach', path: 'subjects[0]', line: 10 }],
    },
    {
      name: 'pods/* with create, and "*" verbs on "*" resources',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: pods-all}
        rules: [{apiGroups: [""], resources: ["pods/*"], verbs: [create, list]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: all}
        rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: a, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pods-all}
        subjects: [{kind: User, name: dave}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: all}
        subjects: [{kind: User, name: jane}]`,
      findings: [
        { messageId: 'execAttach', path: 'subjects[0]', line: 15 },
        { messageId: 'execAttach', path: 'subjects[0]', line: 21 },
      ],
    },
  ],
});

it('NSA-AUTH-014 messages say who can exec where, through which role', () => {
  const report = scanWith(control, binding('ClusterRole', 'admin'));
  assert.deepEqual(report.findings.map((f) => f.message), ['Group "devs" can create pods/exec in namespace "shop" through ClusterRole "admin" (built-in).']);
});

it('NSA-AUTH-014 fails despite an unknown role elsewhere, and is not evaluated when only unknown roles remain', () => {
  const unknown = binding('Role', 'not-in-input');
  const withFailure = scanWith(control, `${unknown}---\n${binding('ClusterRole', 'edit', 'other')}`);
  assert.equal(withFailure.controls.find((c) => c.id === 'NSA-AUTH-014')?.status, 'failed');
  const onlyUnknown = scanWith(control, unknown);
  assert.equal(onlyUnknown.controls.find((c) => c.id === 'NSA-AUTH-014')?.status, 'not-evaluated');
});
