// Canary credentials: values that must never appear in any output of kubeharden (any report format, any
// stderr line, any error message), wherever they sit in the input. Every source can be tested with them:
// files, standard input, node files, and (for the helpers writing them) cluster responses and webhook
// bodies, by serving the same objects (`canaryObjects()`) and checking the output with assertNoCanary.
import assert from 'node:assert/strict';
import { loadYaml } from '../parse/manifests.js';

const plain = (name: string): string => `KHCANARY-${name}-9f27c4e1d0`;
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Each canary by where it sits; the same value is never used twice, so a leak names its source. */
export const CANARY = {
  secretData: plain('secret-data'),
  secretStringData: plain('secret-stringdata'),
  dockerConfig: plain('dockerconfig-auth'),
  envPassword: plain('env-password'),
  envToken: plain('env-token'),
  configMapToken: plain('configmap-token'),
  configMapProperties: plain('configmap-properties'),
  configMapJson: plain('configmap-json'),
  lastApplied: plain('last-applied'),
  argToken: plain('arg-token'),
  probeBearer: plain('probe-bearer'),
  kubeconfigToken: plain('kubeconfig-token'),
  kubeconfigPassword: plain('kubeconfig-password'),
  kubeconfigClientKey: plain('kubeconfig-client-key'),
  brokenSecret: plain('broken-secret'),
  /** In a Secret that is not valid YAML: the parse error must not quote it. */
  brokenSecretTail: plain('broken-secret-tail'),
  flagBearer: plain('flag-bearer'),
  serviceAccountToken: plain('sa-token'),
} as const;

/** Every text that would be a leak: each canary, and the base64 form of those stored base64-encoded. */
export function canaryNeedles(): string[] {
  const needles = new Set<string>();
  for (const value of Object.values(CANARY)) {
    needles.add(value);
    needles.add(b64(value));
    // A value cut to a window (minified lines, message truncation) still leaks its distinctive middle.
    needles.add(value.slice(9, 30));
  }
  return [...needles];
}

/** Fails naming the canary and the first place it appears in `text`. */
export function assertNoCanary(text: string, where: string): void {
  for (const needle of canaryNeedles()) {
    const at = text.indexOf(needle);
    if (at >= 0) assert.fail(`${where} leaks a canary credential (${needle}):\n…${text.slice(Math.max(0, at - 200), at + 100)}…`);
  }
}

const clientKeyPem = `-----BEGIN RSA PRIVATE KEY-----\n${CANARY.kubeconfigClientKey}\n-----END RSA PRIVATE KEY-----\n`;

/** A kubeconfig with a static token, basic-auth password and embedded client key (NSA-CP findings on it). */
export function canaryKubeconfig(): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://10.0.0.1:6443
      insecure-skip-tls-verify: true
contexts:
  - name: admin@prod
    context: {cluster: prod, user: admin}
current-context: admin@prod
users:
  - name: admin
    user:
      token: ${CANARY.kubeconfigToken}
      client-key-data: ${b64(clientKeyPem)}
  - name: basic
    user:
      username: admin
      password: ${CANARY.kubeconfigPassword}
`;
}

/** Manifests with canaries in every place a credential hides; each also has findings, so reports show them. */
export function canaryManifests(): Record<string, string> {
  const dockerConfig = JSON.stringify({ auths: { 'registry.example.com': { auth: b64(`user:${CANARY.dockerConfig}`) } } });
  const lastApplied = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'shop' },
    stringData: { password: CANARY.lastApplied },
  });
  return {
    'secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '${lastApplied}'
type: Opaque
data:
  password: ${b64(CANARY.secretData)}
stringData:
  api-key: ${CANARY.secretStringData}
---
apiVersion: v1
kind: Secret
metadata: {name: pull, namespace: shop}
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ${b64(dockerConfig)}
---
# A legacy service account token: NSA-SEC findings on the Secret itself, next to its data.
apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: shop
  annotations: {kubernetes.io/service-account.name: ci}
type: kubernetes.io/service-account-token
data:
  token: ${b64(CANARY.serviceAccountToken)}
stringData:
  token: ${CANARY.serviceAccountToken}
`,
    'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: nginx:latest
          args: ["--token=${CANARY.argToken}", "--header", "Authorization: Bearer ${CANARY.flagBearer}"]
          env:
            - name: DB_PASSWORD
              value: ${CANARY.envPassword}
            - name: GITHUB_TOKEN
              value: "${CANARY.envToken}"
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
              httpHeaders:
                - name: Authorization
                  value: Bearer ${CANARY.probeBearer}
          securityContext: {privileged: true}
`,
    'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data:
  API_TOKEN: ${CANARY.configMapToken}
  application.properties: |
    server.port=8080
    spring.datasource.password=${CANARY.configMapProperties}
  config.json: '{"db": {"password": "${CANARY.configMapJson}"}}'
`,
    'kubeconfig.yaml': canaryKubeconfig(),
    // Not valid YAML (the quote never closes): the error names the file and line, never the value.
    'broken-secret.yaml': `apiVersion: v1
kind: Secret
metadata: {name: broken, namespace: shop}
stringData:
  password: "${CANARY.brokenSecret}
  other: [${CANARY.brokenSecretTail}
`,
  };
}

/** The same canaries as parsed objects, for sources that are not files (a cluster's API, a webhook body). */
export function canaryObjects(): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const [name, text] of Object.entries(canaryManifests())) {
    if (name === 'broken-secret.yaml') continue;
    for (const doc of text.split(/^---$/m)) objects.push(parseSimple(doc));
  }
  return objects;
}

/** Read with the tool's own YAML parser, as the scanner reads files. */
function parseSimple(doc: string): Record<string, unknown> {
  return loadYaml(doc, 'canary.yaml') as Record<string, unknown>;
}

/**
 * Node files (for `scan --node --root`) with canaries: the kubeconfigs under /etc/kubernetes, a static pod
 * whose flags carry a token, and a kubelet config pointing at them.
 */
export function canaryNodeFiles(): Record<string, string> {
  return {
    'etc/kubernetes/admin.conf': canaryKubeconfig(),
    'etc/kubernetes/kubelet.conf': canaryKubeconfig(),
    'etc/kubernetes/manifests/kube-apiserver.yaml': `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system, labels: {component: kube-apiserver, tier: control-plane}}
spec:
  hostNetwork: true
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.34.1
      command:
        - kube-apiserver
        - --anonymous-auth=true
        - --token-auth-file=/etc/kubernetes/tokens.csv
        - --oidc-client-secret=${CANARY.flagBearer}
        - --etcd-servers=https://user:${CANARY.argToken}@127.0.0.1:2379
      env:
        - name: DB_PASSWORD
          value: ${CANARY.envPassword}
`,
    'var/lib/kubelet/config.yaml': `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous: {enabled: true}
authorization: {mode: AlwaysAllow}
`,
    'usr/lib/systemd/system/kubelet.service': `[Service]
ExecStart=/usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --bootstrap-token=${CANARY.probeBearer}
`,
  };
}
