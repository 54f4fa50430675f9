import type { NodeFiles } from './node-tester.js';

/**
 * Building blocks of test nodes, laid out as kubeadm writes them. Static pods list their flags one per
 * line from line 12 (`command[1]` is on line 12, `command[j]` on line 11 + j, column 7), so that tests
 * can assert where a finding points.
 */

export interface StaticPodOptions {
  readonly image?: string;
  /** Flags in `args` (RKE2 style) instead of `command`. */
  readonly inArgs?: boolean;
  /** volumeMounts and volumes, as YAML list items indented for their place. */
  readonly mounts?: readonly { readonly name: string; readonly mountPath: string; readonly hostPath: string; readonly readOnly?: boolean }[];
  readonly name?: string;
}

const images: Readonly<Record<string, string>> = {
  'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.30.2',
  etcd: 'registry.k8s.io/etcd:3.5.12-0',
  'kube-scheduler': 'registry.k8s.io/kube-scheduler:v1.30.2',
  'kube-controller-manager': 'registry.k8s.io/kube-controller-manager:v1.30.2',
};

export function staticPod(binary: string, flags: readonly string[], options: StaticPodOptions = {}): string {
  const quote = (flag: string): string => (/[,:#{}[\]&*!|>'"%@`]/.test(flag) ? JSON.stringify(flag) : flag);
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${options.name ?? binary}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    `  - name: ${binary}`,
    `    image: ${options.image ?? images[binary] ?? binary}`,
    ...(options.inArgs
      ? ['    command:', `    - ${binary}`, '    args:', ...flags.map((f) => `    - ${quote(f)}`)]
      : ['    command:', `    - ${binary}`, ...flags.map((f) => `    - ${quote(f)}`)]),
  ];
  const mounts = options.mounts ?? [];
  if (mounts.length > 0) {
    lines.push('    volumeMounts:');
    for (const m of mounts) lines.push(`    - name: ${m.name}`, `      mountPath: ${m.mountPath}`, ...(m.readOnly ? ['      readOnly: true'] : []));
    lines.push('  volumes:');
    for (const m of mounts) lines.push(`  - name: ${m.name}`, '    hostPath:', `      path: ${m.hostPath}`);
  }
  return lines.join('\n') + '\n';
}

export const manifests = '/etc/kubernetes/manifests';

/** The kubeadm kube-apiserver flags (v1.30 defaults). */
export const kubeadmApiServerFlags: readonly string[] = [
  '--advertise-address=192.168.56.10',
  '--allow-privileged=true',
  '--authorization-mode=Node,RBAC',
  '--client-ca-file=/etc/kubernetes/pki/ca.crt',
  '--enable-admission-plugins=NodeRestriction',
  '--enable-bootstrap-token-auth=true',
  '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
  '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
  '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  '--etcd-servers=https://127.0.0.1:2379',
  '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
  '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
  '--secure-port=6443',
  '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
  '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
];

export const pkiMount = { name: 'k8s-certs', mountPath: '/etc/kubernetes/pki', hostPath: '/etc/kubernetes/pki', readOnly: true };

export function apiServerPod(flags: readonly string[], options: StaticPodOptions = {}): string {
  return staticPod('kube-apiserver', flags, options);
}

export const kubeletUnit = `[Unit]
Description=kubelet: The Kubernetes Node Agent

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
`;

/** 10-kubeadm.conf: ExecStart is on line 9; KUBELET_EXTRA_ARGS come last and win. */
export const kubeadmDropIn = `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
# the kubelet with every flag variable, the user's extra ones last
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;

export const kubeadmFlagsEnv = `KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"
`;

export function kubeletConfig(body = ''): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
${body}`;
}

/** A kubeadm node's kubelet: unit, drop-in, flag files, and the config file. */
export function kubeadmKubelet(config: string | undefined, extraArgs = ''): Record<string, string> {
  return {
    '/usr/lib/systemd/system/kubelet.service': kubeletUnit,
    '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf': kubeadmDropIn,
    '/var/lib/kubelet/kubeadm-flags.env': kubeadmFlagsEnv,
    '/etc/default/kubelet': `KUBELET_EXTRA_ARGS=${extraArgs}\n`,
    ...(config !== undefined ? { '/var/lib/kubelet/config.yaml': config } : {}),
  };
}

/** A kubelet started by a unit with no --config: the flag defaults apply. */
export function flagOnlyKubelet(flags: string): NodeFiles {
  return {
    '/etc/systemd/system/kubelet.service': `[Service]\nExecStart=/usr/local/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf ${flags}\n`,
  };
}

export const kubeconfig = (user = 'kubernetes-admin'): string => `apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    server: https://192.168.56.10:6443
    certificate-authority: /etc/kubernetes/pki/ca.crt
contexts:
- name: ${user}@kubernetes
  context: {cluster: kubernetes, user: ${user}}
current-context: ${user}@kubernetes
users:
- name: ${user}
  user:
    client-certificate: /etc/kubernetes/pki/${user}.crt
    client-key: /etc/kubernetes/pki/${user}.key
`;
