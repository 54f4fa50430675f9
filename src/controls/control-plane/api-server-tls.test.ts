import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-tls.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;

testNodeControl(control, {
  valid: [
    { name: 'kubeadm certificates and TLS 1.2 minimum', node: { [apiServer]: apiServerPod([...kubeadmApiServerFlags, '--tls-min-version=VersionTLS12']) } },
    { name: 'TLS 1.3 minimum, given as a file', given: { 'kube-apiserver.yaml': apiServerPod(['--tls-cert-file=/pki/a.crt', '--tls-private-key-file=/pki/a.key', '--tls-min-version=VersionTLS13']) } },
  ],
  invalid: [
    {
      name: 'kubeadm defaults: no minimum version (warning)',
      node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) },
      findings: [{ messageId: 'minimumUnset', file: apiServer, line: 10, path: 'spec.containers[0].command', status: 'warning' }],
    },
    {
      name: 'no certificate, an empty key flag, TLS 1.0 allowed',
      node: { [apiServer]: apiServerPod(['--tls-private-key-file=', '--tls-min-version=VersionTLS10']) },
      findings: [
        { messageId: 'noCertificate', file: apiServer, path: 'spec.containers[0].command', message: /--tls-cert-file/ },
        { messageId: 'noCertificate', file: apiServer, line: 12, path: 'spec.containers[0].command[1]', message: /--tls-private-key-file/ },
        { messageId: 'weakMinimum', file: apiServer, line: 13, column: 7, path: 'spec.containers[0].command[2]' },
      ],
    },
  ],
  notEvaluated: [{ name: 'a worker node', node: { '/etc/kubernetes/kubelet.conf': 'apiVersion: v1\nkind: Config\n' }, reason: /no kube-apiserver runs on this node/ }],
});
