// Fixes whose safety depends on other objects of the input. A control judges one object and proposes its
// fix from that object; `kubeharden fix` sees every object of the files, so it holds back the fixes that
// other objects show would break something.
import type { PatchOp } from '../core/fix.js';
import { getAtPath } from '../core/path.js';
import type { ScanReport, WorkloadEntry } from '../core/report.js';
import { DEFAULT_NAMESPACE, formatRef, type Resource, type ResourceRef } from '../core/resource.js';
import type { ResourceIndex } from '../engine/resource-index.js';
import { asArray, asRecord, asString } from '../core/values.js';
import { serviceAccountOf, type SubjectKind } from '../rbac/subjects.js';
import type { FixCandidate } from './plan.js';

const enforceLabel = 'pod-security.kubernetes.io/enforce';
const levelRank: Readonly<Record<string, number>> = { privileged: 0, baseline: 1, restricted: 2 };

/** What the guards know of the input: built once per scan of the files. */
export interface FixGuardContext {
  /** ServiceAccounts (`namespace/name`) a RoleBinding or ClusterRoleBinding of the input names, with that binding. */
  readonly boundAccounts: ReadonlyMap<string, string>;
  /** The workloads of the input by namespace, with the Pod Security Standards level each reaches today. */
  readonly workloadsByNamespace: ReadonlyMap<string, readonly WorkloadEntry[]>;
}

export function fixGuardContext(resources: readonly Resource[], report: ScanReport): FixGuardContext {
  return { boundAccounts: boundServiceAccounts(resources), workloadsByNamespace: workloadsByNamespace(report) };
}

function workloadsByNamespace(report: Pick<ScanReport, 'workloads'>): Map<string, WorkloadEntry[]> {
  const byNamespace = new Map<string, WorkloadEntry[]>();
  for (const workload of report.workloads) {
    const namespace = workload.resource.namespace || DEFAULT_NAMESPACE;
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), workload]);
  }
  return byNamespace;
}

/** The kinds the guards read: a scan whose findings carry fixes (SARIF) keeps them in its index. */
export const FIX_GUARD_KINDS: readonly string[] = ['rbac.authorization.k8s.io/RoleBinding', 'rbac.authorization.k8s.io/ClusterRoleBinding'];

/** The ServiceAccounts the bindings of a scan's index name: none when the scan did not keep them (see FIX_GUARD_KINDS). */
export function indexedBoundAccounts(index: ResourceIndex): Map<string, string> {
  return boundServiceAccounts(FIX_GUARD_KINDS.filter((kind) => index.kinds.has(kind)).flatMap((kind) => index.list(kind)));
}

/**
 * A scan's report with the guards applied to the fixes its findings carry (SARIF writes them as edits):
 * each finding was given its fix as it was judged, and a namespace's enforce label can only be judged
 * once every workload of the namespace was. Such a fix becomes a suggestion, as `kubeharden fix` makes it.
 */
export function holdBackEarlyEnforcement(report: ScanReport): ScanReport {
  const levels = new Map(report.findings.map((finding) => [finding, enforcedLevel(finding)]));
  if (![...levels.values()].some((level) => level !== undefined)) return report;
  const context: FixGuardContext = { boundAccounts: new Map(), workloadsByNamespace: workloadsByNamespace(report) };
  const findings = report.findings.map((finding) => {
    const level = levels.get(finding);
    const fix = finding.fix;
    if (level === undefined || !fix) return finding;
    const reason = enforcedTooEarly(finding.resource, { op: 'add', path: ['metadata', 'labels', enforceLabel], value: level }, context);
    return reason === undefined ? finding : { ...finding, fix: { description: fix.description, replacements: [], ...(fix.patch ? { patch: fix.patch } : {}), suggestion: reason } };
  });
  return { ...report, findings };
}

/** The level a Namespace finding's automatic fix enforces, whichever object its patch adds the label with. */
function enforcedLevel(finding: ScanReport['findings'][number]): string | undefined {
  if (finding.resource.kind !== 'Namespace' || !finding.fix || finding.fix.replacements.length === 0) return undefined;
  const target = ['metadata', 'labels', enforceLabel];
  for (const op of finding.fix.patch ?? []) {
    if (op.op === 'remove') continue;
    const path = op.path.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (path.length > target.length || path.some((segment, i) => segment !== target[i])) continue;
    const value = target.slice(path.length).reduce<unknown>((node, segment) => asRecord(node)?.[segment], op.value);
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The candidate, marked unsafe (with why) when the rest of the input shows its fix would break something. */
export function guardFix(candidate: FixCandidate, context: FixGuardContext): FixCandidate {
  if (candidate.fix.unsafe !== undefined) return candidate;
  const reason = candidate.fix.ops.map((op) => tokenStillNeeded(candidate.resource, op, context) ?? enforcedTooEarly(candidate.resource.ref, op, context)).find((r) => r !== undefined);
  return reason === undefined ? candidate : { ...candidate, fix: { ops: candidate.fix.ops, unsafe: reason } };
}

/**
 * Turning the token off (on a pod or on its ServiceAccount) for an account that the input binds to a role:
 * the permissions were granted for the pods to use them, so the workload most likely calls the API.
 */
function tokenStillNeeded(resource: Resource, op: PatchOp, context: FixGuardContext): string | undefined {
  if (op.op !== 'add' || op.value !== false || op.path[op.path.length - 1] !== 'automountServiceAccountToken') return undefined;
  const namespace = resource.ref.namespace || DEFAULT_NAMESPACE;
  let account: string;
  if (resource.ref.kind === 'ServiceAccount' && op.path.length === 1) account = resource.ref.name;
  else {
    const podSpec = asRecord(getAtPath(resource.object, op.path.slice(0, -1)));
    account = asString(podSpec?.['serviceAccountName']) ?? asString(podSpec?.['serviceAccount']) ?? 'default';
  }
  const binding = context.boundAccounts.get(`${namespace}/${account}`);
  if (binding === undefined) return undefined;
  const otherwise = resource.ref.kind === 'ServiceAccount' ? 'remove the binding' : 'put the workload on --token-allow-list';
  return `the ServiceAccount "${account}" is bound to a role by ${binding}: its pods most likely call the API with the token; if they do not, ${otherwise}`;
}

/**
 * An enforce label at a level some workload of the namespace does not reach yet: Pod Security Admission
 * would reject its pods at the next rollout or restart. Once the workloads pass (fixed earlier in the same
 * run, or by hand) the label is applied.
 */
function enforcedTooEarly(ref: ResourceRef, op: PatchOp, context: FixGuardContext): string | undefined {
  if (ref.kind !== 'Namespace' || op.op !== 'add' || op.path.join('/') !== `metadata/labels/${enforceLabel}`) return undefined;
  const level = String(op.value);
  const below = (context.workloadsByNamespace.get(ref.name) ?? []).filter((w) => (levelRank[w.pss.level] ?? 0) < (levelRank[level] ?? 0));
  const first = below[0];
  if (first === undefined) return undefined;
  const checks = [...new Set(first.pss.violations.filter((v) => (levelRank[v.level] ?? 0) <= (levelRank[level] ?? 0)).map((v) => v.check))].join(', ');
  const more = below.length > 1 ? ` (and ${below.length - 1} more workload${below.length > 2 ? 's' : ''})` : '';
  return `${formatRef(first.resource)} reaches only the ${first.pss.level} level${checks ? ` (${checks})` : ''}${more}: enforcing ${level} would reject its pods; label the namespace once its workloads pass ${level}`;
}

function boundServiceAccounts(resources: readonly Resource[]): Map<string, string> {
  const bound = new Map<string, string>();
  for (const binding of resources) {
    const { kind, apiVersion } = binding.ref;
    if ((kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') || !apiVersion.startsWith('rbac.authorization.k8s.io/')) continue;
    for (const item of asArray(binding.object['subjects'])) {
      const subject = asRecord(item);
      const subjectKind = asString(subject?.['kind']);
      const name = asString(subject?.['name']);
      if (!name || (subjectKind !== 'ServiceAccount' && subjectKind !== 'User')) continue;
      // A ServiceAccount subject of a RoleBinding without a namespace is resolved in the binding's.
      const namespace = asString(subject?.['namespace']) ?? (subjectKind === 'ServiceAccount' && kind === 'RoleBinding' ? binding.ref.namespace : undefined);
      const account = serviceAccountOf({ kind: subjectKind as SubjectKind, name, ...(namespace ? { namespace } : {}) });
      if (!account) continue;
      const key = `${account.namespace || DEFAULT_NAMESPACE}/${account.name}`;
      if (!bound.has(key)) bound.set(key, `${kind} "${binding.ref.name}"`);
    }
  }
  return bound;
}
