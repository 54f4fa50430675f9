import { manifests, staticPod } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './etcd-listen-address.js';

const etcd = `${manifests}/etcd.yaml`;

testNodeControl(control, {
  valid: [
    { name: 'localhost and the node address', node: { [etcd]: staticPod('etcd', ['--listen-client-urls=https://127.0.0.1:2379,https://192.168.56.10:2379']) } },
    { name: 'unset (localhost by default)', given: { 'etcd.yaml': staticPod('etcd', ['--data-dir=/var/lib/etcd']) } },
  ],
  invalid: [
    {
      name: 'every IPv4 and IPv6 interface: for review',
      node: { [etcd]: staticPod('etcd', ['--data-dir=/var/lib/etcd', '--listen-client-urls=https://0.0.0.0:2379,https://[::]:2379']) },
      findings: [
        { messageId: 'allInterfaces', file: etcd, line: 13, path: 'spec.containers[0].command[2]', status: 'warning', message: /0\.0\.0\.0/ },
        { messageId: 'allInterfaces', file: etcd, line: 13, path: 'spec.containers[0].command[2]', status: 'warning', message: /\[::\]/ },
      ],
    },
  ],
  notEvaluated: [{ name: 'no etcd', node: { '/root/.kube/config': 'apiVersion: v1\nkind: Config\n' }, reason: /no etcd runs on this node/ }],
});
