import { kubeadmKubelet, kubeletConfig } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kubelet-pid-reservation.js';

const config = '/var/lib/kubelet/config.yaml';

testNodeControl(control, {
  valid: [
    { name: 'PIDs reserved for the system, pid.available evicts', node: kubeadmKubelet(kubeletConfig('systemReserved:\n  pid: "1000"\nevictionHard:\n  memory.available: 100Mi\n  pid.available: 10%\n')) },
    { name: 'reserved by flags', node: kubeadmKubelet(kubeletConfig(), '--kube-reserved=cpu=100m,pid=500 --eviction-hard=pid.available<5%,memory.available<100Mi') },
  ],
  invalid: [
    {
      name: 'kubeadm defaults: nothing reserved, no pid eviction',
      node: kubeadmKubelet(kubeletConfig()),
      findings: [
        { messageId: 'noPidReservation', file: config, line: 1, path: 'systemReserved' },
        { messageId: 'noPidEviction', file: config, status: 'warning', path: 'evictionHard', message: /unset, the default memory\.available<100Mi/ },
      ],
    },
    {
      name: 'memory reserved but not PIDs',
      given: { 'config.yaml': kubeletConfig('systemReserved:\n  memory: 500Mi\nkubeReserved: {cpu: 100m}\nevictionHard: {pid.available: 10%}\n') },
      findings: [{ messageId: 'noPidReservation', file: 'config.yaml', line: 3, path: 'systemReserved' }],
    },
  ],
  notEvaluated: [{ name: 'no kubelet', node: {}, reason: /no kubelet found on this node/ }],
});
