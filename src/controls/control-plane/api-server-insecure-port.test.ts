import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-insecure-port.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;
const v123 = 'registry.k8s.io/kube-apiserver:v1.23.17';

testNodeControl(control, {
  valid: [
    { name: 'kubeadm 1.30: no insecure flags', node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) } },
    { name: '1.23 with --insecure-port=0', node: { [apiServer]: apiServerPod(['--insecure-port=0'], { image: v123 }) } },
    { name: 'a manifest given to a normal scan (RKE2 args)', given: { 'kube-apiserver.yaml': apiServerPod(['--secure-port=6443'], { inArgs: true }) } },
    { name: 'no image tag: judged at the target version', given: { 'kube-apiserver.yaml': apiServerPod(['--insecure-port=0'], { image: 'kube-apiserver' }) }, settings: { pssVersion: { major: 1, minor: 22 } } },
  ],
  invalid: [
    {
      name: '1.23 without --insecure-port: the default 8080 serves',
      node: { [apiServer]: apiServerPod(['--secure-port=6443'], { image: v123 }) },
      findings: [{ messageId: 'insecurePortOpen', file: apiServer, line: 10, column: 5, path: 'spec.containers[0].command', message: /default is 8080.*v1\.23/ }],
    },
    {
      name: '1.23 with an insecure port and bind address (--flag value form)',
      node: { [apiServer]: apiServerPod(['--insecure-port', '8080', '--insecure-bind-address=0.0.0.0'], { image: v123 }) },
      findings: [
        { messageId: 'insecurePortOpen', file: apiServer, line: 12, column: 7, path: 'spec.containers[0].command[1]', message: /--insecure-port=8080/ },
        { messageId: 'insecureBindAddress', file: apiServer, line: 14, path: 'spec.containers[0].command[3]' },
      ],
    },
    {
      name: '1.30 still sets the removed flag',
      node: { [apiServer]: apiServerPod(['--secure-port=6443', '--insecure-port=0']) },
      findings: [{ messageId: 'removedFlag', file: apiServer, line: 13, column: 7, path: 'spec.containers[0].command[2]' }],
    },
    {
      name: 'hyperkube apiserver, version from the target when the tag does not say',
      given: { 'apiserver.yaml': apiServerPod([], { image: 'example.com/hyperkube:custom' }).replace('    - kube-apiserver\n', '    - /hyperkube\n    - apiserver\n') },
      settings: { pssVersion: { major: 1, minor: 20 } },
      findings: [{ messageId: 'insecurePortOpen', file: 'apiserver.yaml', path: 'spec.containers[0].command', message: /target version/ }],
    },
  ],
  notEvaluated: [
    { name: 'a worker node: no kube-apiserver manifest', node: { '/var/lib/kubelet/config.yaml': 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n' }, reason: /no kube-apiserver runs on this node/ },
    { name: 'application manifests', given: { 'app.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec: {containers: [{name: app, image: nginx:1.27}]}\n' }, reason: /no kube-apiserver in the input/ },
  ],
});
