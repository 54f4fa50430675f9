import { catalogFields } from '../../guidance/lookup.js';
import { apiServerAuthorizers, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-AUTH-006'),
    slug: 'api-server-always-allow',
    rationale:
      'The AlwaysAllow authorizer allows every request it is asked about, "effectively disabling all authorization" in the guidance\'s words: placed anywhere in the chain, it allows whatever the authorizers before it did not deny. It is also the default when --authorization-mode is not set.',
    remediation: 'Remove AlwaysAllow from --authorization-mode (or the AuthorizationConfiguration) and use Node,RBAC.',
    messages: {
      alwaysAllow: 'kube-apiserver authorizes with AlwaysAllow: {{setting}}.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, "--authorization-mode=Node,RBAC"]
`,
  },
  judge(apiServer, configuration) {
    const result = apiServerAuthorizers(apiServer, configuration);
    if (result instanceof NotJudged) return result;
    return result.authorizers
      .filter((a) => a.type === 'AlwaysAllow')
      .map((a) => report(a.at, 'alwaysAllow', { setting: result.defaulted ? '--authorization-mode is unset, and AlwaysAllow is its default' : 'it is one of the authorizers' }));
  },
});
