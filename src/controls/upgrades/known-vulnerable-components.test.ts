import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './known-vulnerable-components.js';

const node = (name: string, kubeletVersion: string): string => yaml`
  apiVersion: v1
  kind: Node
  metadata: {name: ${name}}
  status:
    nodeInfo: {kubeletVersion: ${kubeletVersion}, containerRuntimeVersion: "containerd://2.1.4"}`;

const subPathPod = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: lamp, namespace: web}
  spec:
    containers:
      - name: mysql
        image: mysql:8.4
        volumeMounts:
          - {name: data, mountPath: /var/lib/mysql, subPath: mysql}
      - name: php
        image: php:8.3-apache
        volumeMounts:
          - {name: data, mountPath: /var/www/html, subPathExpr: $(POD_NAME)}
    volumes:
      - name: data
        persistentVolumeClaim: {claimName: lamp-data}`;

const ingressController = (image: string, args = '[/nginx-ingress-controller]'): string => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
  spec:
    selector:
      matchLabels: {app: ingress-nginx}
    template:
      metadata:
        labels: {app: ingress-nginx}
      spec:
        containers:
          - name: controller
            image: ${image}
            args: ${args}`;

const snippetsOff = yaml`
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
  data:
    allow-snippet-annotations: "false"`;

testControl(control, {
  valid: [
    { name: 'subPath on a fixed kubelet (v1.22.2)', manifest: node('worker', 'v1.22.2') + '---\n' + subPathPod },
    { name: 'subPath with no Node in the input: kubelet rules are not judged', manifest: subPathPod },
    {
      name: 'vulnerable kubelet, but no pod uses subPath, gitRepo or an empty Localhost profile',
      manifest:
        node('worker', 'v1.20.7') +
        '---\n' +
        yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: app}
          spec:
            securityContext:
              seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
            containers:
              - name: app
                image: registry.example.com/app:1.0.0
                volumeMounts: [{name: data, mountPath: /data}]
            volumes: [{name: data, emptyDir: {}}]`,
    },
    { name: 'ingress-nginx v1.12.1 (IngressNightmare fixed)', manifest: ingressController('registry.k8s.io/ingress-nginx/controller:v1.12.1@sha256:d2fbc4ec70d8aa2050dd91a91506e998765e86c96f32cffb56c503c9c34eed5b') },
    { name: 'ingress-nginx v1.11.5', manifest: ingressController('registry.k8s.io/ingress-nginx/controller:v1.11.5', '[/nginx-ingress-controller, --validating-webhook=:8443]') },
    { name: "F5's NGINX Ingress Controller is another project", manifest: ingressController('nginx/nginx-ingress:3.4.0') },
    { name: 'ingress-nginx image without a version tag is not judged', manifest: ingressController('registry.k8s.io/ingress-nginx/controller@sha256:d2fbc4ec70d8aa2050dd91a91506e998765e86c96f32cffb56c503c9c34eed5b') },
  ],
  invalid: [
    {
      name: 'CVE-2021-25741: subPath and subPathExpr on a node with kubelet v1.20.7 (Kubescape C-0058)',
      manifest: node('minikube', 'v1.20.7') + '---\n' + subPathPod,
      findings: [
        { messageId: 'vulnerableKubelet', path: 'spec.containers[0].volumeMounts[0].subPath', container: 'mysql', line: 15, column: 51 },
        { messageId: 'vulnerableKubelet', path: 'spec.containers[1].volumeMounts[0].subPathExpr', container: 'php' },
      ],
    },
    {
      name: 'CVE-2021-25741 judges every node: one vulnerable node of two is enough',
      manifest: node('a', 'v1.23.17') + '---\n' + node('b', 'v1.21.4-eks-0389ca3') + '---\n' + subPathPod,
      findings: [
        { messageId: 'vulnerableKubelet', path: 'spec.containers[0].volumeMounts[0].subPath' },
        { messageId: 'vulnerableKubelet', path: 'spec.containers[1].volumeMounts[0].subPathExpr' },
      ],
    },
    {
      name: 'CVE-2024-10220: gitRepo volume on kubelet v1.29.6',
      manifest:
        node('worker', 'v1.29.6') +
        '---\n' +
        yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: docs}
          spec:
            containers: [{name: web, image: nginx:1.27, volumeMounts: [{name: site, mountPath: /usr/share/nginx/html}]}]
            volumes:
              - name: site
                gitRepo: {repository: "https://git.example.com/site.git"}`,
      findings: [{ messageId: 'vulnerableKubelet', path: 'spec.volumes[0].gitRepo', line: 14 }],
    },
    {
      name: 'CVE-2023-2431: Localhost seccomp profile with an empty name on kubelet v1.27.1',
      manifest:
        node('worker', 'v1.27.1') +
        '---\n' +
        yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: app}
          spec:
            containers:
              - name: app
                image: registry.example.com/app:1.0.0
                securityContext:
                  seccompProfile: {type: Localhost, localhostProfile: ""}`,
      findings: [{ messageId: 'vulnerableKubelet', path: 'spec.containers[0].securityContext.seccompProfile', container: 'app' }],
    },
    {
      name: 'CVE-2021-25742: ingress-nginx v0.49.0 with a ConfigMap that keeps snippets on (Kubescape C-0059)',
      manifest:
        yaml`
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: ingress-demo, namespace: ingress-nginx}
          data: {random: "random"}
        ` +
        '---\n' +
        ingressController('k8s.gcr.io/ingress-nginx/controller:v0.49.0'),
      findings: [
        { messageId: 'vulnerableIngressNginx', path: 'spec.template.spec.containers[0].image', container: 'controller', line: 18, column: 11 },
        { messageId: 'vulnerableIngressNginx', path: 'spec.template.spec.containers[0].image', container: 'controller', line: 18, column: 11 },
      ],
    },
    {
      name: 'allow-snippet-annotations "false" in another namespace does not mitigate CVE-2021-25742',
      manifest: snippetsOff.replace('namespace: ingress-nginx', 'namespace: other') + '---\n' + ingressController('quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.33.0'),
      findings: [
        { messageId: 'vulnerableIngressNginx', path: 'spec.template.spec.containers[0].image' },
        { messageId: 'vulnerableIngressNginx', path: 'spec.template.spec.containers[0].image' },
      ],
    },
    {
      name: 'CVE-2025-1974 with the admission webhook on; snippets off in the namespace leaves the 2025 annotation injections',
      manifest: snippetsOff + '---\n' + ingressController('registry.k8s.io/ingress-nginx/controller:v1.12.0', '[/nginx-ingress-controller, "--validating-webhook=:8443"]'),
      findings: [
        { messageId: 'vulnerableIngressNginx', path: 'spec.template.spec.containers[0].image' },
        { messageId: 'vulnerableIngressNginx', path: 'spec.template.spec.containers[0].image' },
      ],
    },
    {
      name: 'ingress-nginx v1.11.4 repackaged by Bitnami, webhook off: only the annotation injections',
      manifest: ingressController('docker.io/bitnami/nginx-ingress-controller:1.11.4-debian-12-r0'),
      findings: [{ messageId: 'vulnerableIngressNginx', path: 'spec.template.spec.containers[0].image' }],
    },
  ],
});

describe('NSA-UPG-002 messages', () => {
  it('names the CVE, the nodes and the fixed releases', () => {
    const report = scanWith(control, node('minikube', 'v1.20.7') + '---\n' + subPathPod);
    assert.equal(
      report.findings[0]?.message,
      'Container "mysql" uses a subPath volume mount, which CVE-2021-25741 makes exploitable on node minikube (kubelet v1.20.7): ' +
        'a symlink swapped into a subPath mount gives the container host files (kubelet fixed in 1.19.15, 1.20.11, 1.21.5 or 1.22.2).',
    );
  });

  it('says which configuration leaves ingress-nginx exposed', () => {
    const report = scanWith(control, ingressController('registry.k8s.io/ingress-nginx/controller:v1.12.0', '[--validating-webhook=:8443]'));
    const messages = report.findings.map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('CVE-2025-1974') && m.includes('its admission webhook is enabled') && m.includes('fixed in 1.11.5 or 1.12.1')));
    assert.ok(messages.some((m) => m.includes('CVE-2021-25742') === false && m.includes('CVE-2025-24514')));
  });
});
