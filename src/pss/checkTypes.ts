import type { Path } from '../core/path.js';
import type { PodView } from './podReader.js';

export type PssCheckId =
  | 'hostNamespaces'
  | 'privileged'
  | 'capabilities_baseline'
  | 'capabilities_restricted'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'hostProbesAndHostLifecycle'
  | 'appArmorProfile'
  | 'seLinuxOptions'
  | 'procMount'
  | 'procMount_restricted'
  | 'seccompProfile_baseline'
  | 'seccompProfile_restricted'
  | 'sysctls'
  | 'windowsHostProcess'
  | 'restrictedVolumes'
  | 'allowPrivilegeEscalation'
  | 'runAsNonRoot'
  | 'runAsUser';

/** Why one check refused the pod, in PSA's reason/detail terms. */
export interface CheckFailure {
  /** The first offending field (or where a required field belongs). */
  path: Path;
  /** PSA's ForbiddenReason, e.g. "allowPrivilegeEscalation != false". */
  reason: string;
  /** PSA's ForbiddenDetail, naming every offending container/volume/value. */
  detail: string;
}

export type CheckPodFn = (pod: PodView) => CheckFailure | undefined;

/** One revision of a check, in force from `sinceMinor` until the next revision. */
export interface VersionedCheck {
  sinceMinor: number;
  check: CheckPodFn;
  /**
   * Baseline checks this restricted revision replaces when the restricted level is
   * evaluated (PSA's OverrideCheckIDs).
   */
  overrides?: readonly PssCheckId[];
}

export interface PssCheckDefinition {
  id: PssCheckId;
  level: 'baseline' | 'restricted';
  /** Sorted by sinceMinor, strictly increasing. */
  versions: readonly VersionedCheck[];
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `"a", "b"` — PSA's joinQuote. */
export function joinQuote(items: readonly string[]): string {
  return items.map((item) => JSON.stringify(item)).join(', ');
}

/** Sorted distinct values, like Go's sets.String.List(). */
export function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareCodeUnits);
}

/** Byte-order comparison (Go's sort.Strings), independent of the runtime locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "container \"a\"" / "containers \"a\", \"b\"" */
export function describeContainers(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}
