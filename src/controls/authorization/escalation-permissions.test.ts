import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './escalation-permissions.js';

function roleAndBinding(rules: string, subject = '{kind: User, name: jane}'): string {
  return yaml`
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: custom}
    rules: ${rules}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata: {name: custom}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: custom}
    subjects: [${subject}]`;
}

testControl(control, {
  valid: [
    { name: 'read-only RBAC access', manifest: control.meta.example ?? '' },
    {
      name: 'the built-in admin role in a namespace',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: leads, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
        subjects: [{kind: Group, name: leads}]`,
    },
    { name: 'bind on something else than roles', manifest: roleAndBinding('[{apiGroups: [""], resources: [pods], verbs: [bind]}]') },
    {
      name: 'a kube-system controller creating tokens (allow-listed)',
      manifest: roleAndBinding('[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]', '{kind: ServiceAccount, name: token-issuer, namespace: kube-system}'),
    },
    {
      name: 'a ServiceAccount creating tokens for itself only (cert-manager tokenrequest)',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: tokenrequest, namespace: cert-manager}
        rules: [{apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [cert-manager], verbs: [create]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: tokenrequest, namespace: cert-manager}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tokenrequest}
        subjects: [{kind: ServiceAccount, name: cert-manager, namespace: cert-manager}]`,
    },
    {
      name: 'the CSR approver role bound to the controller manager',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: kubelet-serving-approver}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:certificates.k8s.io:kubelet-serving-approver"}
        subjects: [{kind: User, name: "system:kube-controller-manager"}]`,
    },
  ],
  invalid: [
    {
      name: 'bind on clusterroles',
      manifest: roleAndBinding('[{apiGroups: [rbac.authorization.k8s.io], resources: [pods, roles, clusterroles], verbs: [bind, list]}]'),
      findings: [{ messageId: 'escalation', path: 'subjects[0]', line: 10, column: 12 }],
    },
    {
      name: 'escalate through "*" verbs and groups',
      manifest: roleAndBinding('[{apiGroups: ["*"], resources: [roles], verbs: ["*"]}]'),
      findings: [{ messageId: 'escalation', path: 'subjects[0]' }],
    },
    { name: 'impersonate groups', manifest: roleAndBinding('[{apiGroups: [""], resources: [groups], verbs: [impersonate]}]'), findings: [{ messageId: 'escalation', path: 'subjects[0]' }] },
    { name: 'create serviceaccounts/token', manifest: roleAndBinding('[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]'), findings: [{ messageId: 'escalation', path: 'subjects[0]' }] },
    {
      name: 'tokens for a ServiceAccount of the same name in another namespace',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: tokenrequest}
        rules: [{apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [issuer], verbs: [create]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: tokenrequest, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: tokenrequest}
        subjects: [{kind: ServiceAccount, name: issuer, namespace: tools}]`,
      findings: [{ messageId: 'escalation', path: 'subjects[0]', line: 10, column: 12 }],
    },
    {
      name: 'tokens for itself, bound cluster-wide (every namesake in every namespace)',
      manifest: roleAndBinding(
        '[{apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [issuer], verbs: [create]}]',
        '{kind: ServiceAccount, name: issuer, namespace: tools}',
      ),
      findings: [{ messageId: 'escalation', path: 'subjects[0]' }],
    },
    {
      name: 'tokens for itself and another ServiceAccount',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: tokenrequest, namespace: tools}
        rules: [{apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [issuer, deployer], verbs: [create]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: tokenrequest, namespace: tools}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tokenrequest}
        subjects: [{kind: ServiceAccount, name: issuer, namespace: tools}]`,
      findings: [{ messageId: 'escalation', path: 'subjects[0]' }],
    },
    {
      name: 'approve CSRs',
      manifest: roleAndBinding('[{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}]'),
      findings: [{ messageId: 'escalation', path: 'subjects[0]' }],
    },
    {
      name: 'the built-in edit role impersonates ServiceAccounts and creates their tokens',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: devs, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects: [{kind: Group, name: devs}]`,
      findings: [{ messageId: 'escalation', path: 'subjects[0]' }],
    },
  ],
});

it('NSA-AUTH-015 messages name the escalation permission', () => {
  const report = scanWith(control, roleAndBinding('[{apiGroups: [""], resources: [users, groups], verbs: [impersonate]}]'));
  assert.deepEqual(report.findings.map((f) => f.message), ['User "jane" can impersonate users cluster-wide through ClusterRole "custom".']);
});
