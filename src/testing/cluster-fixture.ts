/**
 * A small live cluster with known problems, for the cluster scan tests: a kubeadm control plane (mirror
 * pods with weak flags), two nodes (one with a weak kubelet configuration served through configz), an
 * application namespace without a default-deny policy, a privileged DaemonSet, a legacy token Secret,
 * credentials in a ConfigMap, a cluster-admin binding, and users for every way of authenticating.
 */
export const SCANNER_TOKEN = 'scanner-token-0123456789';
export const ADMIN_TOKEN = 'admin-token-0123456789';

const apiServerCommand = [
  'kube-apiserver',
  '--advertise-address=10.0.0.10',
  '--allow-privileged=true',
  '--anonymous-auth=true',
  '--authorization-mode=Node,RBAC',
  '--client-ca-file=/etc/kubernetes/pki/ca.crt',
  '--enable-admission-plugins=NodeRestriction',
  '--etcd-servers=https://127.0.0.1:2379',
  '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
  '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
  '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
  '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
  '--secure-port=6443',
  '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
  '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
  '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
  '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
  '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
];

function mirrorPod(name: string, component: string, image: string, command: string[]): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${name}-cp-1`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.mirror': 'abc123' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'cp-1', uid: 'node-uid', controller: true }],
    },
    spec: {
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      nodeName: 'cp-1',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: component, image, command }],
    },
    status: { phase: 'Running', containerStatuses: [{ name: component, image, imageID: `${image.split(':')[0]}@sha256:${'a'.repeat(64)}`, ready: true }] },
  };
}

const restrictedContainer = (name: string, image: string): Record<string, unknown> => ({
  name,
  image,
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 10001,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
});

export const kubeletConfigs: Record<string, Record<string, unknown>> = {
  'cp-1': {
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } },
    authorization: { mode: 'Webhook' },
    readOnlyPort: 0,
    protectKernelDefaults: true,
    seccompDefault: true,
    rotateCertificates: true,
    serverTLSBootstrap: true,
    podPidsLimit: 4096,
    systemReserved: { pid: '1000' },
    kubeReserved: { pid: '1000' },
    containerLogMaxSize: '10Mi',
    containerLogMaxFiles: 5,
  },
  'worker-1': {
    authentication: { anonymous: { enabled: true }, webhook: { enabled: false } },
    authorization: { mode: 'AlwaysAllow' },
    readOnlyPort: 10255,
    podPidsLimit: -1,
  },
};

/** The scanner's own RBAC is added by each test (from --print-rbac, or a narrower one). */
export function clusterFixture(): Record<string, unknown>[] {
  const namespace = (name: string, labels: Record<string, string> = {}): Record<string, unknown> => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
  });
  return [
    namespace('default'),
    namespace('kube-system'),
    namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' }),
    namespace('legacy'),
    ...['cp-1', 'worker-1'].map((name, i) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
      spec: i === 0 ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
      status: {
        nodeInfo: {
          kubeletVersion: i === 0 ? 'v1.32.4' : 'v1.27.3',
          kernelVersion: i === 0 ? '6.8.0-1021-aws' : '4.15.0-213-generic',
          osImage: i === 0 ? 'Ubuntu 24.04.2 LTS' : 'Ubuntu 18.04.6 LTS',
          containerRuntimeVersion: 'containerd://2.1.4',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    })),
    mirrorPod('kube-apiserver', 'kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.32.4', apiServerCommand),
    mirrorPod('etcd', 'etcd', 'registry.k8s.io/etcd:3.5.16-0', [
      'etcd',
      '--advertise-client-urls=https://10.0.0.10:2379',
      '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
      '--key-file=/etc/kubernetes/pki/etcd/server.key',
      '--client-cert-auth=true',
      '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
      '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
      '--peer-client-cert-auth=true',
      '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      '--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.10:2379',
      '--data-dir=/var/lib/etcd',
    ]),
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
        template: {
          metadata: { labels: { 'k8s-app': 'kube-proxy' } },
          spec: { hostNetwork: true, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.4', securityContext: { privileged: true } }] },
        },
      },
      status: { desiredNumberScheduled: 2, numberReady: 2, currentNumberScheduled: 2 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-flannel-ds', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { app: 'flannel' } },
        template: { metadata: { labels: { app: 'flannel' } }, spec: { hostNetwork: true, containers: [{ name: 'kube-flannel', image: 'docker.io/flannel/flannel:v0.26.1' }] } },
      },
      status: { desiredNumberScheduled: 2, numberReady: 2 },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' }, automountServiceAccountToken: false },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'legacy' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { serviceAccountName: 'web', automountServiceAccountToken: false, containers: [restrictedContainer('web', 'registry.example.com/shop/web:1.4.2')] },
        },
      },
      status: { replicas: 2, readyReplicas: 2 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'billing', namespace: 'legacy', labels: { app: 'billing' } },
      spec: {
        selector: { matchLabels: { app: 'billing' } },
        template: {
          metadata: { labels: { app: 'billing' } },
          spec: {
            containers: [
              {
                name: 'billing',
                image: 'docker.io/acme/billing:latest',
                env: [{ name: 'DB_PASSWORD', value: 'hunter2-very-secret' }],
                securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } },
                ports: [{ containerPort: 8080, hostPort: 8080 }],
              },
            ],
            volumes: [{ name: 'host', hostPath: { path: '/var/run/docker.sock' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: 'legacy', labels: { app: 'debug' } },
      spec: { hostPID: true, containers: [{ name: 'shell', image: 'busybox' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'shell', image: 'docker.io/library/busybox:latest', imageID: `docker.io/library/busybox@sha256:${'b'.repeat(64)}` }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'defaults', namespace: 'shop' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' } }] } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: 'shop' }, spec: { hard: { pods: '20' } } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'billing-config', namespace: 'legacy' },
      data: { DATABASE_PASSWORD: 'correct-horse-battery', LOG_LEVEL: 'info' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'billing-token',
        namespace: 'legacy',
        annotations: { 'kubernetes.io/service-account.name': 'default' },
      },
      type: 'kubernetes.io/service-account-token',
      data: { token: Buffer.from('eyJhbGciOiJSUzI1NiJ9.legacy-token-value').toString('base64') },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        namespace: 'shop',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: { password: Buffer.from('s3cr3t-db-password').toString('base64') } }),
        },
      },
      type: 'Opaque',
      data: { password: Buffer.from('s3cr3t-db-password').toString('base64') },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'ci-admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'legacy' }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'cluster-admin' },
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'secret-reader', namespace: 'shop' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'web-reads-secrets', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'secret-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'shop' }],
    },
  ];
}

/** RBAC granting `user` the ClusterRole given as YAML text (from --print-rbac). */
export function bindClusterRole(role: Record<string, unknown>, user: string): Record<string, unknown>[] {
  const name = asName(role);
  return [
    role,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${name}-${user}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    },
  ];
}

function asName(role: Record<string, unknown>): string {
  return String((role['metadata'] as { name?: unknown } | undefined)?.name ?? 'kubeharden-scanner');
}
