import { testControl, yaml } from '../../testing/control-tester.js';
import control from './system-namespace-workloads.js';

/**
 * kube-system workloads of managed clusters as `kubectl get -A -o yaml` shows them (EKS, GKE, AKS), each with
 * the images of all its containers, init containers included.
 */
const managedAddOns: Array<[string, string[]]> = [
  [
    'aws-node',
    [
      '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni-init:v1.18.1-eksbuild.3',
      '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.1-eksbuild.3',
      '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon/aws-network-policy-agent:v1.1.2-eksbuild.1',
    ],
  ],
  ['eks-pod-identity-agent', ['602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/eks-pod-identity-agent:0.1.10']],
  ['aws-load-balancer-controller', ['public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1']],
  ['karpenter', ['public.ecr.aws/karpenter/controller:1.0.6@sha256:1eb1073b8ed2bc9b9d5c1ba4dad60b5e6b0d2c4a30d2d5e5c3fb6a8a9fe8a2f1']],
  ['gke-metadata-server', ['gke.gcr.io/gke-metadata-server:gke_metadata_server_20240702.00_p0@sha256:aea9cc887c91b9a05e5bb4bb604180772594a01f0828bbfacf30c77562ac7205']],
  ['fluentbit-gke', ['gke.gcr.io/fluent-bit:v1.8.12-gke.37', 'gke.gcr.io/fluent-bit-gke-exporter:v0.26.1-gke.3']],
  ['konnectivity-agent (GKE)', ['gke.gcr.io/proxy-agent:v0.30.3-gke.2']],
  ['konnectivity-agent (AKS)', ['mcr.microsoft.com/oss/v2/kubernetes/apiserver-network-proxy/agent:v0.32.1-11']],
  ['azure-cns', ['mcr.microsoft.com/containernetworking/azure-cni:v1.6.43-0', 'mcr.microsoft.com/containernetworking/azure-cns:v1.6.43-0']],
  ['azure-ip-masq-agent', ['mcr.microsoft.com/oss/v2/azure/ip-masq-agent-v2:v0.1.16-14']],
  ['cloud-node-manager', ['mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-node-manager:v1.33.16-1']],
  ['csi-blob-node', ['mcr.microsoft.com/oss/v2/kubernetes-csi/blob-csi:v1.26.16']],
  ['metrics-server with its resizer', ['mcr.microsoft.com/oss/v2/kubernetes/metrics-server:v0.7.2', 'mcr.microsoft.com/oss/v2/kubernetes/autoscaler/addon-resizer:v1.8.23-29']],
  ['ama-logs', ['mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.6.0']],
  [
    'csi-secrets-store',
    ['registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.11.1', 'registry.k8s.io/csi-secrets-store/driver:v1.4.5', 'registry.k8s.io/sig-storage/livenessprobe:v2.13.1'],
  ],
  ['aks-secrets-store-csi-driver', ['mcr.microsoft.com/oss/v2/kubernetes-csi/secrets-store/driver:v1.6.0-6', 'mcr.microsoft.com/oss/v2/azure/secrets-store/provider-azure:v1.7.2']],
];

testControl(control, {
  valid: [
    ...managedAddOns.map(([name, images]) => ({
      name: `the managed add-on ${name} in kube-system`,
      manifest: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: addon, namespace: kube-system}
        spec:
          selector: {matchLabels: {app: addon}}
          template:
            metadata: {labels: {app: addon}}
            spec:
              containers:
${images.map((image, i) => `                - {name: c${i}, image: '${image}'}`).join('\n')}`,
    })),
    {
      name: 'a workload in its own namespace',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: shop, namespace: shop}
        spec:
          containers: [{name: app, image: registry.example.com/shop:1.4.2}]`,
    },
    {
      name: 'the default namespace is the user namespace the guidance names',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: shop}
        spec:
          containers: [{name: app, image: nginx:1.27}]`,
    },
    {
      name: 'CoreDNS in kube-system is an add-on, not a user workload',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: coredns, namespace: kube-system}
        spec:
          containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]`,
    },
    {
      name: 'a mirror pod of a static control-plane pod',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver-cp1
          namespace: kube-system
          annotations: {kubernetes.io/config.mirror: 4b1e0f, kubernetes.io/config.source: file}
        spec:
          containers: [{name: kube-apiserver, image: registry.k8s.io/kube-apiserver:v1.34.1}]`,
    },
  ],
  invalid: [
    {
      name: 'an application in kube-system',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: shop, namespace: kube-system}
        spec:
          containers: [{name: app, image: registry.example.com/shop:1.4.2}]`,
      findings: [{ messageId: 'userWorkload', path: 'metadata.namespace', resourceRoot: true, line: 3, column: 24 }],
    },
    {
      name: 'an application next to an add-on sidecar in kube-public',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: shop, namespace: kube-public}
        spec:
          containers:
            - {name: app, image: registry.example.com/shop:1.4.2}
            - {name: proxy, image: registry.k8s.io/kube-proxy:v1.34.1}`,
      findings: [{ messageId: 'userWorkload', path: 'metadata.namespace', resourceRoot: true }],
    },
    {
      name: 'an application from a provider registry is not an add-on for that',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: api, namespace: kube-system}
        spec:
          containers: [{name: api, image: mcr.microsoft.com/dotnet/aspnet:8.0}]`,
      findings: [{ messageId: 'userWorkload', path: 'metadata.namespace', resourceRoot: true }],
    },
  ],
});
