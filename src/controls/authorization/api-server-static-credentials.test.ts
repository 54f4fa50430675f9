import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-static-credentials.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;

testNodeControl(control, {
  valid: [{ name: 'kubeadm: certificates and bootstrap tokens only', node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) } }],
  invalid: [
    {
      name: 'a static token file and a basic-auth file',
      node: { [apiServer]: apiServerPod(['--token-auth-file=/etc/kubernetes/tokens.csv', '--basic-auth-file', '/etc/kubernetes/passwords.csv'], { image: 'registry.k8s.io/kube-apiserver:v1.18.20' }) },
      findings: [
        { messageId: 'staticFile', file: apiServer, line: 12, column: 7, path: 'spec.containers[0].command[1]', message: /tokens\.csv/ },
        { messageId: 'staticFile', file: apiServer, line: 13, path: 'spec.containers[0].command[2]', message: /--basic-auth-file=\/etc\/kubernetes\/passwords\.csv/ },
      ],
    },
  ],
  notEvaluated: [{ name: 'no API server', node: {}, reason: /no kube-apiserver runs on this node/ }],
});
