import { catalogFields } from '../../guidance/lookup.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-LOG-001'),
    slug: 'audit-logging-enabled',
    rationale:
      'The API server records who did what only if it has an audit policy and somewhere to write the events (a log file or a webhook). Without audit logs an intrusion, a leaked credential or an insider leaves no trace to investigate.',
    remediation: 'Set --audit-policy-file and --audit-log-path (and/or --audit-webhook-config-file), as in the guidance\'s Appendix M.',
    messages: {
      noPolicy: 'kube-apiserver has no --audit-policy-file: it records no audit events.',
      noBackend: 'kube-apiserver has nowhere to write audit events: neither --audit-log-path nor --audit-webhook-config-file is set.',
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
        - --audit-policy-file=/etc/kubernetes/audit/policy.yaml
        - --audit-log-path=/var/log/kubernetes/audit/audit.log
        - --audit-log-maxage=1825
        - --audit-log-maxbackup=10
        - --audit-log-maxsize=100
`,
  },
  judge(apiServer) {
    const { flags } = apiServer;
    const reports = [];
    if (!flags.nonEmpty('audit-policy-file')) reports.push(report(flags.get('audit-policy-file')?.at ?? apiServer.missingAt, 'noPolicy'));
    if (!flags.nonEmpty('audit-log-path') && !flags.nonEmpty('audit-webhook-config-file')) reports.push(report(apiServer.missingAt, 'noBackend'));
    return reports;
  },
});
