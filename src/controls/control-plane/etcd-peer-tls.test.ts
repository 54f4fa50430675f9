import { manifests, staticPod } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './etcd-peer-tls.js';

const etcd = `${manifests}/etcd.yaml`;
const peerFlags = [
  '--listen-peer-urls=https://192.168.56.10:2380',
  '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
  '--peer-client-cert-auth=true',
  '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
  '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
];

testNodeControl(control, {
  valid: [{ name: 'kubeadm peer TLS', node: { [etcd]: staticPod('etcd', peerFlags) } }],
  invalid: [
    {
      name: 'peer auto TLS over plain http',
      node: { [etcd]: staticPod('etcd', ['--listen-peer-urls=http://192.168.56.10:2380', '--peer-auto-tls', '--peer-client-cert-auth=true']) },
      findings: [
        { messageId: 'plainHttp', file: etcd, line: 12, path: 'spec.containers[0].command[1]' },
        { messageId: 'autoTls', file: etcd, line: 13, path: 'spec.containers[0].command[2]' },
        { messageId: 'missingFlag', file: etcd, path: 'spec.containers[0].command', message: /--peer-cert-file/ },
        { messageId: 'missingFlag', file: etcd, path: 'spec.containers[0].command', message: /--peer-key-file/ },
        { messageId: 'missingFlag', file: etcd, path: 'spec.containers[0].command', message: /--peer-trusted-ca-file/ },
      ],
    },
    {
      name: 'peer URLs left at their http default, peer certificates not required',
      node: { [etcd]: staticPod('etcd', peerFlags.slice(1).map((f) => f.replace('--peer-client-cert-auth=true', '--peer-client-cert-auth=false'))) },
      findings: [
        { messageId: 'plainHttp', file: etcd, line: 10, path: 'spec.containers[0].command', message: /localhost:2380.*default/ },
        { messageId: 'peerAuthOff', file: etcd, line: 13, path: 'spec.containers[0].command[2]' },
      ],
    },
  ],
  notEvaluated: [{ name: 'a k3s server on SQLite runs no etcd', node: { '/etc/rancher/k3s/config.yaml': 'write-kubeconfig-mode: "0600"\n' }, reason: /no etcd runs on this node.*k3s/ }],
});
