import { apiServerPod, manifests } from '../../testing/node-fixtures.js';
import { testNodeControl } from '../../testing/node-tester.js';
import control from './encryption-config-permissions.js';

const apiServer = `${manifests}/kube-apiserver.yaml`;
const hostFile = '/etc/kubernetes/enc/encryption.yaml';
const pod = apiServerPod(['--encryption-provider-config=/etc/encryption/encryption.yaml'], {
  mounts: [{ name: 'enc', mountPath: '/etc/encryption', hostPath: '/etc/kubernetes/enc', readOnly: true }],
});
const config = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: [{resources: [secrets], providers: [{kms: {apiVersion: v2, name: k, endpoint: "unix:///k.sock"}}]}]\n';

testNodeControl(control, {
  valid: [{ name: 'mode 0600, owned by root (found through the hostPath mount)', node: { [apiServer]: pod, [hostFile]: { text: config, mode: 0o600 } } }],
  invalid: [
    {
      name: 'group- and world-readable',
      node: { [apiServer]: pod, [hostFile]: { text: config, mode: 0o644 } },
      findings: [{ messageId: 'tooOpen', file: hostFile, line: 1, column: 1, message: /0644/ }],
    },
    {
      name: 'owned by a user',
      needsRoot: true,
      node: { [apiServer]: pod, [hostFile]: { text: config, owner: [1000, 0] } },
      findings: [{ messageId: 'notRoot', file: hostFile, message: /uid 1000/ }],
    },
  ],
  notEvaluated: [
    { name: 'files given to a normal scan carry no modes', given: { 'apiserver.yaml': pod, 'encryption.yaml': config }, reason: /node scans/ },
    { name: 'no encryption configured', node: { [apiServer]: apiServerPod([]) }, reason: /NSA-SEC-001/ },
  ],
});
