import { catalogFields } from '../../guidance/lookup.js';
import { parseBool, splitList } from '../../node/flags.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['etcd']),
  meta: {
    ...catalogFields('NSA-CP-005'),
    // The catalog gives only the section name; the page is the one of NSA-CP-004.
    guidance: 'Etcd (p.16)',
    slug: 'etcd-peer-tls',
    rationale:
      'etcd members replicate the whole datastore to each other. Without peer TLS and peer certificate authentication, anyone on the network can read the replication traffic or join the cluster as a member.',
    remediation: 'Set --peer-cert-file, --peer-key-file, --peer-trusted-ca-file and --peer-client-cert-auth=true on etcd, remove --peer-auto-tls, and use https:// in --listen-peer-urls.',
    messages: {
      missingFlag: 'etcd has no --{{flag}}: peer traffic is not protected by a verified certificate.',
      peerAuthOff: 'etcd does not require peer certificates: {{setting}}.',
      autoTls: 'etcd uses a self-signed peer certificate it made itself (--peer-auto-tls={{value}}).',
      plainHttp: 'etcd listens for peers over plain HTTP at {{url}} ({{setting}}).',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: etcd, namespace: kube-system}
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.12-0
      command:
        - etcd
        - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
        - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
        - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
        - --peer-client-cert-auth=true
        - --listen-peer-urls=https://192.168.56.10:2380
`,
  },
  judge(etcd) {
    const { flags } = etcd;
    const reports = [];
    for (const flag of ['peer-cert-file', 'peer-key-file', 'peer-trusted-ca-file']) {
      if (!flags.nonEmpty(flag)) reports.push(report(flags.get(flag)?.at ?? etcd.missingAt, 'missingFlag', { flag }));
    }
    const auth = flags.get('peer-client-cert-auth');
    if (!auth) reports.push(report(etcd.missingAt, 'peerAuthOff', { setting: '--peer-client-cert-auth is unset (default false)' }));
    else if (parseBool(auth.value) !== true) reports.push(report(auth.at, 'peerAuthOff', { setting: `--peer-client-cert-auth=${auth.value}` }));
    const autoTls = flags.get('peer-auto-tls');
    if (autoTls && parseBool(autoTls.value) === true) reports.push(report(autoTls.at, 'autoTls', { value: autoTls.value }));
    const listen = flags.get('listen-peer-urls');
    if (!listen) reports.push(report(etcd.missingAt, 'plainHttp', { url: 'http://localhost:2380', setting: '--listen-peer-urls is unset, and that is its default' }));
    else for (const url of splitList(listen.value)) if (/^http:\/\//i.test(url)) reports.push(report(listen.at, 'plainHttp', { url, setting: '--listen-peer-urls' }));
    return reports;
  },
});
