import { catalogFields } from '../../guidance/lookup.js';
import { ENCRYPTION_CONFIGURATION } from '../../node/kinds.js';
import { encryptionOfSecrets, localKeyProviders } from '../../node/encryption.js';
import { apiServerFile, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-SEC-003'),
    slug: 'kms-encryption',
    rationale:
      'With aescbc, aesgcm or secretbox the encryption key sits in the EncryptionConfiguration on the control-plane disk, next to what it protects: the guidance says this "only slightly improves security". A KMS provider keeps the key in an external key service; KMS v1 is deprecated in favour of v2.',
    remediation: 'Use a KMS v2 plugin (kms with apiVersion: v2) as the first provider for secrets.',
    messages: {
      localKey: 'Secrets are encrypted with {{provider}}, whose key is stored in the EncryptionConfiguration on disk: prefer a KMS v2 provider.',
      kmsVersionOne: 'Secrets are encrypted with KMS v1 ({{name}}), which is deprecated: move to KMS v2.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, --encryption-provider-config=/etc/kubernetes/enc/encryption.yaml]
---
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - kms: {apiVersion: v2, name: vault, endpoint: unix:///var/run/kms/vault.sock, timeout: 3s}
      - identity: {}
`,
  },
  judge(apiServer, configuration) {
    const file = apiServerFile(apiServer, configuration, 'encryption-provider-config', [ENCRYPTION_CONFIGURATION], 'the encryption configuration', 'see NSA-SEC-001');
    if (file instanceof NotJudged) return file;
    const secrets = encryptionOfSecrets(file.resource);
    const first = secrets?.providers[0];
    if (!secrets || !first) return new NotJudged('the encryption configuration does not cover secrets (see NSA-SEC-002)');
    const at = { resource: file.resource, path: [...first.path, first.type] };
    if (localKeyProviders.has(first.type)) return [report(at, 'localKey', { provider: first.type }, 'warning')];
    if (first.type === 'kms' && first.config['apiVersion'] !== 'v2') return [report(at, 'kmsVersionOne', { name: String(first.config['name'] ?? 'unnamed') }, 'warning')];
    return [];
  },
});
