import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './kubeconfig-static-credentials.js';

const kubeconfig = (user: string): string => yaml`
  apiVersion: v1
  kind: Config
  clusters:
    - name: prod
      cluster: {server: "https://prod.example.com:6443", certificate-authority: /etc/kubernetes/pki/ca.crt}
  contexts:
    - name: prod
      context: {cluster: prod, user: admin}
  current-context: prod
  users:
    - name: admin
      user: ${user}`;

testControl(control, {
  valid: [
    { name: 'client certificate', manifest: kubeconfig('{client-certificate: /etc/kubernetes/pki/admin.crt, client-key: /etc/kubernetes/pki/admin.key}') },
    { name: 'exec credential plugin (OIDC)', manifest: kubeconfig('{exec: {apiVersion: client.authentication.k8s.io/v1, command: kubelogin, args: [get-token]}}') },
    { name: 'the projected service account token inside a pod', manifest: kubeconfig('{tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token}') },
    { name: 'an empty token field', manifest: kubeconfig('{token: "", client-certificate-data: LS0t, client-key-data: LS0t}') },
  ],
  invalid: [
    {
      name: 'a static bearer token',
      manifest: kubeconfig('{token: "eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.e30.c2ln"}'),
      findings: [{ messageId: 'staticToken', path: 'users[0].user.token', line: 12, column: 12 }],
    },
    {
      name: 'username and password (the Appendix N example)',
      manifest: yaml`
        apiVersion: v1
        kind: Config
        clusters:
          - name: siem
            cluster: {server: "http://127.0.0.1:8080"}
        users:
          - name: webhook
            user:
              username: admin
              password: changeme
          - name: reader
            user:
              username: reader`,
      findings: [
        { messageId: 'basicAuth', path: 'users[0].user.password', line: 10, column: 7 },
        { messageId: 'basicAuth', path: 'users[1].user.username', line: 13 },
      ],
    },
    {
      name: 'a token file that is not the projected token: for review',
      manifest: kubeconfig('{tokenFile: /etc/ci/token}'),
      findings: [{ messageId: 'tokenFile', path: 'users[0].user.tokenFile', status: 'warning' }],
    },
  ],
});

describe('NSA-CP-009 messages', () => {
  it('never shows the token or the password', () => {
    const report = scanWith(control, kubeconfig('{username: admin, password: correct-horse-battery, token: abcdefghijklmnop0123456789}'));
    assert.deepEqual(
      report.findings.map((f) => f.message),
      ['Kubeconfig user admin authenticates with a username and password (basic authentication).', 'Kubeconfig user admin authenticates with a static bearer token.'],
    );
    const text = JSON.stringify(report);
    assert.ok(!text.includes('correct-horse-battery') && !text.includes('abcdefghijklmnop'));
  });
});
