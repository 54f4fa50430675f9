import { flagOnlyKubelet, kubeadmKubelet, kubeletConfig } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kubelet-client-certificate-auth.js';

testNodeControl(control, {
  valid: [
    { name: 'kubeadm: the cluster CA in the config file', node: kubeadmKubelet(kubeletConfig('authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n')) },
    { name: '--client-ca-file without a config file', node: flagOnlyKubelet('--client-ca-file=/etc/kubernetes/pki/ca.crt') },
  ],
  invalid: [
    {
      name: 'no client CA anywhere',
      node: kubeadmKubelet(kubeletConfig('authentication:\n  webhook:\n    enabled: true\n')),
      findings: [{ messageId: 'noClientCa', file: '/var/lib/kubelet/config.yaml', line: 3, path: 'authentication.x509.clientCAFile', message: /KubeletConfiguration default/ }],
    },
  ],
  notEvaluated: [{ name: 'the config file is missing', node: kubeadmKubelet(undefined), reason: /does not exist/ }],
});
