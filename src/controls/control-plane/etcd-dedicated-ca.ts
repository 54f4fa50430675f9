import { catalogFields } from '../../guidance/lookup.js';
import { componentsOf } from '../../node/configuration.js';
import { componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['etcd']),
  meta: {
    ...catalogFields('NSA-CP-006'),
    slug: 'etcd-dedicated-ca',
    rationale:
      'The guidance asks that etcd trust only the certificates given to API servers. When etcd trusts the cluster CA, every client certificate that CA signed (kubelets, administrators, controllers) can open etcd and read or rewrite the whole cluster state, bypassing RBAC and admission.',
    remediation: 'Give etcd its own CA (kubeadm uses /etc/kubernetes/pki/etcd/ca.crt) and issue the API server an etcd client certificate from it.',
    messages: {
      sharedCa: 'etcd trusts {{file}} (--trusted-ca-file), the CA the API server uses for its clients (--client-ca-file): any client certificate of the cluster can open etcd.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: etcd, namespace: kube-system}
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.12-0
      command: [etcd, --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt, --client-cert-auth=true]
---
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, --client-ca-file=/etc/kubernetes/pki/ca.crt]
`,
  },
  judge(etcd, configuration) {
    const trusted = etcd.flags.nonEmpty('trusted-ca-file');
    if (!trusted) return [];
    const apiServers = componentsOf(configuration, 'kube-apiserver');
    if (apiServers.length === 0) return new NotJudged("no kube-apiserver in the input to compare etcd's trusted CA with");
    const etcdCa = etcd.hostPath(trusted.value.trim()).hostPath ?? trusted.value.trim();
    const shared = apiServers.some((apiServer) => {
      const clientCa = apiServer.flags.nonEmpty('client-ca-file');
      if (!clientCa) return false;
      return (apiServer.hostPath(clientCa.value.trim()).hostPath ?? clientCa.value.trim()) === etcdCa;
    });
    return shared ? [report(trusted.at, 'sharedCa', { file: trusted.value })] : [];
  },
});
