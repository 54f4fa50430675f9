import { asString } from '../core/values.js';
import type { WorkloadView } from '../normalize/workload.js';

/**
 * Images of the kube-system workloads every cluster runs: cluster DNS, kube-proxy and the control plane
 * (static pods, seen as mirror pods). Distribution builds keep the image name: EKS `eks/coredns`,
 * GKE `kube-proxy-amd64`, k3s `rancher/mirrored-coredns-coredns`, AKS `oss/kubernetes/kube-proxy`.
 */
const clusterComponentImage =
  /(^|\/)([\w.-]*-)?(coredns|kube-dns|k8s-dns-kube-dns[\w-]*|kube-proxy[\w-]*|kube-apiserver[\w-]*|kube-controller-manager[\w-]*|kube-scheduler[\w-]*|etcd)(:|@|$)/;

/**
 * Whether a workload is one a dump of a whole cluster holds (and an application's or add-on's manifests do
 * not). Add-ons install into kube-system too (metrics-server, kube-state-metrics, CNI and CSI drivers,
 * cluster-autoscaler): their manifests alone are not a cluster, and the cluster-wide heuristics (no log
 * agent, no IDS, no metrics stack) would judge a cluster that was never given.
 */
export function isClusterComponent(workload: WorkloadView): boolean {
  return workload.namespace === 'kube-system' && workload.containers.some((c) => clusterComponentImage.test(asString(c.spec['image'])?.toLowerCase() ?? ''));
}
