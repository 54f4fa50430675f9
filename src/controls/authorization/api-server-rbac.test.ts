import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-rbac.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;
const authzMount = { name: 'authz', mountPath: '/etc/kubernetes/authz', hostPath: '/etc/kubernetes/authz', readOnly: true };
const authzConfig = (types: string[]): string => `apiVersion: apiserver.config.k8s.io/v1
kind: AuthorizationConfiguration
authorizers:
${types.map((t) => `- type: ${t}\n  name: ${t.toLowerCase()}`).join('\n')}
`;

testNodeControl(control, {
  valid: [
    { name: 'kubeadm: Node,RBAC', node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) } },
    { name: 'repeated --authorization-mode flags append', given: { 'apiserver.yaml': apiServerPod(['--authorization-mode=Node', '--authorization-mode=RBAC']) } },
    {
      name: 'an AuthorizationConfiguration with an RBAC authorizer',
      node: { [apiServer]: apiServerPod(['--authorization-config=/etc/kubernetes/authz/authz.yaml'], { mounts: [authzMount] }), '/etc/kubernetes/authz/authz.yaml': authzConfig(['Node', 'RBAC']) },
    },
  ],
  invalid: [
    {
      name: 'unset: AlwaysAllow by default',
      node: { [apiServer]: apiServerPod(['--secure-port=6443']) },
      findings: [{ messageId: 'noRbac', file: apiServer, line: 10, path: 'spec.containers[0].command', message: /default is AlwaysAllow/ }],
    },
    {
      name: 'ABAC only',
      given: { 'apiserver.yaml': apiServerPod(['--authorization-mode=ABAC', '--authorization-policy-file=/etc/abac.jsonl']) },
      findings: [{ messageId: 'noRbac', file: 'apiserver.yaml', line: 12, path: 'spec.containers[0].command[1]', message: /ABAC/ }],
    },
    {
      name: 'an AuthorizationConfiguration without RBAC',
      node: { [apiServer]: apiServerPod(['--authorization-config=/etc/kubernetes/authz/authz.yaml'], { mounts: [authzMount] }), '/etc/kubernetes/authz/authz.yaml': authzConfig(['Node', 'Webhook']) },
      findings: [{ messageId: 'noRbac', file: '/etc/kubernetes/authz/authz.yaml', line: 4, path: 'authorizers[0].type' }],
    },
  ],
  notEvaluated: [
    {
      name: 'the AuthorizationConfiguration is missing on the node',
      node: { [apiServer]: apiServerPod(['--authorization-config=/etc/kubernetes/authz/authz.yaml'], { mounts: [authzMount] }) },
      reason: /the authorization configuration \/etc\/kubernetes\/authz\/authz\.yaml does not exist/,
    },
  ],
});
