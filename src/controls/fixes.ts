// Building blocks of the fixes controls propose (`fix` on a report): patch ops on the resource path,
// the values written where a manifest has none, and when a fix could break the workload.
import { defaultFixDefaults, type ControlFix, type FixDefaults, type PatchOp } from '../core/fix.js';
import type { Path } from '../core/path.js';
import { asRecord } from '../core/values.js';
import type { ScanSettings } from '../engine/settings.js';
import type { ContainerView, WorkloadView } from '../normalize/workload.js';

export function fixDefaults(settings: ScanSettings): FixDefaults {
  return settings.fixDefaults ?? defaultFixDefaults;
}

export function set(path: Path, value: unknown): PatchOp {
  return { op: 'add', path, value };
}

export function remove(path: Path): PatchOp {
  return { op: 'remove', path };
}

export function fix(ops: readonly PatchOp[], unsafe?: string): ControlFix {
  return unsafe === undefined ? { ops } : { ops, unsafe };
}

/**
 * A fix worked out only when asked for: a scan without `fix` or SARIF output never reads it, and some
 * fixes (the scratch volumes of a read-only root file system) cost more than the check itself.
 */
export function lazyFix(make: () => ControlFix): ControlFix {
  let made: ControlFix | undefined;
  const get = (): ControlFix => (made ??= make());
  return {
    get ops() {
      return get().ops;
    },
    get unsafe() {
      return get().unsafe;
    },
  };
}

/**
 * Why taking host access away from this workload could break it, or undefined: a DaemonSet runs one pod
 * per node, usually a node agent (log shipper, CNI, monitoring) that needs the host; a workload in a
 * system namespace is part of the cluster itself.
 */
export function hostAccessNeeded(workload: WorkloadView, settings: ScanSettings): string | undefined {
  const ref = workload.resource.ref;
  const { everyNode, systemNamespace } = clusterPart(workload, settings);
  if (everyNode) {
    return `${ref.kind} ${ref.name} runs on every node and may be a node agent that needs this host access: remove it once the agent works without it`;
  }
  if (systemNamespace !== undefined) return `${ref.name} runs in the system namespace ${systemNamespace} and may need this host access`;
  return undefined;
}

/**
 * What makes a workload likely part of the cluster rather than an application: it runs on every node (a
 * node agent), or in a system namespace. The fixes that could break such a workload are only suggested.
 */
export function clusterPart(workload: WorkloadView, settings: ScanSettings): { readonly everyNode: boolean; readonly systemNamespace: string | undefined } {
  const namespace = workload.namespace;
  return { everyNode: workload.runsOnEveryNode, systemNamespace: namespace !== undefined && settings.systemNamespaces.includes(namespace) ? namespace : undefined };
}

/**
 * Why replacing an explicit opt-out (an Unconfined AppArmor or seccomp profile) could break this
 * workload, or undefined: a node agent or system component that writes Unconfined usually mounts,
 * loads programs or enters host namespaces, which the runtime's default profiles forbid.
 */
export function deliberateOptOut(workload: WorkloadView, settings: ScanSettings, what: string): string | undefined {
  const reason = hostAccessNeeded(workload, settings);
  return reason === undefined ? undefined : `${what} is set explicitly, and ${reason}`;
}

/**
 * Why removing a capability the manifest adds could break the workload: someone added it because the
 * process needs it (an init container that programs iptables needs NET_ADMIN, Vault's mlock IPC_LOCK).
 */
export function addedCapabilityNeeded(workload: WorkloadView, settings: ScanSettings, capability: string): string {
  return (
    hostAccessNeeded(workload, settings) ??
    `${capability} is added on purpose: the process may need it; remove it once the workload runs without it`
  );
}

export function securityContextPath(container: ContainerView): Path {
  return [...container.path, 'securityContext'];
}

export function podSecurityContextPath(workload: WorkloadView): Path {
  return [...workload.podSpecPath, 'securityContext'];
}

const binarySuffixes: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimalSuffixes: Readonly<Record<string, number>> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A Kubernetes quantity (`100m`, `1.5`, `256Mi`, `1e3`) as a number, or undefined when it is not one. */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?\d+(?:\.\d+)?|[+-]?\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E))?$/.exec(value.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  if (match[2]) return number * 10 ** Number(match[2].slice(1));
  const suffix = match[3] ?? '';
  return number * (binarySuffixes[suffix] ?? decimalSuffixes[suffix] ?? 1);
}

/**
 * The value a missing request or limit gets: the configured default, except that a limit is never set
 * below the container's request (the API server refuses that) nor a request above its limit.
 */
export function resourceFixValue(container: ContainerView, settings: ScanSettings, kind: 'limits' | 'requests', name: 'cpu' | 'memory'): string {
  const defaults = fixDefaults(settings);
  const value = defaults[kind][name];
  const resources = asRecord(container.spec['resources']);
  const other = asRecord(resources?.[kind === 'limits' ? 'requests' : 'limits'])?.[name];
  const otherValue = quantityValue(other);
  const own = quantityValue(value);
  if (otherValue === undefined || own === undefined) return value;
  if (kind === 'limits' && otherValue > own) return String(other);
  if (kind === 'requests' && otherValue < own) return String(other);
  return value;
}
