import { catalogFields } from '../../guidance/lookup.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

const authenticators = ['client-ca-file', 'oidc-issuer-url', 'authentication-config', 'authentication-token-webhook-config-file'];

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-AUTH-004'),
    slug: 'api-server-user-authentication',
    rationale:
      'Kubernetes has no user database: people are authenticated by an external method the API server is configured with (x509 client certificates, OIDC, a JWT authenticator or a token webhook). Without one, users are left with static tokens or service account tokens, which the guidance counts as weak.',
    remediation: 'Configure at least one user authenticator: --client-ca-file, --oidc-issuer-url (or --authentication-config with a JWT issuer), or --authentication-token-webhook-config-file.',
    messages: {
      noAuthenticator: 'kube-apiserver has no strong user authenticator: none of --client-ca-file, --oidc-issuer-url, --authentication-config or --authentication-token-webhook-config-file is set.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, --client-ca-file=/etc/kubernetes/pki/ca.crt]
`,
  },
  judge(apiServer) {
    if (authenticators.some((name) => apiServer.flags.nonEmpty(name))) return [];
    return [report(apiServer.missingAt, 'noAuthenticator')];
  },
});
