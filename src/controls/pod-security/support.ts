import type { Path } from '../../core/path.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import type { ContainerView, WorkloadView } from '../../normalize/workload.js';
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

export function isWindowsPod(workload: WorkloadView): boolean {
  return asString(asRecord(workload.podSpec['os'])?.['name']) === 'windows';
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

/** The namespaced sysctls the Pod Security Standards call safe, by the version that added them. */
const safeSysctlsByVersion: readonly (readonly [number, readonly string[]])[] = [
  [0, ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

export function safeSysctls(version: PssVersion): ReadonlySet<string> {
  return new Set(safeSysctlsByVersion.filter(([minor]) => version.minor >= minor).flatMap(([, names]) => names));
}
