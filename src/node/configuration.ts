import { asString } from '../core/values.js';
import type { ResourceIndex } from '../engine/resource-index.js';
import { podComponents, type ControlPlaneComponent, type ControlPlaneKind } from './components.js';
import { distributionComponents, distributionKubelet, distributionSettings, type DistributionSettings } from './distribution.js';
import { Evidence, type Found } from './evidence.js';
import type { Flag } from './flags.js';
import { POD, SYSTEMD_UNIT } from './kinds.js';
import { systemdKubelets, type Kubelet } from './kubelet.js';

/**
 * The configuration of the node and control-plane components in the input, built once per scan from
 * typed resources: control-plane Pods (static pod manifests or mirror pods), k3s/RKE2 config, kubelet
 * units, flag files and config files, and the files their flags point to.
 */
export interface NodeConfiguration {
  readonly evidence: Evidence;
  readonly components: readonly ControlPlaneComponent[];
  readonly kubelets: readonly Kubelet[];
  readonly distribution?: DistributionSettings;
}

/** For `ctx.index.derive`: module-level, so that every control shares one build per scan. */
export function nodeConfiguration(index: ResourceIndex): NodeConfiguration {
  const evidence = new Evidence(index);
  const components = index.list(POD).flatMap(podComponents);
  const distribution = distributionSettings(index);
  const kubelets: Kubelet[] = [];
  if (distribution) {
    components.push(...distributionComponents(distribution));
    kubelets.push(distributionKubelet(distribution, index, evidence));
    if (index.list(SYSTEMD_UNIT).some((u) => asString(u.object['unit']) === 'kubelet.service')) kubelets.push(...systemdKubelets(index, evidence));
  } else {
    kubelets.push(...systemdKubelets(index, evidence));
  }
  return { evidence, components, kubelets, ...(distribution ? { distribution } : {}) };
}

export function componentsOf(configuration: NodeConfiguration, kind: ControlPlaneKind): ControlPlaneComponent[] {
  return configuration.components.filter((c) => c.kind === kind);
}

/**
 * The resource a component's flag points to (`--encryption-provider-config=/etc/kubernetes/enc.yaml`):
 * the path is translated to the host through the Pod's hostPath mounts, then looked up. `what` names
 * the file in the reason when it cannot be found.
 */
export function referencedFile(
  configuration: NodeConfiguration,
  component: ControlPlaneComponent,
  flag: Flag,
  kinds: readonly string[],
  what: string,
): Found & { readonly hostPath?: string } {
  const path = flag.value.trim();
  const resolved = component.hostPath(path);
  // A scan of given files (a mirror pod, a manifest in Git) cannot check mounts against the host: the
  // path then names the file as written.
  const hostPath = resolved.hostPath ?? (configuration.evidence.nodeScan ? undefined : path);
  if (hostPath === undefined) return { reason: `${what} ${path} (--${flag.name} of ${component.kind}): ${resolved.reason ?? 'not on the host'}` };
  const found = configuration.evidence.find(kinds, hostPath, what);
  return found.resource ? { resource: found.resource, hostPath } : { reason: found.reason, hostPath };
}
