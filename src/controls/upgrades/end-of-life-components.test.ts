import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './end-of-life-components.js';

const pod = (image: string): string => yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: component, namespace: tools}
  spec:
    containers:
      - name: main
        image: ${image}`;

testControl(control, {
  valid: [
    { name: 'Traefik (Kubescape: not nginx)', manifest: pod('traefik:v3.1.4') },
    { name: 'plain nginx', manifest: pod('nginx:1.27.2') },
    { name: "F5's NGINX Ingress Controller", manifest: pod('nginx/nginx-ingress:4.0.1') },
    { name: 'Headlamp, the Dashboard successor', manifest: pod('ghcr.io/headlamp-k8s/headlamp:v0.25.0') },
    { name: 'an image from registry.k8s.io', manifest: pod('registry.k8s.io/metrics-server/metrics-server:v0.8.0') },
    { name: 'a tiller-named image outside Helm', manifest: pod('example.com/farm/tiller:2.0') },
  ],
  invalid: [
    {
      name: 'community ingress-nginx from registry.k8s.io (Kubescape C-0292)',
      manifest: pod('registry.k8s.io/ingress-nginx/controller:v1.8.0'),
      findings: [{ messageId: 'endOfLife', path: 'spec.containers[0].image', line: 7, column: 7 }],
    },
    {
      name: 'ingress-nginx from the frozen k8s.gcr.io: two reasons',
      manifest: pod('k8s.gcr.io/ingress-nginx/controller:v0.49.0'),
      findings: [
        { messageId: 'endOfLife', path: 'spec.containers[0].image' },
        { messageId: 'endOfLife', path: 'spec.containers[0].image' },
      ],
    },
    { name: 'the ingress-nginx chroot image', manifest: pod('registry.k8s.io/ingress-nginx/controller-chroot:v1.11.2'), findings: [{ messageId: 'endOfLife', path: 'spec.containers[0].image' }] },
    { name: 'a Bitnami build of ingress-nginx', manifest: pod('bitnami/nginx-ingress-controller:1.11.2'), findings: [{ messageId: 'endOfLife', path: 'spec.containers[0].image' }] },
    { name: 'Kubernetes Dashboard v2', manifest: pod('kubernetesui/dashboard:v2.7.0'), findings: [{ messageId: 'endOfLife', path: 'spec.containers[0].image' }] },
    { name: 'Kubernetes Dashboard v7 API image from docker.io', manifest: pod('docker.io/kubernetesui/dashboard-api:1.10.1'), findings: [{ messageId: 'endOfLife', path: 'spec.containers[0].image' }] },
    { name: 'Weave Net', manifest: pod('weaveworks/weave-kube:2.8.1'), findings: [{ messageId: 'endOfLife', path: 'spec.containers[0].image' }] },
    { name: 'Helm 2 Tiller', manifest: pod('gcr.io/kubernetes-helm/tiller:v2.17.0'), findings: [{ messageId: 'endOfLife', path: 'spec.containers[0].image' }] },
    {
      name: 'an init container from the frozen registry',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: app}
        spec:
          initContainers:
            - name: wait
              image: k8s.gcr.io/busybox:1.24
          containers:
            - name: app
              image: registry.example.com/app:1.0.0`,
      findings: [{ messageId: 'endOfLife', path: 'spec.initContainers[0].image', container: 'wait', line: 7 }],
    },
  ],
});

describe('NSA-UPG-003 messages', () => {
  it('says when support ended and what to migrate to', () => {
    const report = scanWith(control, pod('registry.k8s.io/ingress-nginx/controller:v1.12.1'));
    assert.equal(
      report.findings[0]?.message,
      'Container "main" runs registry.k8s.io/ingress-nginx/controller:v1.12.1, an image of community ingress-nginx, which was retired by Kubernetes SIG Network: best-effort maintenance ended in March 2026, with no further releases or security fixes; migrate to a Gateway API implementation or another maintained ingress controller.',
    );
  });
});
