import { flagOnlyKubelet, kubeadmKubelet, kubeadmDropIn, kubeletConfig } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kubelet-anonymous-auth.js';

const config = '/var/lib/kubelet/config.yaml';

testNodeControl(control, {
  valid: [
    { name: 'kubeadm: disabled in the config file', node: kubeadmKubelet(kubeletConfig('authentication:\n  anonymous:\n    enabled: false\n')) },
    { name: 'a config file that leaves it unset (its default is false)', given: { 'config.yaml': kubeletConfig('readOnlyPort: 0\n') } },
    { name: 'no config file, but --anonymous-auth=false', node: flagOnlyKubelet('--anonymous-auth=false') },
    { name: 'the drop-in and flag files given to a normal scan', given: { '10-kubeadm.conf': kubeadmDropIn, 'kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS="--anonymous-auth=false"\n' } },
  ],
  invalid: [
    {
      name: 'no config file at all: the flag default (true) applies',
      node: flagOnlyKubelet('--rotate-certificates'),
      findings: [{ messageId: 'anonymousEnabled', file: '/etc/systemd/system/kubelet.service', line: 2, message: /kubelet flag default \(no --config\) applies: true/ }],
    },
    {
      name: 'enabled in the config file',
      node: kubeadmKubelet(kubeletConfig('authentication:\n  anonymous:\n    enabled: true\n')),
      findings: [{ messageId: 'anonymousEnabled', file: config, line: 5, column: 5, path: 'authentication.anonymous.enabled' }],
    },
    {
      name: 'a flag in /etc/default/kubelet wins over the config file',
      node: kubeadmKubelet(kubeletConfig('authentication:\n  anonymous:\n    enabled: false\n'), '--v=2 --anonymous-auth=true'),
      findings: [{ messageId: 'anonymousEnabled', file: '/etc/default/kubelet', line: 1, column: 26, path: 'variables[0].words[1]' }],
    },
    {
      name: 'a flag in kubeadm-flags.env (given files)',
      given: { '10-kubeadm.conf': kubeadmDropIn, 'kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS="--anonymous-auth"\n', 'config.yaml': kubeletConfig() },
      findings: [{ messageId: 'anonymousEnabled', file: 'kubeadm-flags.env', line: 1, column: 23 }],
    },
  ],
  notEvaluated: [
    { name: 'the config file named by --config is missing', node: kubeadmKubelet(undefined), reason: /does not exist/ },
    {
      name: 'a drop-in that names a config file not given',
      given: { '10-kubeadm.conf': kubeadmDropIn },
      reason: /the kubelet config file \/var\/lib\/kubelet\/config\.yaml is not in the input/,
    },
    { name: 'no kubelet on the node', node: { '/etc/kubernetes/manifests/x.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: x, image: x:1}]}\n' }, reason: /no kubelet found on this node/ },
  ],
});
