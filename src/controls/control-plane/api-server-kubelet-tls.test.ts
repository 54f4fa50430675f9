import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-kubelet-tls.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;

testNodeControl(control, {
  valid: [{ name: 'client certificate and kubelet CA', node: { [apiServer]: apiServerPod([...kubeadmApiServerFlags, '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt']) } }],
  invalid: [
    {
      name: 'kubeadm defaults: the kubelet is not verified',
      node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) },
      findings: [{ messageId: 'noKubeletCa', file: apiServer, line: 10, path: 'spec.containers[0].command' }],
    },
    {
      name: 'no client certificate, in args',
      given: { 'kube-apiserver.yaml': apiServerPod(['--kubelet-certificate-authority=/ca.crt', '--kubelet-client-key=/k.key'], { inArgs: true }) },
      findings: [{ messageId: 'noClientCertificate', file: 'kube-apiserver.yaml', line: 12, path: 'spec.containers[0].args', message: /--kubelet-client-certificate/ }],
    },
  ],
  notEvaluated: [{ name: 'no API server', given: { 'x.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' }, reason: /no kube-apiserver in the input/ }],
});
