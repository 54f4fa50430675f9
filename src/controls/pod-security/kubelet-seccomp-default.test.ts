import { kubeadmKubelet, kubeletConfig } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kubelet-seccomp-default.js';

testNodeControl(control, {
  valid: [
    { name: 'seccompDefault in the config', node: kubeadmKubelet(kubeletConfig('seccompDefault: true\n')) },
    { name: 'the flag over a config that leaves it unset', node: kubeadmKubelet(kubeletConfig(), '--seccomp-default') },
  ],
  invalid: [
    {
      name: 'unset: containers without a profile run Unconfined',
      node: kubeadmKubelet(kubeletConfig('rotateCertificates: true\n')),
      findings: [{ messageId: 'seccompDefaultOff', file: '/var/lib/kubelet/config.yaml', line: 1, path: 'seccompDefault', message: /default applies: false/ }],
    },
    {
      name: 'the flag turns it off over the config',
      node: kubeadmKubelet(kubeletConfig('seccompDefault: true\n'), '--seccomp-default=false'),
      findings: [{ messageId: 'seccompDefaultOff', file: '/etc/default/kubelet', line: 1, column: 20 }],
    },
  ],
  notEvaluated: [{ name: 'no kubelet', given: { 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' }, reason: /no kubelet configuration/ }],
});
