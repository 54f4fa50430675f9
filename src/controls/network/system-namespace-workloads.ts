import { defineControl } from '../../core/control.js';
import { asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { WorkloadView } from '../../normalize/workload.js';
import { isStaticPod } from '../pod-security/support.js';

/** Namespaces that Kubernetes keeps for itself; the guidance names `default` as the user namespace. */
const reservedNamespaces = new Set(['kube-system', 'kube-public']);

/**
 * Add-ons that belong in kube-system by design (DNS, proxy, CNI, CSI, cloud controllers, metrics-server, and
 * the agents managed clusters install there), recognised by the image they run. A workload all of whose
 * containers run one of these is not a user workload.
 */
const systemAddOnImages = [
  /(^|\/)(coredns|kube-dns|k8s-dns-[\w-]+|kube-proxy|metrics-server|cluster-proportional-autoscaler)(:|@|$)/,
  /(^|\/)(calico|cilium|antrea|weave|flannel|kube-router|aws-node|amazon-k8s-cni|azure-cni|azure-npm|netd|konnectivity[\w-]*|tigera)[\w/-]*(:|@|$)/,
  /(^|\/)(csi-[\w-]+|[\w-]+-csi-[\w-]+|ebs-csi-driver|efs-csi-driver|gce-pd-csi-driver|azuredisk-csi|azurefile-csi|livenessprobe|csi-node-driver-registrar)(:|@|$)/,
  /(^|\/)(cloud-controller-manager|aws-cloud-controller-manager|gcp-compute-persistent-disk-csi-driver|cluster-autoscaler|kube-state-metrics|node-local-dns|dns-autoscaler|nvidia-device-plugin|kindnetd|local-path-provisioner)(:|@|$)/,
  /(^|\/)(kube-apiserver|kube-controller-manager|kube-scheduler|etcd|pause)(:|@|$)/,
  // CSI drivers named <storage>-csi (AKS blob-csi), the Secrets Store CSI driver (upstream and AKS) and its Azure provider.
  /(^|\/)([\w-]+-csi|(csi-)?secrets-store\/(driver|driver-crds|provider-azure)|snapshot-controller)(:|@|$)/,
  // Managed clusters' own agents and controllers. EKS: the VPC CNI's network policy agent, Pod Identity, the AWS
  // Load Balancer Controller, Karpenter (kube-system by default), the node termination handler.
  /(^|\/)(aws-network-policy-agent|eks-pod-identity-agent|eks-node-monitoring-agent|aws-load-balancer-controller|aws-node-termination-handler|cni-metrics-helper|karpenter\/controller)(:|@|$)/,
  // konnectivity agents (upstream, AKS), ip-masq-agent (AKS ip-masq-agent-v2), Azure's cloud-node-manager, addon-resizer (the metrics-server nanny).
  /(^|\/)(kas-network-proxy\/proxy-agent|apiserver-network-proxy\/agent|ip-masq-agent(-v2)?|azure-cloud-node-manager|addon-resizer)(:|@|$)/,
  // Registries and paths that serve only a provider's system images: GKE's gke.gcr.io (gke-metadata-server, fluent-bit,
  // proxy-agent, gke-metrics-agent…), AKS networking (azure-cns, azure-ipam, cilium), Azure Monitor and Azure Policy agents.
  /^(gke\.gcr\.io|mcr\.microsoft\.com\/(containernetworking|azuremonitor\/containerinsights|azure-policy))\//,
];

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-NET-001'),
    slug: 'system-namespace-workloads',
    rationale:
      'kube-system holds the control plane and its add-ons, with the most powerful service accounts and secrets of the cluster. A user workload there shares their trust and can reach what they reach; kube-public is readable by everyone, unauthenticated users included. Namespaces are the first separation the guidance asks for.',
    remediation: 'Move the workload to a dedicated namespace (NSA names default as the user namespace; better one namespace per team or application).',
    messages: {
      userWorkload: '{{kind}} "{{name}}" runs in {{namespace}}, a namespace reserved for the cluster itself.',
    },
    example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop, namespace: shop}
spec:
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      containers: [{name: app, image: registry.example.com/shop:1.4.2}]
`,
  },
  *check(workload) {
    const namespace = workload.namespace;
    if (!namespace || !reservedNamespaces.has(namespace)) return;
    if (isStaticPod(workload) || runsSystemAddOn(workload)) return;
    const { kind, name } = workload.resource.ref;
    yield { messageId: 'userWorkload', data: { kind, name, namespace }, path: ['metadata', 'namespace'] };
  },
});

function runsSystemAddOn(workload: WorkloadView): boolean {
  const images = workload.containers.map((c) => asString(c.spec['image'])?.toLowerCase() ?? '');
  return images.length > 0 && images.every((image) => systemAddOnImages.some((pattern) => pattern.test(image)));
}
