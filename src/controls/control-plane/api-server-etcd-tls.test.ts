import { apiServerPod, kubeadmApiServerFlags, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './api-server-etcd-tls.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;

testNodeControl(control, {
  valid: [
    { name: 'kubeadm: etcd client certificates over https', node: { [apiServer]: apiServerPod(kubeadmApiServerFlags) } },
    { name: 'a datastore on a local socket (kine)', given: { 'kube-apiserver.yaml': apiServerPod(['--etcd-servers=unix://kine.sock']) } },
  ],
  invalid: [
    {
      name: 'plain http and no client certificate',
      node: { [apiServer]: apiServerPod(['--etcd-servers=https://10.0.0.1:2379,http://10.0.0.2:2379', '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt']) },
      findings: [
        { messageId: 'plainHttp', file: apiServer, line: 12, path: 'spec.containers[0].command[1]', message: /http:\/\/10\.0\.0\.2:2379/ },
        { messageId: 'missingFlag', file: apiServer, line: 10, path: 'spec.containers[0].command', message: /--etcd-certfile/ },
        { messageId: 'missingFlag', file: apiServer, line: 10, path: 'spec.containers[0].command', message: /--etcd-keyfile/ },
      ],
    },
  ],
  notEvaluated: [{ name: 'no control plane in the input', given: { 'etcd-client.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }, reason: /no kube-apiserver in the input/ }],
});
