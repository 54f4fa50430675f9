import { testControl, yaml } from '../../testing/control-tester.js';
import control from './anonymous-access-bindings.js';

testControl(control, {
  valid: [
    {
      name: 'the default public-info-viewer binding (built-in role)',
      manifest: control.meta.example ?? '',
    },
    {
      name: 'an input copy of system:public-info-viewer that grants no more than the built-in',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "system:public-info-viewer"}
        rules: [{nonResourceURLs: [/healthz, /version], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: "system:public-info-viewer"}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:public-info-viewer"}
        subjects: [{kind: Group, name: "system:unauthenticated"}, {kind: Group, name: "system:authenticated"}]`,
    },
    {
      name: 'system:authenticated bound to the default discovery roles',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: "system:discovery"}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:discovery"}
        subjects: [{kind: Group, name: "system:authenticated"}]`,
    },
    {
      name: 'named users only',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: readers, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: User, name: jane}, {kind: Group, name: auditors}]`,
    },
  ],
  invalid: [
    {
      name: 'anonymous user bound to view in a namespace',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: open, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects:
          - {kind: User, name: jane}
          - {kind: User, name: "system:anonymous"}`,
      findings: [{ messageId: 'anonymous', path: 'subjects[1]', line: 7, column: 5 }],
    },
    {
      name: 'system:unauthenticated on a public-info-viewer that grants more than the built-in',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "system:public-info-viewer"}
        rules:
          - {nonResourceURLs: [/healthz, /version], verbs: [get]}
          - {apiGroups: [""], resources: [secrets], verbs: [get]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: "system:public-info-viewer"}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:public-info-viewer"}
        subjects: [{kind: Group, name: "system:unauthenticated"}]`,
      findings: [{ messageId: 'anonymous', path: 'subjects[0]', line: 12 }],
    },
    {
      name: 'system:unauthenticated bound to a role the input does not define still fails',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: open}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: somewhere-else}
        subjects: [{kind: Group, name: "system:unauthenticated"}]`,
      findings: [{ messageId: 'anonymous', path: 'subjects[0]' }],
    },
    {
      name: 'warns on system:authenticated bound to a non-default role',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: everyone-views}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: Group, name: "system:authenticated"}]`,
      findings: [{ messageId: 'authenticated', path: 'subjects[0]', status: 'warning', line: 5, column: 12 }],
    },
  ],
});
