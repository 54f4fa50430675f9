import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-node-restriction.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;

testNodeControl(control, {
  valid: [{ name: 'kubeadm: Node,RBAC and NodeRestriction', node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) } }],
  invalid: [
    {
      name: 'RBAC only, no admission plugins listed',
      node: { [apiServer]: apiServerPod(['--authorization-mode=RBAC']) },
      findings: [
        { messageId: 'noNodeAuthorizer', file: apiServer, line: 12, path: 'spec.containers[0].command[1]' },
        { messageId: 'noNodeRestriction', file: apiServer, line: 10, path: 'spec.containers[0].command', message: /not on by default/ },
      ],
    },
    {
      name: 'NodeRestriction enabled and disabled again',
      given: { 'apiserver.yaml': apiServerPod(['--authorization-mode=Node,RBAC', '--enable-admission-plugins=NodeRestriction', '--disable-admission-plugins=NodeRestriction']) },
      findings: [{ messageId: 'noNodeRestriction', file: 'apiserver.yaml', line: 14, message: /--disable-admission-plugins/ }],
    },
  ],
  notEvaluated: [{ name: 'no API server', node: { '/etc/kubernetes/admin.conf': 'apiVersion: v1\nkind: Config\n' }, reason: /no kube-apiserver runs on this node/ }],
});
