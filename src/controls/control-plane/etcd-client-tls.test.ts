import { manifests, staticPod } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './etcd-client-tls.js';

const etcd = `${manifests}/etcd.yaml`;
const kubeadmEtcd = [
  '--advertise-client-urls=https://192.168.56.10:2379',
  '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
  '--client-cert-auth=true',
  '--key-file=/etc/kubernetes/pki/etcd/server.key',
  '--listen-client-urls=https://127.0.0.1:2379,https://192.168.56.10:2379',
  '--listen-metrics-urls=http://127.0.0.1:2381',
  '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
];

testNodeControl(control, {
  valid: [
    { name: 'kubeadm etcd (metrics over http are not client URLs)', node: { [etcd]: staticPod('etcd', kubeadmEtcd) } },
    {
      name: '--client-cert-auth given bare, in args',
      given: { 'etcd.yaml': staticPod('etcd', ['--cert-file=/a.crt', '--key-file=/a.key', '--trusted-ca-file=/ca.crt', '--client-cert-auth', '--listen-client-urls=https://127.0.0.1:2379'], { inArgs: true }) },
    },
  ],
  invalid: [
    {
      name: 'client certificates not required, auto TLS, plain http client URL',
      node: { [etcd]: staticPod('etcd', ['--cert-file=/a.crt', '--key-file=/a.key', '--client-cert-auth=false', '--auto-tls=true', '--listen-client-urls=http://0.0.0.0:2379']) },
      findings: [
        { messageId: 'missingFlag', file: etcd, line: 10, path: 'spec.containers[0].command', message: /--trusted-ca-file/ },
        { messageId: 'clientCertAuthOff', file: etcd, line: 14, path: 'spec.containers[0].command[3]' },
        { messageId: 'autoTls', file: etcd, line: 15, path: 'spec.containers[0].command[4]' },
        { messageId: 'plainHttp', file: etcd, line: 16, path: 'spec.containers[0].command[5]' },
      ],
    },
    {
      name: 'no TLS at all',
      given: { 'etcd.yaml': staticPod('etcd', ['--data-dir=/var/lib/etcd']) },
      findings: [
        { messageId: 'missingFlag', file: 'etcd.yaml', path: 'spec.containers[0].command', message: /--cert-file/ },
        { messageId: 'missingFlag', file: 'etcd.yaml', path: 'spec.containers[0].command', message: /--key-file/ },
        { messageId: 'missingFlag', file: 'etcd.yaml', path: 'spec.containers[0].command', message: /--trusted-ca-file/ },
        { messageId: 'clientCertAuthOff', file: 'etcd.yaml', path: 'spec.containers[0].command', message: /unset/ },
        { messageId: 'plainHttp', file: 'etcd.yaml', path: 'spec.containers[0].command', message: /http:\/\/localhost:2379 \(--listen-client-urls is unset/ },
      ],
    },
  ],
  notEvaluated: [{ name: 'no etcd in the input', given: { 'api.yaml': staticPod('kube-apiserver', ['--secure-port=6443']) }, reason: /no etcd in the input/ }],
});
