import { defineControl } from '../../core/control.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';

// Inside a pod this file is the kubelet-mounted, short-lived, audience-bound projected token, refreshed
// before it expires: a kubeconfig pointing at it holds no static credential.
const PROJECTED_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export default defineControl({
  target: 'resource',
  kinds: ['/Config'],
  meta: {
    ...catalogFields('NSA-CP-009'),
    slug: 'kubeconfig-static-credentials',
    rationale:
      'A username and password (basic authentication, removed from the API server in v1.19) or a static bearer token in a kubeconfig is a credential that does not expire and is not tied to a key the client holds: whoever copies the file is that user. The guidance counts these among the weak authentication methods; its own Appendix N example uses one.',
    remediation: 'Authenticate with client certificates, an exec credential plugin or OIDC; for service accounts, request short-lived tokens (kubectl create token).',
    messages: {
      basicAuth: 'Kubeconfig user {{user}} authenticates with a {{fields}} (basic authentication).',
      staticToken: 'Kubeconfig user {{user}} authenticates with a static bearer token.',
      tokenFile: 'Kubeconfig user {{user}} reads a bearer token from {{file}}: make sure it is a short-lived token, not a static one.',
    },
    example: `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://prod.example.com:6443
      certificate-authority: /etc/kubernetes/pki/ca.crt
users:
  - name: admin
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: kubelogin
        args: [get-token, --oidc-issuer-url=https://login.example.com]
contexts:
  - name: prod
    context: {cluster: prod, user: admin}
current-context: prod
`,
  },
  *check(kubeconfig) {
    for (const [index, entry] of asArray(kubeconfig.object['users']).entries()) {
      const named = asRecord(entry);
      const user = asRecord(named?.['user']);
      if (!user) continue;
      const data = { user: asString(named?.['name']) ?? `#${index + 1}` };
      const path = ['users', index, 'user'];
      const basic = (['username', 'password'] as const).filter((field) => present(user[field]));
      if (basic.length > 0) {
        const field = basic.includes('password') ? 'password' : 'username';
        yield { messageId: 'basicAuth', data: { ...data, fields: basic.join(' and ') }, path: [...path, field] };
      }
      if (present(user['token'])) yield { messageId: 'staticToken', data, path: [...path, 'token'] };
      const file = asString(user['tokenFile'])?.trim();
      if (file && file !== PROJECTED_TOKEN_PATH) {
        yield { messageId: 'tokenFile', data: { ...data, file }, path: [...path, 'tokenFile'], status: 'warning' };
      }
    }
  },
});

/** A credential field counts when it holds something; values are never read further or shown. */
function present(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}
