import { manifests, staticPod } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './scheduler-controller-manager-bind-address.js';

const scheduler = `${manifests}/kube-scheduler.yaml`;
const controllerManager = `${manifests}/kube-controller-manager.yaml`;

testNodeControl(control, {
  valid: [
    {
      name: 'kubeadm: both bound to 127.0.0.1',
      node: {
        [scheduler]: staticPod('kube-scheduler', ['--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf']),
        [controllerManager]: staticPod('kube-controller-manager', ['--bind-address=127.0.0.1']),
      },
    },
    { name: '1.22 with --port=0', given: { 'sched.yaml': staticPod('kube-scheduler', ['--bind-address=127.0.0.1', '--port=0'], { image: 'registry.k8s.io/kube-scheduler:v1.22.17' }) } },
  ],
  invalid: [
    {
      name: 'unset bind address and all interfaces',
      node: {
        [scheduler]: staticPod('kube-scheduler', ['--kubeconfig=/etc/kubernetes/scheduler.conf']),
        [controllerManager]: staticPod('kube-controller-manager', ['--bind-address=0.0.0.0']),
      },
      findings: [
        { messageId: 'bindAddress', file: scheduler, line: 10, path: 'spec.containers[0].command', message: /kube-scheduler.*0\.0\.0\.0/ },
        { messageId: 'bindAddress', file: controllerManager, line: 12, path: 'spec.containers[0].command[1]', message: /--bind-address=0\.0\.0\.0/ },
      ],
    },
    {
      name: '1.22 without --port: the insecure port 10252 serves',
      given: { 'kcm.yaml': staticPod('kube-controller-manager', ['--bind-address=127.0.0.1'], { image: 'registry.k8s.io/kube-controller-manager:v1.22.17' }) },
      findings: [{ messageId: 'insecurePort', file: 'kcm.yaml', line: 10, message: /10252.*v1\.22/ }],
    },
  ],
  notEvaluated: [{ name: 'neither component', given: { 'etcd.yaml': staticPod('etcd', []) }, reason: /no kube-scheduler or kube-controller-manager in the input/ }],
});
