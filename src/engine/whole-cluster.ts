import { asString } from '../core/values.js';
import { podComponents } from '../node/components.js';
import { isMirrorPod, type WorkloadView } from '../normalize/workload.js';

/**
 * Images of the kube-system workloads every cluster runs: cluster DNS and kube-proxy. Distribution builds
 * keep the image name: EKS `eks/coredns`, GKE `kube-proxy-amd64`, k3s `rancher/mirrored-coredns-coredns`,
 * AKS `oss/kubernetes/kube-proxy`.
 */
const clusterAddOnImage = /(^|\/)([\w.-]*-)?(coredns|kube-dns|k8s-dns-kube-dns[\w-]*|kube-proxy[\w-]*)(:|@|$)/;

/**
 * Whether a workload is one a dump of a whole cluster holds (and an application's or add-on's manifests do
 * not). Add-ons install into kube-system too (metrics-server, kube-state-metrics, CNI and CSI drivers,
 * cluster-autoscaler): their manifests alone are not a cluster, and the cluster-wide heuristics (no log
 * agent, no IDS, no metrics stack) would judge a cluster that was never given. The control plane counts as
 * the mirror pods the API shows, not as the static pod manifests of a node's /etc/kubernetes/manifests
 * (`scan kube-apiserver.yaml` judges the API server's flags, not a cluster).
 */
export function isClusterComponent(workload: WorkloadView): boolean {
  if (workload.namespace !== 'kube-system') return false;
  const images = workload.containers.map((c) => asString(c.spec['image'])?.toLowerCase() ?? '');
  if (images.some((image) => clusterAddOnImage.test(image))) return true;
  // The control plane, which a cluster shows as mirror pods of its static pods.
  return isMirrorPod(workload) && podComponents(workload.resource).length > 0;
}
