import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-always-allow.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;

testNodeControl(control, {
  valid: [{ name: 'kubeadm: Node,RBAC', node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) } }],
  invalid: [
    {
      name: 'AlwaysAllow after RBAC',
      node: { [apiServer]: apiServerPod(['--authorization-mode=Node,RBAC,AlwaysAllow']) },
      findings: [{ messageId: 'alwaysAllow', file: apiServer, line: 12, path: 'spec.containers[0].command[1]' }],
    },
    {
      name: 'unset: AlwaysAllow is the default',
      given: { 'apiserver.yaml': apiServerPod([]) },
      findings: [{ messageId: 'alwaysAllow', file: 'apiserver.yaml', path: 'spec.containers[0].command', message: /default/ }],
    },
  ],
  notEvaluated: [{ name: 'no API server', given: { 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' }, reason: /no kube-apiserver/ }],
});
