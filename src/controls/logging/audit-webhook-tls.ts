import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { KUBECONFIG } from '../../node/kinds.js';
import { apiServerFile, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-LOG-009'),
    slug: 'audit-webhook-tls',
    rationale:
      'An audit webhook ships every audit event, with request bodies, to the SIEM. Over http:// anyone on the path reads (or alters) the cluster\'s audit trail; a username and password is a weak, static credential. The guidance\'s own Appendix N example does both. Batch mode with a backoff keeps the API server from stalling when the SIEM is slow.',
    remediation: 'Point the webhook kubeconfig at an https:// server with a CA, authenticate with a client certificate, and set --audit-webhook-mode=batch and --audit-webhook-initial-backoff.',
    messages: {
      plainHttp: 'The audit webhook sends events to {{server}} over plain HTTP.',
      basicAuth: 'The audit webhook authenticates with a username and password (user {{user}}).',
      notBatch: 'kube-apiserver sends audit events one by one (--audit-webhook-mode={{mode}}): use batch.',
      noBackoff: 'kube-apiserver sets no --audit-webhook-initial-backoff for the audit webhook.',
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
        - --audit-webhook-config-file=/etc/kubernetes/audit/webhook.kubeconfig
        - --audit-webhook-mode=batch
        - --audit-webhook-initial-backoff=5s
---
apiVersion: v1
kind: Config
clusters: [{name: siem, cluster: {server: "https://siem.example.com:8443/k8s-audit", certificate-authority: /etc/kubernetes/audit/siem-ca.crt}}]
users: [{name: apiserver, user: {client-certificate: /etc/kubernetes/audit/client.crt, client-key: /etc/kubernetes/audit/client.key}}]
contexts: [{name: siem, context: {cluster: siem, user: apiserver}}]
current-context: siem
`,
  },
  judge(apiServer, configuration) {
    const file = apiServerFile(apiServer, configuration, 'audit-webhook-config-file', [KUBECONFIG], 'the audit webhook kubeconfig', 'no audit webhook');
    if (file instanceof NotJudged) return file;
    const kubeconfig = file.resource;
    const reports = [];
    for (const [i, entry] of asArray(kubeconfig.object['clusters']).entries()) {
      const server = asString(asRecord(asRecord(entry)?.['cluster'])?.['server']);
      if (server && /^http:\/\//i.test(server)) reports.push(report({ resource: kubeconfig, path: ['clusters', i, 'cluster', 'server'] }, 'plainHttp', { server }));
    }
    for (const [i, entry] of asArray(kubeconfig.object['users']).entries()) {
      const named = asRecord(entry);
      const user = asRecord(named?.['user']);
      const field = user && (user['password'] !== undefined ? 'password' : user['username'] !== undefined ? 'username' : undefined);
      if (field) reports.push(report({ resource: kubeconfig, path: ['users', i, 'user', field] }, 'basicAuth', { user: asString(named?.['name']) ?? `#${i + 1}` }));
    }
    const mode = apiServer.flags.get('audit-webhook-mode');
    if (mode && mode.value.trim() !== 'batch') reports.push(report(mode.at, 'notBatch', { mode: mode.value }, 'warning'));
    if (!apiServer.flags.get('audit-webhook-initial-backoff')) reports.push(report(apiServer.missingAt, 'noBackoff', undefined, 'warning'));
    return reports;
  },
});
