import type { Resource } from '../../core/resource.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { NodeConfiguration } from '../../node/configuration.js';
import { distributionKubeconfigs } from '../../node/distribution.js';
import { kubeadmKubeconfigs, rootKubeconfig } from '../../node/discovery.js';
import { normalizePath } from '../../node/components.js';
import { fileProtection } from '../node-files.js';
import { nodeControl, report } from '../node-support.js';

interface Kubeconfig {
  readonly path: string;
  readonly record: Resource;
  /** A user's own kubeconfig: owned by that user (here root), whatever its group. */
  readonly user: boolean;
}

/** The kubeconfigs the catalog names: kubeadm's, the kubelet's --kubeconfig, root's ~/.kube/config, and the distribution's. */
function kubeconfigPaths(configuration: NodeConfiguration): string[] {
  const paths = [...kubeadmKubeconfigs, rootKubeconfig];
  for (const kubelet of configuration.kubelets) {
    const flag = kubelet.flags.nonEmpty('kubeconfig');
    if (flag) paths.push(normalizePath(flag.value));
  }
  if (configuration.distribution) paths.push(...distributionKubeconfigs(configuration.distribution));
  return [...new Set(paths)];
}

export default nodeControl({
  meta: {
    ...catalogFields('NSA-CP-008'),
    slug: 'kubeconfig-permissions',
    rationale:
      'Kubeconfig files hold the credentials of administrators, the control-plane components and the kubelet (client keys, tokens). Anyone on the node who can read one acts as that identity: admin.conf is cluster-admin. The guidance asks that they be protected on disk.',
    remediation: 'chmod 600 each kubeconfig and chown root:root (a user\'s ~/.kube/config: owned by that user).',
    nodeFilesOnly: true,
    messages: {
      tooOpen: 'Kubeconfig {{file}} has mode {{mode}}, wider than 0600.',
      notRoot: 'Kubeconfig {{file}} is owned by {{owner}}, not {{expected}}.',
    },
    example: `# Judged from the node's files (kubeharden scan --node): /etc/kubernetes/admin.conf is mode 0600, owned by root:root.
apiVersion: v1
kind: Config
clusters: [{name: kubernetes, cluster: {server: "https://192.168.56.10:6443", certificate-authority: /etc/kubernetes/pki/ca.crt}}]
users: [{name: kubernetes-admin, user: {client-certificate: /etc/kubernetes/pki/admin.crt, client-key: /etc/kubernetes/pki/admin.key}}]
contexts: [{name: admin, context: {cluster: kubernetes, user: kubernetes-admin}}]
current-context: admin
`,
  },
  subjects(configuration): Kubeconfig[] {
    if (!configuration.evidence.nodeScan) return [];
    return kubeconfigPaths(configuration).flatMap((path) => {
      const record = configuration.evidence.nodeFile(path);
      return record ? [{ path, record, user: path === rootKubeconfig }] : [];
    });
  },
  none(configuration) {
    if (!configuration.evidence.nodeScan) return 'file modes and owners are read only by node scans (kubeharden scan --node), and this scan was given files';
    return `no kubeconfig on this node at the paths the catalog names (${kubeconfigPaths(configuration).join(', ')})`;
  },
  anchor: (kubeconfig) => ({ resource: kubeconfig.record, path: [] }),
  label: (kubeconfig) => kubeconfig.path,
  judge(kubeconfig) {
    return fileProtection(kubeconfig.record, { ownerGroup: !kubeconfig.user }).map((problem) =>
      report({ resource: kubeconfig.record, path: [] }, problem.kind, {
        file: kubeconfig.path,
        mode: problem.mode,
        owner: problem.owner,
        expected: kubeconfig.user ? 'the user (root)' : 'root:root',
      }),
    );
  },
});
