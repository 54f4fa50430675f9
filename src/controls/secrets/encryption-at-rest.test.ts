import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './encryption-at-rest.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;

testNodeControl(control, {
  valid: [
    { name: 'an encryption configuration', node: { [apiServer]: apiServerPod([...kubeadmApiServerFlags, '--encryption-provider-config=/etc/kubernetes/enc/encryption.yaml']) } },
    { name: 'k3s with secrets-encryption', node: { '/etc/rancher/k3s/config.yaml': 'secrets-encryption: true\n' } },
  ],
  invalid: [
    {
      name: 'kubeadm defaults',
      node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) },
      findings: [{ messageId: 'notEncrypted', file: apiServer, line: 10, path: 'spec.containers[0].command' }],
    },
    {
      name: 'a k3s server without secrets-encryption',
      node: { '/etc/rancher/k3s/config.yaml': 'write-kubeconfig-mode: "0600"\nkube-apiserver-arg:\n  - anonymous-auth=false\n' },
      findings: [{ messageId: 'notEncrypted', file: '/etc/rancher/k3s/config.yaml', line: 2, path: 'kube-apiserver-arg' }],
    },
  ],
  notEvaluated: [{ name: 'a k3s agent runs no API server', node: { '/etc/rancher/k3s/config.yaml': 'server: https://10.0.0.1:6443\n', '/etc/systemd/system/k3s-agent.service': '[Service]\nExecStart=/usr/local/bin/k3s agent\n' }, reason: /no kube-apiserver runs on this node: it is a k3s agent/ }],
});
