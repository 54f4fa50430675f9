import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './dedicated-service-accounts.js';

const pod = (spec: string) => yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: api, namespace: shop}
  spec:
    ${spec}
    containers: [{name: app, image: nginx:1.27}]`;

const bindTo = (role: string, subject = '{kind: ServiceAccount, name: api, namespace: shop}', kind = 'ClusterRoleBinding') => yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ${kind}
  metadata: {name: api-${role}, namespace: shop}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
  subjects: [${subject}]
  ---
  `;

testControl(control, {
  valid: [
    {
      name: 'a mirror pod (a static pod) runs with no ServiceAccount, although the default one can write cluster-wide',
      manifest:
        bindTo('edit', '{kind: ServiceAccount, name: default, namespace: shop}') +
        yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: agent-node-1
            namespace: shop
            annotations: {kubernetes.io/config.mirror: 0a1b2c3d}
          spec:
            nodeName: node-1
            containers: [{name: agent, image: registry.example.com/agent:1.0}]`,
    },
    { name: 'a dedicated ServiceAccount without risky grants', manifest: control.meta.example ?? '' },
    { name: 'read-only cluster-wide access (view)', manifest: bindTo('view') + pod('serviceAccountName: api') },
    {
      name: 'a webhook that delegates authentication and authorization (system:auth-delegator): creating reviews writes nothing',
      manifest:
        bindTo('system:auth-delegator') +
        yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: review-checker}
          rules:
            - apiGroups: [authorization.k8s.io]
              resources: [subjectaccessreviews, selfsubjectaccessreviews, localsubjectaccessreviews]
              verbs: [create]
          ---
          ` +
        bindTo('review-checker') +
        pod('serviceAccountName: api'),
    },
    { name: 'namespaced write access (edit through a RoleBinding reads Secrets, but not this pod\'s account)', manifest: bindTo('edit', '{kind: ServiceAccount, name: other}', 'RoleBinding') + pod('serviceAccountName: api') },
    {
      name: 'a risky account whose token is not mounted',
      manifest: bindTo('cluster-admin') + pod('serviceAccountName: api\n    automountServiceAccountToken: false'),
    },
    {
      name: 'the ServiceAccount opts out of automounting',
      manifest:
        'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: shop}\nautomountServiceAccountToken: false\n---\n' +
        bindTo('cluster-admin') +
        pod('serviceAccountName: api'),
    },
    {
      name: 'the default ServiceAccount with no token mounted',
      manifest: bindTo('view', '{kind: User, name: jane}') + pod('automountServiceAccountToken: false'),
    },
    {
      name: 'an allow-listed ServiceAccount',
      settings: { adminSubjects: ['ServiceAccount:shop:api'] },
      manifest: bindTo('cluster-admin') + pod('serviceAccountName: api'),
    },
  ],
  invalid: [
    {
      name: 'cluster-wide write verbs',
      manifest: bindTo('edit') + pod('serviceAccountName: api'),
      findings: [{ messageId: 'overPrivileged', path: 'spec.serviceAccountName', line: 11, column: 3 }],
    },
    {
      name: 'any access to Secrets, even namespaced and even by name',
      manifest:
        yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata: {name: tls, namespace: shop}
          rules: [{apiGroups: [""], resources: [secrets], resourceNames: [tls], verbs: [get]}]
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: tls, namespace: shop}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tls}
          subjects: [{kind: ServiceAccount, name: api}]
          ---\n` + pod('serviceAccount: api'),
      findings: [{ messageId: 'overPrivileged', path: 'spec.serviceAccount' }],
    },
    {
      name: 'a projected token volume mounts the token despite automount false; grants through a ServiceAccount group count',
      manifest:
        bindTo('edit', '{kind: Group, name: "system:serviceaccounts:shop"}') +
        pod('serviceAccountName: api\n    automountServiceAccountToken: false\n    volumes: [{name: token, projected: {sources: [{serviceAccountToken: {path: token}}]}}]'),
      findings: [{ messageId: 'overPrivileged', path: 'spec.serviceAccountName' }],
    },
    {
      name: 'warns on the default ServiceAccount with a mounted token',
      manifest: bindTo('view', '{kind: ServiceAccount, name: default, namespace: shop}') + pod('hostname: api'),
      findings: [{ messageId: 'defaultAccount', path: 'spec.serviceAccountName', status: 'warning', line: 10 }],
    },
    {
      name: 'the default ServiceAccount with risky grants fails (no separate warning)',
      manifest: bindTo('cluster-admin', '{kind: ServiceAccount, name: default, namespace: shop}') + pod('serviceAccountName: default'),
      findings: [{ messageId: 'overPrivileged', path: 'spec.serviceAccountName' }],
    },
  ],
});

it('NSA-POD-025 messages name the account, permission, scope, role and binding', () => {
  const report = scanWith(control, bindTo('edit', '{kind: Group, name: "system:serviceaccounts"}') + pod('serviceAccountName: api'));
  assert.deepEqual(report.findings.map((f) => f.message), [
    'The pod runs as ServiceAccount "shop/api" with its token mounted, and it can get, list, watch secrets cluster-wide through ClusterRole "edit" (built-in) (ClusterRoleBinding "api-edit" to its Group "system:serviceaccounts").',
  ]);
});

it('NSA-POD-025 names the Secrets a rule limited by resourceNames reaches (cert-manager webhook CA sync)', () => {
  const role = yaml`
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: ca-sync}
    rules: [{apiGroups: [""], resources: [secrets], resourceNames: [webhook-ca], verbs: [get]}]
    ---
    `;
  const report = scanWith(control, role + bindTo('ca-sync') + pod('serviceAccountName: api'));
  assert.deepEqual(report.findings.map((f) => f.message), [
    'The pod runs as ServiceAccount "shop/api" with its token mounted, and it can get secrets named webhook-ca cluster-wide through ClusterRole "ca-sync" (ClusterRoleBinding "api-ca-sync").',
  ]);
});

it('NSA-POD-025 finds the grants of a pod without metadata.namespace under its ServiceAccount in default', () => {
  const report = scanWith(
    control,
    bindTo('edit', '{kind: ServiceAccount, name: api, namespace: default}') +
      yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: api}
        spec:
          serviceAccountName: api
          containers: [{name: app, image: nginx:1.27}]`,
  );
  assert.equal(report.controls.find((c) => c.id === 'NSA-POD-025')?.status, 'failed');
  assert.deepEqual(report.findings.map((f) => [f.messageId, f.path, f.resource.name]), [['overPrivileged', 'spec.serviceAccountName', 'api']]);
  assert.match(report.findings[0]?.message ?? '', /ServiceAccount "default\/api"/);
});

it('NSA-POD-025 is not evaluated without bindings in the input, yet still warns about the default account', () => {
  const report = scanWith(control, pod('hostname: api'));
  const entry = report.controls.find((c) => c.id === 'NSA-POD-025');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /no RoleBinding or ClusterRoleBinding in the input/);
  assert.deepEqual(report.findings.map((f) => [f.status, f.messageId]), [['warning', 'defaultAccount']]);
});

it('NSA-POD-025 is not evaluated when the pod\'s account is bound to an unknown role and nothing fails', () => {
  const report = scanWith(control, bindTo('not-in-input') + pod('serviceAccountName: api'));
  const entry = report.controls.find((c) => c.id === 'NSA-POD-025');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /ClusterRoleBinding "api-not-in-input" -> ClusterRole "not-in-input"/);
  const unrelated = scanWith(control, bindTo('not-in-input', '{kind: User, name: jane}') + pod('serviceAccountName: api'));
  assert.equal(unrelated.controls.find((c) => c.id === 'NSA-POD-025')?.status, 'passed');
});

it('NSA-POD-025 does not tell a static pod manifest of the control plane to use a dedicated ServiceAccount', () => {
  const report = scanWith(
    control,
    bindTo('edit', '{kind: ServiceAccount, name: default, namespace: kube-system}') +
      yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: etcd, namespace: kube-system, labels: {component: etcd, tier: control-plane}}
        spec:
          hostNetwork: true
          containers:
            - name: etcd
              image: registry.k8s.io/etcd:3.5.12-0
              command: [etcd, --client-cert-auth=true, --data-dir=/var/lib/etcd]`,
  );
  assert.deepEqual(report.findings, []);
});
