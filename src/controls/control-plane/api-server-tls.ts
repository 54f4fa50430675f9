import { catalogFields } from '../../guidance/lookup.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

const weakVersions = new Set(['VersionTLS10', 'VersionTLS11']);

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-CP-002'),
    slug: 'api-server-tls',
    rationale:
      'The guidance asks for TLS 1.2 or 1.3 on all control-plane traffic. Without its own certificate and key the API server serves a self-signed certificate that clients cannot verify; TLS 1.0 and 1.1 have known weaknesses and are deprecated.',
    remediation: 'Set --tls-cert-file and --tls-private-key-file to the API server certificate, and --tls-min-version=VersionTLS12 (or VersionTLS13).',
    messages: {
      noCertificate: 'kube-apiserver has no --{{flag}}: it serves a self-signed certificate that clients cannot verify.',
      weakMinimum: 'kube-apiserver accepts {{value}} (--tls-min-version): TLS 1.0 and 1.1 are deprecated.',
      minimumUnset: 'kube-apiserver sets no --tls-min-version: the minimum depends on the Go release it was built with; set VersionTLS12.',
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
        - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
        - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
        - --tls-min-version=VersionTLS12
`,
  },
  judge(apiServer) {
    const { flags } = apiServer;
    const reports = [];
    for (const flag of ['tls-cert-file', 'tls-private-key-file']) {
      if (!flags.nonEmpty(flag)) reports.push(report(flags.get(flag)?.at ?? apiServer.missingAt, 'noCertificate', { flag }));
    }
    const minimum = flags.get('tls-min-version');
    if (!minimum) reports.push(report(apiServer.missingAt, 'minimumUnset', undefined, 'warning'));
    else if (weakVersions.has(minimum.value.trim())) reports.push(report(minimum.at, 'weakMinimum', { value: minimum.value }));
    return reports;
  },
});
