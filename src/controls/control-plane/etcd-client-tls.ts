import { catalogFields } from '../../guidance/lookup.js';
import { parseBool, splitList } from '../../node/flags.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['etcd']),
  meta: {
    ...catalogFields('NSA-CP-004'),
    slug: 'etcd-client-tls',
    rationale:
      'Access to etcd is access to the whole cluster: it stores every Secret and every RBAC rule. etcd must serve TLS with a real certificate and accept only clients with a certificate from its trusted CA; --auto-tls makes a self-signed certificate that nobody verifies.',
    remediation: 'Set --cert-file, --key-file, --trusted-ca-file and --client-cert-auth=true on etcd, remove --auto-tls, and use https:// in --listen-client-urls and --advertise-client-urls.',
    messages: {
      missingFlag: 'etcd has no --{{flag}}: {{why}}.',
      clientCertAuthOff: 'etcd does not require client certificates: {{setting}}.',
      autoTls: 'etcd uses a self-signed certificate it made itself (--auto-tls={{value}}).',
      plainHttp: 'etcd serves clients over plain HTTP at {{url}} ({{setting}}).',
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
        - --cert-file=/etc/kubernetes/pki/etcd/server.crt
        - --key-file=/etc/kubernetes/pki/etcd/server.key
        - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
        - --client-cert-auth=true
        - --listen-client-urls=https://127.0.0.1:2379
        - --advertise-client-urls=https://127.0.0.1:2379
`,
  },
  judge(etcd) {
    const { flags } = etcd;
    const reports = [];
    const why: Record<string, string> = {
      'cert-file': 'it serves no TLS certificate of its own',
      'key-file': 'it serves no TLS certificate of its own',
      'trusted-ca-file': 'it cannot verify client certificates',
    };
    for (const flag of ['cert-file', 'key-file', 'trusted-ca-file']) {
      if (!flags.nonEmpty(flag)) reports.push(report(flags.get(flag)?.at ?? etcd.missingAt, 'missingFlag', { flag, why: why[flag] }));
    }
    const auth = flags.get('client-cert-auth');
    if (!auth) reports.push(report(etcd.missingAt, 'clientCertAuthOff', { setting: '--client-cert-auth is unset (default false)' }));
    else if (parseBool(auth.value) !== true) reports.push(report(auth.at, 'clientCertAuthOff', { setting: `--client-cert-auth=${auth.value}` }));
    const autoTls = flags.get('auto-tls');
    if (autoTls && parseBool(autoTls.value) === true) reports.push(report(autoTls.at, 'autoTls', { value: autoTls.value }));
    for (const flag of ['listen-client-urls', 'advertise-client-urls']) {
      const set = flags.get(flag);
      if (!set) continue;
      for (const url of splitList(set.value)) if (/^http:\/\//i.test(url)) reports.push(report(set.at, 'plainHttp', { url, setting: `--${flag}` }));
    }
    // etcd serves TLS only on https:// URLs: left unset, it listens on its default, http://localhost:2379.
    if (!flags.get('listen-client-urls')) reports.push(report(etcd.missingAt, 'plainHttp', { url: 'http://localhost:2379', setting: '--listen-client-urls is unset, and that is its default' }));
    return reports;
  },
});
