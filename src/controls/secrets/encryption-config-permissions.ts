import { catalogFields } from '../../guidance/lookup.js';
import { fileProtection, nodeFileJudgement } from '../node-files.js';
import { componentSubjects, nodeControl, NotJudged, report } from '../node-support.js';
import { referencedFile } from '../../node/configuration.js';
import { ENCRYPTION_CONFIGURATION } from '../../node/kinds.js';

export default nodeControl({
  ...componentSubjects(['kube-apiserver']),
  meta: {
    ...catalogFields('NSA-SEC-004'),
    slug: 'encryption-config-permissions',
    rationale:
      'With a local-key provider the EncryptionConfiguration holds the key that decrypts every Secret in etcd. A file that other users of the node can read (or that is not owned by root) gives the key away.',
    remediation: 'chmod 600 and chown root:root the encryption configuration file.',
    nodeFilesOnly: true,
    messages: {
      tooOpen: 'The encryption configuration {{file}} has mode {{mode}}, wider than 0600.',
      notRoot: 'The encryption configuration {{file}} is owned by {{owner}}, not root.',
    },
    example: `# Judged from the node's files (kubeharden scan --node): the file the flag names is mode 0600, owned by root.
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command: [kube-apiserver, --encryption-provider-config=/etc/kubernetes/enc/encryption.yaml]
`,
  },
  judge(apiServer, configuration) {
    const flag = apiServer.flags.nonEmpty('encryption-provider-config');
    if (!flag) return new NotJudged('kube-apiserver has no --encryption-provider-config (see NSA-SEC-001)');
    const found = referencedFile(configuration, apiServer, flag, [ENCRYPTION_CONFIGURATION], 'the encryption configuration');
    const path = found.hostPath;
    if (!path) return new NotJudged(found.reason ?? 'the encryption configuration is not on the host');
    const record = nodeFileJudgement(configuration, path, 'the encryption configuration');
    if (record instanceof NotJudged) return record;
    return fileProtection(record, { ownerGroup: false }).map((problem) =>
      report({ resource: record, path: [] }, problem.kind, { file: path, mode: problem.mode, owner: problem.owner }),
    );
  },
});
