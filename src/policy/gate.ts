import type { Finding, GateResult, Summary, WorkloadEntry } from '../core/report.js';
import { formatRef } from '../core/resource.js';
import { severities, severityRank, type Severity } from '../core/severity.js';
import type { PssLevel } from '../pss/evaluate.js';
import { workloadIdentity, type Baseline } from './baseline.js';

export interface GateCriteria {
  /** Fail on an unsuppressed, new failed finding of at least this severity; 'none' never fails on findings. */
  readonly failOn: Severity | 'none';
  /** Fail when the overall score is below this percentage (or when no control could be judged). */
  readonly minScore?: number;
  /** Fail when a workload reaches only a lower Pod Security Standards level (unless the baseline had it so). */
  readonly pssLevel?: Exclude<PssLevel, 'privileged'>;
}

const levelRank: Record<PssLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** Whether a finding counts for the gate: failed, not suppressed, and not in the baseline. */
export function failsOn(finding: Finding, failOn: Severity | 'none'): boolean {
  return failOn !== 'none' && finding.status === 'failed' && finding.baseline !== true && severityRank(finding.severity) >= severityRank(failOn);
}

/**
 * The CI verdict, from the findings, the score and the workloads' Pod Security levels. Warnings,
 * suppressed findings and baseline findings never fail it. Input errors are not judged here: the CLI
 * exits 2 on them whatever the gate says.
 */
export function evaluateGate(
  report: { readonly findings: readonly Finding[]; readonly workloads: readonly WorkloadEntry[]; readonly summary: Pick<Summary, 'score'> },
  criteria: GateCriteria,
  baseline?: Pick<Baseline, 'workloadLevels'>,
): GateResult {
  const reasons: string[] = [];
  if (criteria.failOn !== 'none') {
    const bySeverity = new Map<Severity, number>();
    for (const finding of report.findings) {
      if (failsOn(finding, criteria.failOn)) bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
    }
    const total = [...bySeverity.values()].reduce((a, b) => a + b, 0);
    if (total > 0) {
      const parts = severities.filter((s) => bySeverity.has(s)).map((s) => `${s} ${bySeverity.get(s)}`);
      reasons.push(
        `${total} failed finding${total === 1 ? '' : 's'} at or above ${criteria.failOn} (${parts.join(', ')}), not suppressed${baseline ? ' and not in the baseline' : ''}`,
      );
    }
  }
  if (criteria.minScore !== undefined) {
    const { score } = report.summary;
    if (score === null) reasons.push(`no control could be judged on this input, so the score cannot reach the minimum of ${criteria.minScore}%`);
    else if (score < criteria.minScore) reasons.push(`the score ${score}% is below the minimum of ${criteria.minScore}%`);
  }
  if (criteria.pssLevel !== undefined) {
    const target = levelRank[criteria.pssLevel];
    const below = report.workloads.filter((w) => {
      if (levelRank[w.pss.level] >= target) return false;
      const before = baseline?.workloadLevels.get(workloadIdentity(w.resource));
      return before === undefined || levelRank[before] > levelRank[w.pss.level];
    });
    if (below.length > 0) {
      const shown = below.slice(0, 5).map((w) => `${formatRef(w.resource)} (${w.pss.level})`);
      reasons.push(
        `${below.length} workload${below.length === 1 ? ' is' : 's are'} below the Pod Security Standards level ${criteria.pssLevel}${baseline ? ' (new, or lower than in the baseline)' : ''}: ${shown.join(', ')}${below.length > shown.length ? `, and ${below.length - shown.length} more` : ''}`,
      );
    }
  }
  return { status: reasons.length > 0 ? 'failed' : 'passed', reasons };
}
