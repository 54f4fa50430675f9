import { flagOnlyKubelet, kubeadmKubelet, kubeletConfig } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kubelet-pod-pid-limit.js';

testNodeControl(control, {
  valid: [
    { name: 'podPidsLimit: 4096', node: kubeadmKubelet(kubeletConfig('podPidsLimit: 4096\n')) },
    { name: '--pod-max-pids without a config file', node: flagOnlyKubelet('--pod-max-pids=1024') },
  ],
  invalid: [
    {
      name: 'unset (-1)',
      given: { 'config.yaml': kubeletConfig() },
      findings: [{ messageId: 'noPidLimit', file: 'config.yaml', line: 1, path: 'podPidsLimit', message: /-1/ }],
    },
    {
      name: '0 in the config, overridden to -1 by the flag',
      node: kubeadmKubelet(kubeletConfig('podPidsLimit: 0\n'), '--pod-max-pids -1'),
      findings: [{ messageId: 'noPidLimit', file: '/etc/default/kubelet', line: 1, column: 20, message: /--pod-max-pids=-1/ }],
    },
  ],
  notEvaluated: [{ name: 'the config file is missing', node: kubeadmKubelet(undefined), reason: /does not exist/ }],
});
