import type { ControlDefinition } from '../core/control.js';
import type { SingleObjectJudge } from '../engine/single-object.js';

/**
 * The webhook sees one object per request. Controls that look other objects up (`reads`) are of two sorts:
 *
 * - Those whose finding can rest on an object being absent from the input: a ServiceAccount that opts
 *   out of token mounting, a LimitRange that gives default limits, a Kyverno policy that enforces Pod
 *   Security, an HTTPRoute that redirects a Gateway's plain HTTP. The cluster may well hold that object,
 *   so the webhook cannot tell: their findings never deny. They are returned as warnings (in every mode
 *   but audit) and logged, marked advisory. Listed here with the kinds where that is so.
 * - Those that report only on what the object itself shows, with built-in knowledge (RBAC bindings to
 *   built-in roles or naming anonymous or default subjects; a binding to a role the webhook cannot see is
 *   not judged): enforced like any other control.
 *
 * A new control with `reads` must be put in one of the two lists (a test checks it).
 */
export const MISSING_EVIDENCE: ReadonlyMap<string, readonly string[] | 'all'> = new Map<string, readonly string[] | 'all'>([
  ['NSA-POD-023', 'all'], // service-account-token-automount: the ServiceAccount may opt out
  ['NSA-POD-026', 'all'], // pod-security-admission-labels: a Kyverno ClusterPolicy may enforce instead
  ['NSA-NET-007', 'all'], // workload-network-isolation: NetworkPolicies of the namespace
  ['NSA-NET-012', 'all'], // cpu-limits: a LimitRange default
  ['NSA-NET-013', 'all'], // memory-limits: a LimitRange default
  ['NSA-NET-014', 'all'], // resource-requests: a LimitRange default
  ['NSA-LOG-012', 'all'], // seccomp-audit-profiles: the nodes' profile files
  ['NSA-NET-017', ['gateway.networking.k8s.io/Gateway']], // external-services-tls: an HTTPRoute redirect
]);

/** Reading controls judged from the object alone (see above). */
export const OWN_EVIDENCE: ReadonlySet<string> = new Set([
  'NSA-POD-025', // dedicated-service-accounts: bindings to the account are judged only when seen
  'NSA-POD-034', // sandboxed-runtime: only namespaces labelled untrusted, which the webhook never sees
  'NSA-AUTH-002',
  'NSA-AUTH-012',
  'NSA-AUTH-014',
  'NSA-AUTH-015',
  'NSA-AUTH-016',
  'NSA-AUTH-017',
  'NSA-SEC-006',
  'NSA-UPG-001', // a Node's own kubelet version
  'NSA-UPG-002', // images and the Nodes' kubelet versions when seen
  'NSA-UPG-005', // a Node's own software versions
  'NSA-NET-017',
]);

/** Whether a finding of this control on this kind (`group/Kind`) may only reflect what the webhook cannot see. */
export function isAdvisory(controlId: string, kind: string): boolean {
  const kinds = MISSING_EVIDENCE.get(controlId);
  return kinds === 'all' || (kinds !== undefined && kinds.includes(kind));
}

/** Reading controls of the judge that neither list decides: a programming error the tests catch. */
export function unclassifiedReadingControls(controls: readonly ControlDefinition[]): string[] {
  return controls
    .filter((c) => (c.reads?.length ?? 0) > 0 && !MISSING_EVIDENCE.has(c.meta.id) && !OWN_EVIDENCE.has(c.meta.id))
    .map((c) => c.meta.id);
}

/** What the webhook does with each selected control, for `--list-controls` style output and the startup log. */
export function controlPlan(judge: SingleObjectJudge): { enforced: string[]; advisory: string[]; notRun: { id: string; reason: string }[] } {
  const enforced: string[] = [];
  const advisory: string[] = [];
  for (const control of judge.controls) {
    const kinds = MISSING_EVIDENCE.get(control.meta.id);
    if (kinds === 'all') advisory.push(control.meta.id);
    else enforced.push(control.meta.id);
  }
  return { enforced, advisory, notRun: [...judge.notRun].map(([id, reason]) => ({ id, reason })) };
}
