import { apiServerPod, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './audit-webhook-tls.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;
const webhookFile = '/etc/kubernetes/audit/webhook.kubeconfig';
const mount = { name: 'audit', mountPath: '/etc/kubernetes/audit', hostPath: '/etc/kubernetes/audit', readOnly: true };
const webhookFlags = [`--audit-webhook-config-file=${webhookFile}`, '--audit-webhook-mode=batch', '--audit-webhook-initial-backoff=5s'];
const kubeconfig = (server: string, user: string): string => `apiVersion: v1
kind: Config
clusters:
- name: siem
  cluster:
    server: ${server}
users:
- name: apiserver
  user:
${user}
`;

testNodeControl(control, {
  valid: [
    {
      name: 'https with a client certificate, batch mode with a backoff',
      node: { [apiServer]: apiServerPod(webhookFlags, { mounts: [mount] }), [webhookFile]: kubeconfig('https://siem.example.com:8443', '    client-certificate: /etc/kubernetes/audit/client.crt\n    client-key: /etc/kubernetes/audit/client.key') },
    },
  ],
  invalid: [
    {
      name: 'App. N: plain http and a username and password',
      node: { [apiServer]: apiServerPod(webhookFlags, { mounts: [mount] }), [webhookFile]: kubeconfig('http://127.0.0.1:8080', '    username: admin\n    password: changeme') },
      findings: [
        { messageId: 'plainHttp', file: webhookFile, line: 6, path: 'clusters[0].cluster.server' },
        { messageId: 'basicAuth', file: webhookFile, line: 11, path: 'users[0].user.password' },
      ],
    },
    {
      name: 'blocking mode, no backoff (for review)',
      given: {
        'apiserver.yaml': apiServerPod([`--audit-webhook-config-file=${webhookFile}`, '--audit-webhook-mode=blocking']),
        'webhook.kubeconfig': kubeconfig('https://siem.example.com', '    client-certificate: /c.crt\n    client-key: /c.key'),
      },
      findings: [
        { messageId: 'notBatch', file: 'apiserver.yaml', line: 13, status: 'warning' },
        { messageId: 'noBackoff', file: 'apiserver.yaml', line: 10, status: 'warning' },
      ],
    },
  ],
  notEvaluated: [
    { name: 'no webhook', node: { [apiServer]: apiServerPod(['--audit-log-path=/var/log/audit.log']) }, reason: /no --audit-webhook-config-file/ },
    { name: 'the webhook kubeconfig is missing', node: { [apiServer]: apiServerPod(webhookFlags, { mounts: [mount] }) }, reason: /webhook\.kubeconfig does not exist/ },
  ],
});
