import { flagOnlyKubelet, kubeadmKubelet, kubeletConfig } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kubelet-read-only-port.js';

testNodeControl(control, {
  valid: [
    { name: 'kubeadm: the config default (0)', node: kubeadmKubelet(kubeletConfig()) },
    { name: 'no config file, --read-only-port=0', node: flagOnlyKubelet('--read-only-port=0') },
  ],
  invalid: [
    {
      name: 'no config file: the flag default 10255',
      node: flagOnlyKubelet('--anonymous-auth=false'),
      findings: [{ messageId: 'readOnlyPortOpen', file: '/etc/systemd/system/kubelet.service', line: 2, message: /flag default.*10255/ }],
    },
    {
      name: 'the config opens it',
      given: { 'config.yaml': kubeletConfig('readOnlyPort: 10255\n') },
      findings: [{ messageId: 'readOnlyPortOpen', file: 'config.yaml', line: 3, path: 'readOnlyPort' }],
    },
    {
      name: 'the --flag value form in /etc/default/kubelet wins over readOnlyPort: 0',
      node: kubeadmKubelet(kubeletConfig('readOnlyPort: 0\n'), '--read-only-port 10255'),
      findings: [{ messageId: 'readOnlyPortOpen', file: '/etc/default/kubelet', line: 1, column: 20, message: /--read-only-port=10255/ }],
    },
  ],
  notEvaluated: [{ name: 'the config file is missing', node: kubeadmKubelet(undefined), reason: /does not exist/ }],
});
