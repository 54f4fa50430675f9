import { catalogFields } from '../../guidance/lookup.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-AUTH-003'),
    slug: 'api-server-static-credentials',
    rationale:
      'A static token file (or, before 1.19, a basic-auth password file) holds long-lived credentials in clear text on the control-plane disk: they do not expire, cannot be revoked without restarting the API server, and are not tied to a key the client holds. The guidance names static password files as a weak method.',
    remediation: 'Remove --token-auth-file (and --basic-auth-file); authenticate users with OIDC or client certificates and workloads with service account tokens.',
    messages: {
      staticFile: 'kube-apiserver authenticates with a static credential file: --{{flag}}={{value}}.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, --client-ca-file=/etc/kubernetes/pki/ca.crt, --oidc-issuer-url=https://login.example.com]
`,
  },
  judge(apiServer) {
    return ['token-auth-file', 'basic-auth-file'].flatMap((name) => {
      const flag = apiServer.flags.nonEmpty(name);
      return flag ? [report(flag.at, 'staticFile', { flag: name, value: flag.value })] : [];
    });
  },
});
