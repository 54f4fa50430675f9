import { apiServerPod, manifests, pkiMount, staticPod } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './etcd-dedicated-ca.js';

const etcd = `${manifests}/etcd.yaml`;
const apiServer = `${manifests}/kube-apiserver.yaml`;
const etcdPod = (ca: string, mountPath = '/etc/kubernetes/pki/etcd'): string =>
  staticPod('etcd', [`--trusted-ca-file=${ca}`, '--client-cert-auth=true'], { mounts: [{ name: 'etcd-certs', mountPath, hostPath: '/etc/kubernetes/pki/etcd' }] });

testNodeControl(control, {
  valid: [
    {
      name: 'kubeadm: etcd has its own CA',
      node: { [etcd]: etcdPod('/etc/kubernetes/pki/etcd/ca.crt'), [apiServer]: apiServerPod(['--client-ca-file=/etc/kubernetes/pki/ca.crt'], { mounts: [pkiMount] }) },
    },
  ],
  invalid: [
    {
      name: 'etcd trusts the cluster CA (same host file through different mounts)',
      node: {
        [etcd]: etcdPod('/certs/ca.crt', '/certs').replace('path: /etc/kubernetes/pki/etcd', 'path: /etc/kubernetes/pki'),
        [apiServer]: apiServerPod(['--client-ca-file=/etc/kubernetes/pki/ca.crt'], { mounts: [pkiMount] }),
      },
      findings: [{ messageId: 'sharedCa', file: etcd, line: 12, column: 7, path: 'spec.containers[0].command[1]' }],
    },
    {
      name: 'the same path in two given manifests',
      given: { 'etcd.yaml': staticPod('etcd', ['--trusted-ca-file=/pki/ca.crt']), 'apiserver.yaml': apiServerPod(['--client-ca-file=/pki/ca.crt']) },
      findings: [{ messageId: 'sharedCa', file: 'etcd.yaml', line: 12 }],
    },
  ],
  notEvaluated: [
    { name: 'etcd alone: nothing to compare with', given: { 'etcd.yaml': etcdPod('/etc/kubernetes/pki/etcd/ca.crt') }, reason: /no kube-apiserver in the input to compare/ },
    { name: 'no etcd', given: { 'apiserver.yaml': apiServerPod(['--client-ca-file=/pki/ca.crt']) }, reason: /no etcd in the input/ },
  ],
});
