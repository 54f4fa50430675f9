import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './unused-components.js';

testControl(control, {
  valid: [
    {
      name: 'an application with its own service account',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: app, namespace: shop}
        spec:
          serviceAccountName: app
          containers: [{name: app, image: registry.example.com/app:4.1.0}]`,
    },
    {
      name: 'an image that only mentions a dashboard',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: grafana, namespace: monitoring}
        spec:
          containers: [{name: grafana, image: grafana/grafana:11.2.0}, {name: sidecar, image: example.com/kubernetesui-dashboard-exporter:1.0}]`,
    },
  ],
  invalid: [
    {
      name: 'Kubernetes Dashboard',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: kubernetes-dashboard, namespace: kubernetes-dashboard}
        spec:
          serviceAccountName: kubernetes-dashboard
          containers:
            - name: dashboard
              image: kubernetesui/dashboard:v2.7.0`,
      findings: [{ messageId: 'adminUi', path: 'spec.containers[0].image', container: 'dashboard', line: 8, column: 7 }],
    },
    {
      name: 'a workload running as the dashboard service account (Kubescape C-0014)',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: frontend}
        spec:
          serviceAccountName: kubernetes-dashboard
          containers: [{name: app, image: images.my-company.example/app:v4}]`,
      findings: [{ messageId: 'dashboardAccount', path: 'spec.serviceAccountName', line: 5, column: 3 }],
    },
    {
      name: 'the deprecated serviceAccount field counts too',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: frontend}
        spec:
          serviceAccount: kubernetes-dashboard
          containers: [{name: app, image: images.my-company.example/app:v4}]`,
      findings: [{ messageId: 'dashboardAccount', path: 'spec.serviceAccount' }],
    },
    {
      name: 'the old Dashboard image from the frozen registry',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: dashboard, namespace: kube-system}
        spec:
          containers: [{name: dashboard, image: k8s.gcr.io/kubernetes-dashboard-amd64:v1.10.1}]`,
      findings: [{ messageId: 'adminUi', path: 'spec.containers[0].image' }],
    },
    {
      name: 'Weave Scope, kube-ops-view and Portainer',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: consoles, namespace: ops}
        spec:
          containers:
            - {name: scope, image: weaveworks/scope:1.13.2}
            - {name: ops-view, image: hjacobs/kube-ops-view:20.4.0}
            - {name: portainer, image: portainer/portainer-ce:2.21.0}`,
      findings: [
        { messageId: 'adminUi', path: 'spec.containers[0].image', container: 'scope' },
        { messageId: 'adminUi', path: 'spec.containers[1].image', container: 'ops-view' },
        { messageId: 'adminUi', path: 'spec.containers[2].image', container: 'portainer' },
      ],
    },
    {
      name: 'Headlamp deployed in the cluster',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: headlamp, namespace: kube-system}
        spec:
          containers: [{name: headlamp, image: ghcr.io/headlamp-k8s/headlamp:v0.25.0}]`,
      findings: [{ messageId: 'adminUi', path: 'spec.containers[0].image' }],
    },
  ],
});

describe('NSA-UPG-006 scope', () => {
  it('is marked heuristic and leaves dangling RBAC references to the RBAC controls', () => {
    assert.equal(control.meta.heuristic, true);
    assert.match(control.meta.rationale, /judged by the RBAC controls/);
  });

  it('names the console', () => {
    const report = scanWith(control, yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: dashboard}
      spec:
        selector: {matchLabels: {app: d}}
        template:
          metadata: {labels: {app: d}}
          spec:
            containers: [{name: web, image: "docker.io/kubernetesui/dashboard-web:1.6.0"}]`);
    assert.equal(report.findings[0]?.message, 'Container "web" runs Kubernetes Dashboard (docker.io/kubernetesui/dashboard-web:1.6.0), an in-cluster admin console.');
  });
});
