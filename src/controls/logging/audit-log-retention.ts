import { catalogFields } from '../../guidance/lookup.js';
import { componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-LOG-007'),
    slug: 'audit-log-retention',
    rationale:
      'Audit logs are evidence only while they exist. The guidance\'s Appendix M keeps them 1825 days (--audit-log-maxage); without a retention setting the API server keeps rotated files by its own defaults, and without size and backup limits rotation is not bounded.',
    remediation: 'Set --audit-log-maxage to the organisation\'s retention (at least --audit-log-max-age days; the guidance uses 1825), and --audit-log-maxbackup and --audit-log-maxsize.',
    messages: {
      maxAgeUnset: 'kube-apiserver writes an audit log but sets no --audit-log-maxage: retention is not defined.',
      maxAgeShort: 'kube-apiserver keeps audit logs {{days}} days (--audit-log-maxage), less than the required {{minimum}}.',
      rotationUnset: 'kube-apiserver sets no --{{flag}}: audit log rotation is not bounded.',
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
  judge(apiServer, _configuration, { settings }) {
    const { flags } = apiServer;
    const path = flags.nonEmpty('audit-log-path');
    if (!path) return new NotJudged('kube-apiserver writes no audit log file (--audit-log-path is unset; see NSA-LOG-001)');
    if (path.value.trim() === '-') return new NotJudged('kube-apiserver writes its audit log to standard output (--audit-log-path=-): retention is up to what collects it');
    const reports = [];
    const maxAge = flags.get('audit-log-maxage');
    if (!maxAge) reports.push(report(apiServer.missingAt, 'maxAgeUnset'));
    else if (!(Number(maxAge.value) >= settings.auditLogMaxAgeDays)) {
      reports.push(report(maxAge.at, 'maxAgeShort', { days: maxAge.value, minimum: settings.auditLogMaxAgeDays }));
    }
    for (const flag of ['audit-log-maxbackup', 'audit-log-maxsize']) if (!flags.get(flag)) reports.push(report(apiServer.missingAt, 'rotationUnset', { flag }, 'warning'));
    return reports;
  },
});
