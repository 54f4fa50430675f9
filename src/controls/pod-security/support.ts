import type { Path } from '../../core/path.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { podComponents } from '../../node/components.js';
import { isMirrorPod, type ContainerView, type WorkloadView } from '../../normalize/workload.js';
import type { PssVersion } from '../../pss/evaluate.js';

/** `CAP_SYS_ADMIN` and `SYS_ADMIN` name the same capability; container runtimes accept both. */
export function capabilityName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim().toUpperCase() : String(value);
  return name.startsWith('CAP_') ? name.slice(4) : name;
}

export function capabilities(container: ContainerView): { add: readonly unknown[]; drop: readonly unknown[]; path: Path } {
  const caps = asRecord(container.securityContext['capabilities']);
  return {
    add: asArray(caps?.['add']),
    drop: asArray(caps?.['drop']),
    path: [...container.path, 'securityContext', 'capabilities'],
  };
}

/** User-namespaced pods (`hostUsers: false`) get relaxed rules from Kubernetes 1.35 on, as PSA does. */
export function userNamespacedFrom135(workload: WorkloadView, version: PssVersion): boolean {
  return workload.podSpec['hostUsers'] === false && version.minor >= 35;
}

/**
 * A pod that declares `spec.os.name: windows`. The API server refuses the Linux-only security fields on it
 * (runAsUser, runAsGroup, fsGroup, supplementalGroups, seccomp, AppArmor, SELinux, capabilities,
 * readOnlyRootFilesystem, privileged, allowPrivilegeEscalation, procMount), so controls that ask for one of
 * them do not judge it; PSS exempts it from the matching restricted checks too.
 */
export function isWindowsPod(workload: WorkloadView): boolean {
  return asString(asRecord(workload.podSpec['os'])?.['name']) === 'windows';
}

/**
 * A static pod, as the API shows it (a mirror pod) or as its manifest is written: kubeadm's
 * /etc/kubernetes/manifests/kube-apiserver.yaml is a bare Pod that runs a control-plane component.
 * Static pods run with no ServiceAccount: the API server refuses a mirror pod that names one or mounts a
 * token, so no token is ever mounted into them.
 */
export function isStaticPod(workload: WorkloadView): boolean {
  if (isMirrorPod(workload)) return true;
  return (
    workload.isPod &&
    workload.podSpec['serviceAccountName'] === undefined &&
    workload.podSpec['serviceAccount'] === undefined &&
    podComponents(workload.resource).length > 0
  );
}

export function podAnnotations(workload: WorkloadView): Record<string, unknown> {
  return asRecord(workload.podMetadata['annotations']) ?? {};
}

/** Every securityContext that applies to a pod: the pod's own, then each container's. */
export function* securityContexts(
  workload: WorkloadView,
): Iterable<{ context: Record<string, unknown>; path: Path; container?: string }> {
  yield { context: workload.podSecurityContext, path: [...workload.podSpecPath, 'securityContext'] };
  for (const c of workload.containers) {
    yield { context: c.securityContext, path: [...c.path, 'securityContext'], container: c.name };
  }
}

