import { apiServerPod } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './kms-encryption.js';

const apiServer = apiServerPod(['--encryption-provider-config=/etc/kubernetes/enc/encryption.yaml']);
const encryption = (providers: string): string => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
${providers}      - identity: {}
`;

testNodeControl(control, {
  valid: [{ name: 'KMS v2', given: { 'apiserver.yaml': apiServer, 'encryption.yaml': encryption('      - kms: {apiVersion: v2, name: vault, endpoint: "unix:///kms.sock"}\n') } }],
  invalid: [
    {
      name: 'a local aesgcm key',
      given: { 'apiserver.yaml': apiServer, 'encryption.yaml': encryption('      - aesgcm: {keys: [{name: k1, secret: c2VjcmV0IGlzIHNlY3VyZQ==}]}\n') },
      findings: [{ messageId: 'localKey', file: 'encryption.yaml', line: 6, status: 'warning', path: 'resources[0].providers[0].aesgcm' }],
    },
    {
      name: 'KMS v1',
      given: { 'apiserver.yaml': apiServer, 'encryption.yaml': encryption('      - kms: {name: old-kms, endpoint: "unix:///kms.sock", cachesize: 100}\n') },
      findings: [{ messageId: 'kmsVersionOne', file: 'encryption.yaml', status: 'warning', message: /old-kms/ }],
    },
  ],
  notEvaluated: [
    { name: 'identity first is NSA-SEC-002\'s failure', given: { 'apiserver.yaml': apiServer, 'encryption.yaml': 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [configmaps]\n    providers: [{identity: {}}]\n' }, reason: /does not cover secrets/ },
    { name: 'the file is not in the input', given: { 'apiserver.yaml': apiServer }, reason: /is not in the input/ },
  ],
});
