import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings } from '../../engine/default-settings.js';
import { fixFiles } from '../../fix/run.js';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './service-account-token-automount.js';

testControl(control, {
  valid: [
    {
      name: 'a mirror pod: the kubelet runs static pods with no ServiceAccount and no token',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver-cp-1
          namespace: kube-system
          annotations: {kubernetes.io/config.mirror: 7b0b4b5e, kubernetes.io/config.source: file}
        spec:
          nodeName: cp-1
          hostNetwork: true
          containers:
            - name: kube-apiserver
              image: registry.k8s.io/kube-apiserver:v1.34.1`,
    },
    {
      name: 'pod opts out',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: ok, namespace: shop}
        spec:
          automountServiceAccountToken: false
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'the referenced ServiceAccount in the input opts out',
      manifest: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: shop}
        automountServiceAccountToken: false
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: ok, namespace: shop}
        spec:
          serviceAccountName: api
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'allow-listed workload',
      settings: { tokenAllowList: ['shop/operator'] },
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: operator, namespace: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
  ],
  invalid: [
    {
      name: 'ServiceAccount opts out but the pod opts back in',
      manifest: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: shop}
        automountServiceAccountToken: false
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: bad, namespace: shop}
        spec:
          serviceAccountName: api
          automountServiceAccountToken: true
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'automounted', path: 'spec.automountServiceAccountToken', line: 11, column: 3 }],
    },
    {
      name: 'ServiceAccount of another namespace does not count',
      manifest: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: other}
        automountServiceAccountToken: false
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: bad, namespace: shop}
        spec:
          serviceAccountName: api
          containers: [{name: app, image: nginx:1.27}]`,
      findings: [{ messageId: 'automounted', path: 'spec.automountServiceAccountToken', line: 9 }],
    },
  ],
});

// kubeadm's /etc/kubernetes/manifests/kube-scheduler.yaml, as the kubelet reads it (no mirror annotation yet).
const staticPodManifest = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    labels: {component: kube-scheduler, tier: control-plane}
    name: kube-scheduler
    namespace: kube-system
  spec:
    containers:
      - command: [kube-scheduler, --authentication-kubeconfig=/etc/kubernetes/scheduler.conf, --bind-address=127.0.0.1]
        image: registry.k8s.io/kube-scheduler:v1.30.2
        name: kube-scheduler
    hostNetwork: true`;

it('NSA-POD-023 knows a static pod manifest of the control plane runs with no ServiceAccount token', () => {
  const report = scanWith(control, staticPodManifest);
  assert.deepEqual(report.findings, []);
  assert.equal(report.controls.find((c) => c.id === control.meta.id)?.status, 'passed');
});

it('NSA-POD-023 still judges a control-plane image run by a controller, or a pod naming a ServiceAccount', () => {
  const deployment = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: kube-scheduler, namespace: hosted-cp}
    spec:
      selector: {matchLabels: {app: sched}}
      template:
        metadata: {labels: {app: sched}}
        spec:
          containers: [{name: kube-scheduler, image: "registry.k8s.io/kube-scheduler:v1.30.2", command: [kube-scheduler]}]`;
  assert.deepEqual(scanWith(control, deployment).findings.map((f) => f.path), ['spec.template.spec.automountServiceAccountToken']);
  const named = staticPodManifest.replace(/^( *)hostNetwork: true$/m, '$1hostNetwork: true\n$1serviceAccountName: scheduler');
  assert.notEqual(named, staticPodManifest);
  assert.deepEqual(scanWith(control, named).findings.map((f) => f.path), ['spec.automountServiceAccountToken']);
});

describe('NSA-POD-023 fix', () => {
  const fixOptions = { controls: [control], only: new Set([control.meta.id as string]), settings: defaultSettings };
  const deployment = (serviceAccount: string): string => yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: controller, namespace: ingress}
    spec:
      selector: {matchLabels: {app: controller}}
      template:
        metadata: {labels: {app: controller}}
        spec:
          serviceAccountName: ${serviceAccount}
          containers: [{name: controller, image: "registry.k8s.io/ingress-nginx/controller:v1.5.2"}]`;

  it('does not take the token from a pod whose ServiceAccount opts in explicitly (ingress-nginx): it suggests', () => {
    const text = `${yaml`
      apiVersion: v1
      automountServiceAccountToken: true
      kind: ServiceAccount
      metadata: {name: ingress-nginx, namespace: ingress}`}\n---\n${deployment('ingress-nginx')}`;
    const result = fixFiles([{ path: 'deploy.yaml', text }], fixOptions);
    assert.deepEqual(result.files, []);
    assert.deepEqual(result.suggestions.map((s) => s.finding.path), ['spec.template.spec.automountServiceAccountToken']);
    assert.match(result.suggestions[0]?.reason ?? '', /ServiceAccount "ingress-nginx" sets automountServiceAccountToken: true explicitly/);
  });

  // As `kubectl get all -A -o yaml` dumps a kind cluster: the workloads without the RBAC bindings of their accounts.
  const workload = (kind: string, name: string, namespace: string, serviceAccount: string): string => yaml`
    apiVersion: apps/v1
    kind: ${kind}
    metadata: {name: ${name}, namespace: ${namespace}}
    spec:
      selector: {matchLabels: {app: ${name}}}
      template:
        metadata: {labels: {app: ${name}}}
        spec:
          serviceAccountName: ${serviceAccount}
          containers: [{name: ${name}, image: "registry.example.com/${name}:1.0.0"}]`;

  it('only suggests taking the token from add-ons of a system namespace and node agents with an account of their own: they call the API', () => {
    for (const [text, why] of [
      [workload('Deployment', 'coredns', 'kube-system', 'coredns'), /runs in the system namespace kube-system/],
      [workload('DaemonSet', 'kindnet', 'kube-system', 'kindnet'), /runs in the system namespace kube-system/],
      [workload('DaemonSet', 'fluent-bit', 'logging', 'fluent-bit'), /runs on every node/],
    ] as const) {
      const result = fixFiles([{ path: 'all.yaml', text }], fixOptions);
      assert.deepEqual(result.files, [], text);
      assert.match(result.suggestions[0]?.reason ?? '', why);
      assert.match(result.suggestions[0]?.reason ?? '', /--token-allow-list/);
    }
  });

  it('still takes it from an application, and from a node agent or system pod on the default account', () => {
    for (const text of [
      workload('Deployment', 'web', 'shop', 'web'),
      workload('DaemonSet', 'agent', 'monitoring', 'default'),
      workload('Deployment', 'job-runner', 'kube-system', 'default'),
    ]) {
      const result = fixFiles([{ path: 'all.yaml', text }], fixOptions);
      assert.deepEqual(result.suggestions, [], text);
      assert.match(result.files[0]?.after ?? '', /automountServiceAccountToken: false/, text);
    }
  });
});
