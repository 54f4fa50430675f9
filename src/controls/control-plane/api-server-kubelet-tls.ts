import { catalogFields } from '../../guidance/lookup.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-CP-012'),
    slug: 'api-server-kubelet-tls',
    rationale:
      'The API server calls every kubelet to run exec, attach, logs and port-forward. Without a client certificate it cannot prove who it is to the kubelet; without --kubelet-certificate-authority it does not verify the kubelet, so anyone who can redirect that traffic receives the session.',
    remediation: 'Set --kubelet-client-certificate and --kubelet-client-key, and --kubelet-certificate-authority to the CA that signs the kubelet serving certificates (with serverTLSBootstrap on the kubelets).',
    messages: {
      noClientCertificate: 'kube-apiserver has no --{{flag}}: it cannot authenticate to kubelets with a certificate.',
      noKubeletCa: 'kube-apiserver has no --kubelet-certificate-authority: it does not verify the kubelets it connects to.',
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
        - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
        - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
        - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
`,
  },
  judge(apiServer) {
    const { flags } = apiServer;
    const reports = [];
    for (const flag of ['kubelet-client-certificate', 'kubelet-client-key']) {
      if (!flags.nonEmpty(flag)) reports.push(report(flags.get(flag)?.at ?? apiServer.missingAt, 'noClientCertificate', { flag }));
    }
    if (!flags.nonEmpty('kubelet-certificate-authority')) reports.push(report(flags.get('kubelet-certificate-authority')?.at ?? apiServer.missingAt, 'noKubeletCa'));
    return reports;
  },
});
