import { catalogFields } from '../../guidance/lookup.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-CP-003'),
    slug: 'api-server-etcd-tls',
    rationale:
      'etcd holds every object of the cluster, Secrets included. The API server must reach it over TLS, verify its certificate and authenticate with its own client certificate, so that nobody on the network can read or forge what the cluster stores.',
    remediation: 'Set --etcd-cafile, --etcd-certfile and --etcd-keyfile on the API server, and use https:// in every --etcd-servers URL.',
    messages: {
      missingFlag: 'kube-apiserver has no --{{flag}}: its connection to etcd is not mutually authenticated.',
      plainHttp: 'kube-apiserver reaches etcd at {{url}} over plain HTTP (--etcd-servers).',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command:
        - kube-apiserver
        - --etcd-servers=https://127.0.0.1:2379
        - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
        - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
        - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
`,
  },
  judge(apiServer) {
    const { flags } = apiServer;
    const servers = flags.list('etcd-servers');
    // A datastore on a local socket (k3s' kine with SQLite) has no network connection to protect.
    if (servers.length > 0 && servers.every((s) => s.item.startsWith('unix://'))) return [];
    const reports = [];
    for (const flag of ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile']) {
      if (!flags.nonEmpty(flag)) reports.push(report(flags.get(flag)?.at ?? apiServer.missingAt, 'missingFlag', { flag }));
    }
    for (const { item, flag } of servers) if (/^http:\/\//i.test(item)) reports.push(report(flag.at, 'plainHttp', { url: item }));
    return reports;
  },
});
