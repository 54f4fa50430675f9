import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './log-forwarding-agent.js';

const kubeSystem = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: coredns, namespace: kube-system}
  spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]}`;

const agent = (extra: string) => yaml`
  apiVersion: apps/v1
  kind: DaemonSet
  metadata: {name: fluent-bit, namespace: logging}
  spec:
    selector: {matchLabels: {app: fluent-bit}}
    template:
      metadata: {labels: {app: fluent-bit}}
      spec:
        tolerations: [{operator: Exists}]
        containers: [{name: fluent-bit, image: "cr.fluentbit.io/fluent/fluent-bit:3.2.4"}]
${extra}`;

testControl(control, {
  valid: [
    { name: 'a fluent-bit DaemonSet that tolerates every taint', manifest: `${kubeSystem}---\n${agent('')}` },
    {
      name: 'a mirrored Vector image, ready everywhere, tolerating the control-plane taint',
      manifest: `${kubeSystem}---\n${yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: vector, namespace: observability}
        spec:
          template:
            spec:
              tolerations: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule, operator: Exists}]
              containers: [{name: vector, image: "mirror.example.com/timberio/vector:0.43.1-distroless-libc"}]
        status: {desiredNumberScheduled: 3, numberReady: 3}`}`,
    },
  ],
  invalid: [
    {
      name: 'a cluster with no log shipper',
      manifest: kubeSystem,
      findings: [{ messageId: 'noAgent', path: '', kind: 'Cluster', located: false }],
    },
    {
      name: 'an agent that is not ready on every node',
      manifest: `${kubeSystem}---\n${agent('  status: {desiredNumberScheduled: 5, numberReady: 3}')}`,
      findings: [{ messageId: 'notReady', path: 'status.numberReady', kind: 'DaemonSet', line: 16, column: 37 }],
    },
    {
      name: 'an agent that skips control-plane nodes is a warning',
      manifest: `${kubeSystem}---\n${agent('').replace('tolerations: [{operator: Exists}]', 'tolerations: [{key: dedicated, operator: Exists}]')}`,
      findings: [{ messageId: 'noControlPlaneToleration', path: 'spec.template.spec.tolerations', kind: 'DaemonSet', status: 'warning' }],
    },
  ],
});

test('an application folder (no kube-system workloads) is not judged: the control is a cluster-wide heuristic', () => {
  const report = scanWith(control, agent('').replace('namespace: logging', 'namespace: shop'));
  assert.deepEqual(report.findings, []);
  const entry = report.controls.find((c) => c.id === 'NSA-LOG-010');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /does not look like a whole cluster/);
});

test('an add-on installed into kube-system (metrics-server) is not a whole cluster: not judged', () => {
  const metricsServer = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: metrics-server, namespace: kube-system}
    spec:
      selector: {matchLabels: {k8s-app: metrics-server}}
      template:
        metadata: {labels: {k8s-app: metrics-server}}
        spec: {containers: [{name: metrics-server, image: registry.k8s.io/metrics-server/metrics-server:v0.7.2}]}`;
  const entry = scanWith(control, metricsServer).controls.find((c) => c.id === 'NSA-LOG-010');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /none of the kube-system workloads every cluster runs/);
});

test('the DNS, kube-proxy or control plane (mirror pods) of any distribution make the input a whole cluster', () => {
  const images = [
    '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.1-eksbuild.4',
    'gke.gcr.io/kube-proxy-amd64:v1.30.5-gke.1014000',
    'gke.gcr.io/k8s-dns-kube-dns:1.23.0-gke.9',
    'rancher/mirrored-coredns-coredns:1.10.1',
    'mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.29.7-hotfix.20240724',
    'registry.k8s.io/kube-apiserver:v1.31.2',
    'registry.k8s.io/etcd:3.5.15-0',
  ];
  for (const image of images) {
    const pod = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: system, namespace: kube-system, annotations: {kubernetes.io/config.mirror: 4f1b2c, kubernetes.io/config.source: file}}
      spec: {containers: [{name: c, image: "${image}"}]}`;
    assert.equal(scanWith(control, pod).controls.find((c) => c.id === 'NSA-LOG-010')?.status, 'failed', image);
  }
});

test('the static pod manifests of a control-plane node are no whole cluster', () => {
  const manifests = yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: kube-apiserver, namespace: kube-system, labels: {component: kube-apiserver, tier: control-plane}}
    spec:
      hostNetwork: true
      containers: [{name: kube-apiserver, image: "registry.k8s.io/kube-apiserver:v1.30.2", command: [kube-apiserver, --anonymous-auth=false]}]
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: etcd, namespace: kube-system, labels: {component: etcd, tier: control-plane}}
    spec:
      hostNetwork: true
      containers: [{name: etcd, image: "registry.k8s.io/etcd:3.5.12-0", command: [etcd]}]`;
  const entry = scanWith(control, manifests).controls.find((c) => c.id === 'NSA-LOG-010');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /none of the kube-system workloads every cluster runs/);
});
