import { apiServerPod, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './encryption-providers.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;
const encryptionFile = '/etc/kubernetes/enc/encryption.yaml';
const encMount = { name: 'enc', mountPath: '/etc/kubernetes/enc', hostPath: '/etc/kubernetes/enc', readOnly: true };
const encryption = (resources: string): string => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
${resources}`;
const node = (config: string): Record<string, string> => ({
  [apiServer]: apiServerPod([`--encryption-provider-config=${encryptionFile}`], { mounts: [encMount] }),
  [encryptionFile]: config,
});
const aescbc = '      - aescbc:\n          keys:\n            - name: key1\n              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==\n';

testNodeControl(control, {
  valid: [
    { name: 'aescbc first, identity last (App. H)', node: node(encryption(`  - resources: [secrets]\n    providers:\n${aescbc}      - identity: {}\n`)) },
    {
      name: 'kms for every resource (*.*)',
      given: {
        'apiserver.yaml': apiServerPod(['--encryption-provider-config=/etc/kubernetes/enc/encryption.yaml']),
        'encryption.yaml': encryption('  - resources: ["*.*"]\n    providers:\n      - kms: {apiVersion: v2, name: vault, endpoint: "unix:///kms.sock"}\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'identity first',
      node: node(encryption(`  - resources: [secrets]\n    providers:\n      - identity: {}\n${aescbc}`)),
      findings: [{ messageId: 'identityFirst', file: encryptionFile, line: 6, path: 'resources[0].providers[0]' }],
    },
    {
      name: 'secrets not listed',
      node: node(encryption(`  - resources: [configmaps]\n    providers:\n${aescbc}`)),
      findings: [{ messageId: 'secretsNotListed', file: encryptionFile, line: 3, path: 'resources' }],
    },
    {
      name: 'a secretbox provider without keys',
      node: node(encryption('  - resources: [secrets]\n    providers:\n      - secretbox:\n          keys: []\n      - identity: {}\n')),
      findings: [{ messageId: 'noKeys', file: encryptionFile, line: 6, path: 'resources[0].providers[0].secretbox', message: /secretbox/ }],
    },
  ],
  notEvaluated: [
    { name: 'no encryption configured', node: { [apiServer]: apiServerPod(['--secure-port=6443']) }, reason: /has no --encryption-provider-config \(see NSA-SEC-001\)/ },
    { name: 'the file is not on the node', node: { [apiServer]: apiServerPod([`--encryption-provider-config=${encryptionFile}`], { mounts: [encMount] }) }, reason: /encryption\.yaml does not exist/ },
  ],
});
