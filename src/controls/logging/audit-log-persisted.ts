import { catalogFields } from '../../guidance/lookup.js';
import { componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-LOG-008'),
    slug: 'audit-log-persisted',
    rationale:
      'A static-pod API server writes its audit log inside its container unless the log folder is a hostPath mount: the log is lost when the container restarts, and the node\'s log forwarder never sees it. The policy file must be mounted too, read-only (Appendix M).',
    remediation: 'Mount the audit log folder from the host (hostPath, writable) and the policy file (hostPath, readOnly: true), as in Appendix M.',
    messages: {
      logNotOnHost: 'kube-apiserver writes its audit log to {{path}}, which is {{why}}: the log does not outlive the container.',
      policyNotMounted: 'kube-apiserver reads its audit policy {{path}} from {{why}}.',
      policyWritable: 'kube-apiserver mounts its audit policy {{path}} writable (volume {{volume}}): mount it readOnly: true.',
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
      volumeMounts:
        - {name: audit-policy, mountPath: /etc/kubernetes/audit, readOnly: true}
        - {name: audit-log, mountPath: /var/log/kubernetes/audit}
  volumes:
    - {name: audit-policy, hostPath: {path: /etc/kubernetes/audit, type: DirectoryOrCreate}}
    - {name: audit-log, hostPath: {path: /var/log/kubernetes/audit, type: DirectoryOrCreate}}
`,
  },
  judge(apiServer) {
    if (!apiServer.pod) return new NotJudged(`kube-apiserver runs as a host process of ${apiServer.source}, not a static pod: its files are on the host`);
    const log = apiServer.flags.nonEmpty('audit-log-path');
    if (!log) return new NotJudged('kube-apiserver writes no audit log file (--audit-log-path is unset; see NSA-LOG-001)');
    if (log.value.trim() === '-') return new NotJudged('kube-apiserver writes its audit log to standard output (--audit-log-path=-)');
    const reports = [];
    const logPath = log.value.trim();
    const logMount = apiServer.hostPath(logPath).mount;
    if (!logMount?.hostPath || logMount.readOnly) {
      const why = !logMount ? 'on no volume mount' : !logMount.hostPath ? `on volume "${logMount.volume}", not a hostPath` : `on the read-only mount of volume "${logMount.volume}"`;
      reports.push(report(log.at, 'logNotOnHost', { path: logPath, why }));
    }
    const policy = apiServer.flags.nonEmpty('audit-policy-file');
    if (policy) {
      const policyPath = policy.value.trim();
      const mount = apiServer.hostPath(policyPath).mount;
      if (!mount?.hostPath) reports.push(report(policy.at, 'policyNotMounted', { path: policyPath, why: mount ? `volume "${mount.volume}", not a hostPath` : 'no volume mount (the image)' }));
      else if (!mount.readOnly) {
        const container = apiServer.pod.containerPath;
        reports.push(report({ resource: apiServer.resource, path: [...container, 'volumeMounts', mount.index] }, 'policyWritable', { path: policyPath, volume: mount.volume }, 'warning'));
      }
    }
    return reports;
  },
});
