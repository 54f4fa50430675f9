import { testControl, yaml } from '../../testing/control-tester.js';
import control from './wildcard-rbac-rules.js';

testControl(control, {
  valid: [
    { name: 'explicit verbs and resources', manifest: control.meta.example ?? '' },
    {
      name: 'system roles and the default user-facing roles are the API server\'s',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: cluster-admin}
        rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "system:kube-controller-manager"}
        rules: [{apiGroups: ["*"], resources: ["*"], verbs: [list, watch]}]`,
    },
    {
      name: 'an aggregated ClusterRole (its rules are copies, judged at their source)',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: monitoring}
        aggregationRule:
          clusterRoleSelectors: [{matchLabels: {example.com/monitoring: "true"}}]
        rules: [{apiGroups: ["*"], resources: ["*"], verbs: [get]}]`,
    },
    {
      name: 'subresource wildcards and non-resource URL wildcards are not "*" in verbs, groups or resources',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: scaler}
        rules:
          - {apiGroups: [apps], resources: ["*/scale"], verbs: [update]}
          - {nonResourceURLs: ["/metrics/*"], verbs: [get]}`,
    },
  ],
  invalid: [
    {
      name: 'wildcard verbs in a Role',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: secrets-admin, namespace: shop}
        rules:
          - apiGroups: [""]
            resources: [configmaps]
            verbs: [get]
          - apiGroups: [""]
            resources: [secrets]
            verbs: [get, "*"]`,
      findings: [{ messageId: 'wildcard', path: 'rules[1].verbs[1]', line: 10, column: 18 }],
    },
    {
      name: 'wildcards in groups and resources of a ClusterRole named like a system role but without the prefix',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: systemviewer}
        rules:
          - {apiGroups: ["*"], resources: ["*"], verbs: [get, list]}
          - {apiGroups: [apps], resources: ["*"], verbs: [get]}`,
      findings: [
        { messageId: 'wildcard', path: 'rules[0].apiGroups[0]', line: 5 },
        { messageId: 'wildcard', path: 'rules[1].resources[0]', line: 6 },
      ],
    },
    {
      name: 'a namespaced Role named like a default ClusterRole is no system role',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: edit, namespace: shop}
        rules: [{apiGroups: [""], resources: ["*"], verbs: [get]}]`,
      findings: [{ messageId: 'wildcard', path: 'rules[0].resources[0]' }],
    },
    {
      name: 'a "*" verb on non-resource URLs',
      manifest: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: metrics}
        rules: [{nonResourceURLs: [/metrics], verbs: ["*"]}]`,
      findings: [{ messageId: 'wildcard', path: 'rules[0].verbs[0]' }],
    },
  ],
});
