import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './namespace-scoped-grants.js';

const clusterBinding = (role: string, subject: string) => yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRoleBinding
  metadata: {name: ${role}-binding}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
  subjects: [${subject}]`;

testControl(control, {
  valid: [
    {
      name: 'a ClusterRoleBinding of read-only view to a ServiceAccount',
      manifest: clusterBinding('view', '{kind: ServiceAccount, name: dashboard, namespace: monitoring}'),
    },
    {
      name: 'write access to cluster-scoped resources needs a ClusterRoleBinding',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: node-labeler}
        rules: [{apiGroups: [""], resources: [nodes, nodes/status], verbs: [patch]}]
        ---\n` + clusterBinding('node-labeler', '{kind: ServiceAccount, name: labeler, namespace: infra}'),
    },
    {
      name: 'the webhook auth delegation every aggregated API server binds',
      manifest: clusterBinding('system:auth-delegator', '{kind: ServiceAccount, name: metrics-server, namespace: monitoring}'),
    },
    { name: 'users and groups are not confined to one namespace', manifest: clusterBinding('edit', '{kind: Group, name: devs}') },
    { name: 'kube-system controllers (allow-listed)', manifest: clusterBinding('edit', '{kind: ServiceAccount, name: cloud-controller, namespace: kube-system}') },
  ],
  invalid: [
    {
      name: 'warns on a ServiceAccount granted edit in every namespace',
      manifest: clusterBinding('edit', '{kind: ServiceAccount, name: deployer, namespace: shop}'),
      findings: [{ messageId: 'clusterWide', path: 'subjects[0]', status: 'warning', line: 5, column: 12 }],
    },
  ],
});

it('NSA-AUTH-017 names the namespace the ServiceAccount lives in', () => {
  const report = scanWith(control, clusterBinding('edit', '{kind: User, name: "system:serviceaccount:shop:deployer"}'));
  assert.match(report.findings[0]?.message ?? '', /^User "system:serviceaccount:shop:deployer" can .* cluster-wide through ClusterRole "edit" \(built-in\); a RoleBinding in namespace "shop" may be enough\.$/);
});
