import { catalogFields } from '../../guidance/lookup.js';
import { ENCRYPTION_CONFIGURATION } from '../../node/kinds.js';
import { encryptionOfSecrets, keyedProviders } from '../../node/encryption.js';
import { apiServerFile, componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-SEC-002'),
    slug: 'encryption-providers',
    rationale:
      'An EncryptionConfiguration encrypts only the resources it lists, with the first provider of their entry. If secrets are not listed, or identity (no encryption) comes first, Secrets are written in plain text even though encryption at rest looks configured; a local-key provider without keys cannot encrypt at all.',
    remediation: 'List secrets in resources[].resources and put kms (v2), aescbc, aesgcm or secretbox first, with keys, and identity last (only to read data written before encryption).',
    messages: {
      secretsNotListed: 'The EncryptionConfiguration does not cover secrets: no resources entry lists secrets, *. or *.*.',
      identityFirst: 'The EncryptionConfiguration writes secrets with the identity provider (first in the list): they are stored unencrypted.',
      noKeys: 'The {{provider}} provider for secrets has no keys.',
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
    if (!secrets) return [report({ resource: file.resource, path: ['resources'] }, 'secretsNotListed')];
    const reports = [];
    if (secrets.providers[0]?.type === 'identity') reports.push(report({ resource: file.resource, path: [...secrets.path, 'providers', 0] }, 'identityFirst'));
    for (const provider of keyedProviders(secrets)) {
      if (provider.keys === 0) reports.push(report({ resource: file.resource, path: [...provider.path, provider.type] }, 'noKeys', { provider: provider.type }));
    }
    return reports;
  },
});
