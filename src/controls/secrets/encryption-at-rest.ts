import { catalogFields } from '../../guidance/lookup.js';
import { componentSubjects, nodeControl, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-SEC-001'),
    slug: 'encryption-at-rest',
    rationale:
      'Secrets are only base64-encoded in etcd unless the API server encrypts them: anyone with a copy of etcd (a backup, a disk, an etcd client certificate) reads every password, token and key of the cluster.',
    remediation: 'Set --encryption-provider-config to an EncryptionConfiguration that encrypts secrets with a KMS v2 provider (or aescbc/secretbox), then rewrite the existing Secrets so they are stored encrypted.',
    messages: {
      notEncrypted: 'kube-apiserver has no --encryption-provider-config: Secrets are stored unencrypted in etcd.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, --encryption-provider-config=/etc/kubernetes/enc/encryption.yaml]
`,
  },
  judge(apiServer) {
    return apiServer.flags.nonEmpty('encryption-provider-config') ? [] : [report(apiServer.flags.get('encryption-provider-config')?.at ?? apiServer.missingAt, 'notEncrypted')];
  },
});
