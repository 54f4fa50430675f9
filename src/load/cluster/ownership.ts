import type { Resource } from '../../core/resource.js';
import { asArray, asRecord, asString } from '../../core/values.js';

/**
 * Judging each workload once, at its top controller. In a live cluster a Deployment's ReplicaSet and
 * Pods repeat its pod template: judging all three reports each flaw three times (or once per replica).
 * An object whose controlling owner (ownerReferences, controller: true) was itself read by this scan is
 * counted but not judged; the owner, or its own owner, carries the findings. Owners are recognised by
 * UID, as the garbage collector does: an owner that was not listed (--kinds), refused (403), left out by
 * --selector, or deleted since, was not read, and its owned objects are judged so no evidence is lost.
 * Mirror pods (owned by their Node) are judged: a Node is not a workload.
 */
export class OwnedWorkloads {
  private readonly read = new Set<string>();
  private readonly skipped = new Map<string, number>();

  /** `ownerKinds`: the workload kinds listed for judging (kind keys such as apps/ReplicaSet). */
  constructor(private readonly ownerKinds: ReadonlySet<string>) {}

  /** Whether to judge the object; remembers it as a possible owner of objects read later. */
  judge(resource: Resource, kind: string): boolean {
    const metadata = asRecord(resource.object['metadata']);
    if (this.ownerKinds.has(kind)) {
      const uid = asString(metadata?.['uid']);
      if (uid) this.read.add(uid);
    }
    const controller = asArray(metadata?.['ownerReferences'])
      .map((entry) => asRecord(entry))
      .find((entry) => entry?.['controller'] === true);
    const ownerUid = asString(controller?.['uid']);
    if (!controller || !ownerUid || !this.read.has(ownerUid) || !this.ownerKinds.has(ownerKey(controller))) return true;
    this.skipped.set(kind, (this.skipped.get(kind) ?? 0) + 1);
    return false;
  }

  /** Objects counted but not judged, by kind key. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.skipped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

function ownerKey(reference: Record<string, unknown>): string {
  const apiVersion = asString(reference['apiVersion']) ?? '';
  const slash = apiVersion.indexOf('/');
  return `${slash === -1 ? '' : apiVersion.slice(0, slash)}/${asString(reference['kind']) ?? ''}`;
}

/**
 * The order in which judged kinds are listed, owners before what they own, so that an owner is read
 * before the objects it controls: top-level workloads (and custom ones such as Argo Rollouts, which own
 * ReplicaSets), then ReplicaSets and Jobs, then Pods. Other kinds own no workloads and go with the first.
 */
export function ownershipRank(kind: string): number {
  if (kind === '/Pod') return 2;
  if (kind === 'apps/ReplicaSet' || kind === 'batch/Job') return 1;
  return 0;
}
