import { getAtPath } from '../core/path.js';
import type { Finding } from '../core/report.js';
import { severityRank, type Severity } from '../core/severity.js';
import type { SingleObjectJudge } from '../engine/single-object.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { failsOn } from '../policy/gate.js';
import { isAdvisory } from './controls.js';
import { parsePath, toResource, type AdmissionRequest, type ReviewResponse } from './review.js';

export type Mode = 'enforce' | 'warn' | 'audit';
export const modes: readonly Mode[] = ['enforce', 'warn', 'audit'];

/**
 * denied: enforce mode, some finding gates; warned / audited: the same in warn / audit mode (allowed);
 * allowed: nothing gates; exempt: an exempt namespace; skipped: an operation that is not judged (DELETE, CONNECT).
 */
export type Result = 'allowed' | 'denied' | 'warned' | 'audited' | 'exempt' | 'skipped';

export interface DecisionPolicy {
  readonly mode: Mode;
  readonly failOn: Severity | 'none';
  readonly exemptNamespaces: ReadonlySet<string>;
}

/** A finding as the decision uses it: gating or not, and why not. */
export interface JudgedFinding {
  readonly finding: Finding;
  /** Fails at or above --fail-on, unsuppressed, new (not in oldObject), and judged on own evidence. */
  readonly gates: boolean;
  /** UPDATE: the old object had the same finding on an unchanged field. */
  readonly existing: boolean;
  /** The finding may only reflect an object the webhook cannot see (see controls.ts). */
  readonly advisory: boolean;
}

export interface Decision {
  readonly response: ReviewResponse;
  readonly result: Result;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly operation: string;
  readonly dryRun: boolean;
  /** Control IDs of the gating findings (what denies in enforce mode), sorted, unique. */
  readonly failedControls: readonly string[];
  /** Every unsuppressed failed finding, for the log. */
  readonly findings: readonly JudgedFinding[];
  /** Problems met while judging (a bad exception annotation, a control that threw). */
  readonly problems: readonly string[];
}

/** kubectl prints the whole status message; past this it stops being read. */
export const MAX_MESSAGE_LENGTH = 2000;
const MAX_ENTRY_LENGTH = 400;
/** kube-apiserver truncates longer warnings (and drops them past a total size): each stays short. */
export const MAX_WARNING_LENGTH = 120;
export const MAX_WARNINGS = 12;

/**
 * The webhook's answer to one AdmissionReview request.
 *
 * UPDATE rule (a ratchet): the new object is judged in full, and so is oldObject. A failed finding of
 * the new object that the old object had too, for the same control, container, field path and message,
 * with the value at that path unchanged, is *existing*: the update did not introduce it, so it never
 * denies (it is returned as a warning). Every other finding counts as on CREATE. Renaming or reordering
 * containers, or changing the offending field, makes a finding new.
 */
export function decide(request: AdmissionRequest, judge: SingleObjectJudge, policy: DecisionPolicy): Decision {
  const kind = request.object ? String(request.object['kind'] ?? request.kind.kind) : request.kind.kind;
  const base = {
    kind,
    operation: request.operation,
    dryRun: request.dryRun,
    ...(request.namespace ? { namespace: request.namespace } : {}),
    ...(request.name ? { name: request.name } : {}),
  };
  const allow = (result: Result, extra: Partial<Decision> = {}): Decision => ({
    ...base,
    response: { uid: request.uid, allowed: true },
    result,
    failedControls: [],
    findings: [],
    problems: [],
    ...extra,
  });
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return allow('skipped');
  const object = request.object;
  if (!object) {
    return {
      ...allow('denied'),
      response: { uid: request.uid, allowed: false, status: { code: 400, reason: 'BadRequest', message: `kubeharden: request.object is missing on ${request.operation}` } },
    };
  }
  const resource = toResource(request, object, 'object');
  const namespaceOfObject = kindKey(resource.ref.apiVersion, resource.ref.kind) === '/Namespace' ? resource.ref.name : resource.ref.namespace;
  const named = { ...base, ...(resource.ref.name ? { name: resource.ref.name } : {}) };
  if (namespaceOfObject !== undefined && policy.exemptNamespaces.has(namespaceOfObject)) return { ...allow('exempt'), ...named };

  const verdict = judge.judge(resource);
  const problems = verdict.errors.map((e) => e.message);
  const existing = request.operation === 'UPDATE' && request.oldObject ? existingFindings(judge, request, object, request.oldObject) : undefined;
  const key = kindKey(resource.ref.apiVersion, resource.ref.kind);
  const judged: JudgedFinding[] = [];
  for (const finding of verdict.findings) {
    if (finding.status !== 'failed') continue;
    const advisory = isAdvisory(finding.controlId, key);
    const old = existing?.(finding) ?? false;
    judged.push({ finding, advisory, existing: old, gates: !advisory && !old && failsOn(finding, policy.failOn) });
  }
  judged.sort(
    (a, b) =>
      Number(b.gates) - Number(a.gates) ||
      severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
      compare(a.finding.controlId, b.finding.controlId) ||
      compare(a.finding.path, b.finding.path),
  );
  const gating = judged.filter((j) => j.gates);
  const failedControls = [...new Set(gating.map((j) => j.finding.controlId))].sort(compare);
  const result: Result = gating.length === 0 ? 'allowed' : policy.mode === 'enforce' ? 'denied' : policy.mode === 'warn' ? 'warned' : 'audited';
  const warnings =
    policy.mode === 'audit'
      ? []
      : [
          ...(result === 'denied' ? judged.filter((j) => !j.gates) : judged).map((j) => warningText(j)),
          ...problems.map((p) => `kubeharden: ${p}`),
        ];
  const response: ReviewResponse = {
    uid: request.uid,
    allowed: result !== 'denied',
    ...(result === 'denied' ? { status: { code: 403, reason: 'Forbidden', message: denialMessage(resource.ref.kind, named, gating, policy.failOn) } } : {}),
    ...(warnings.length > 0 ? { warnings: capWarnings(warnings) } : {}),
  };
  return { ...named, response, result, failedControls, findings: judged, problems };
}

/** A test of whether a finding of the new object is existing, per the UPDATE rule. */
function existingFindings(
  judge: SingleObjectJudge,
  request: AdmissionRequest,
  object: Record<string, unknown>,
  oldObject: Record<string, unknown>,
): (finding: Finding) => boolean {
  const before = new Set<string>();
  for (const f of judge.judge(toResource(request, oldObject, 'oldObject')).findings) {
    if (f.status === 'warning') continue;
    before.add(findingKey(f));
  }
  return (finding) => {
    if (!before.has(findingKey(finding))) return false;
    const path = parsePath(finding.path);
    return JSON.stringify(getAtPath(oldObject, path)) === JSON.stringify(getAtPath(object, path));
  };
}

const findingKey = (f: Finding): string => `${f.controlId}\u0000${f.container ?? ''}\u0000${f.path}\u0000${f.messageId}\u0000${f.message}`;

function denialMessage(
  kind: string,
  ref: { namespace?: string; name?: string },
  gating: readonly JudgedFinding[],
  failOn: Severity | 'none',
): string {
  const subject = `${kind} ${ref.namespace ? ref.namespace + '/' : ''}${ref.name ?? ''}`.trim();
  const head = `kubeharden: ${subject} fails ${gating.length} check${gating.length === 1 ? '' : 's'} at or above ${failOn}:`;
  let message = head;
  let shown = 0;
  for (const { finding } of gating) {
    const entry = clip(`[${finding.controlId} ${finding.severity}] ${finding.path}: ${finding.message} Fix: ${finding.remediation}`, MAX_ENTRY_LENGTH);
    const more = gating.length - shown - 1;
    const tail = more > 0 ? ` (and ${more} more)` : '';
    if (message.length + 1 + entry.length + tail.length > MAX_MESSAGE_LENGTH) break;
    message += ` ${entry}`;
    shown++;
  }
  if (shown < gating.length) message += ` (and ${gating.length - shown} more: see the webhook log or run kubeharden scan)`;
  return message;
}

function warningText({ finding, existing, advisory }: JudgedFinding): string {
  // The field path does not fit in 120 characters next to the message; the message names the container.
  const note = existing ? ', existing' : advisory ? ', unverified' : '';
  return clip(`${finding.controlId} (${finding.severity}${note}): ${finding.message}`, MAX_WARNING_LENGTH);
}

function capWarnings(warnings: readonly string[]): string[] {
  if (warnings.length <= MAX_WARNINGS) return [...warnings];
  const kept = warnings.slice(0, MAX_WARNINGS - 1);
  return [...kept, `kubeharden: ${warnings.length - kept.length} more findings (kubeharden scan lists them all)`];
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

