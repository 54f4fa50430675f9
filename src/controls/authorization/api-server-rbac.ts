import { catalogFields } from '../../guidance/lookup.js';
import { apiServerAuthorizers, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-AUTH-005'),
    slug: 'api-server-rbac',
    rationale:
      'RBAC is the authorizer the guidance builds least privilege on: Roles and bindings decide what each user and service account may do. Without it, the bindings in the cluster mean nothing and another authorizer decides, AlwaysAllow by default.',
    remediation: 'Add RBAC to --authorization-mode (kubeadm: Node,RBAC), or an authorizer of type RBAC to the AuthorizationConfiguration.',
    messages: {
      noRbac: 'kube-apiserver does not authorize with RBAC: {{setting}}.',
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
    if (result.authorizers.some((a) => a.type === 'RBAC')) return [];
    const setting = result.defaulted ? '--authorization-mode is unset (the default is AlwaysAllow)' : `the authorizers are ${result.authorizers.map((a) => a.type).join(', ') || 'none'}`;
    return [report(result.authorizers[0]?.at ?? apiServer.missingAt, 'noRbac', { setting })];
  },
});
