import type { ControlEntry, SectionScore } from '../core/report.js';

/**
 * The compliance score: passed controls divided by judged (passed + failed) controls, in percent with
 * one decimal. Every control weighs the same; a control passes when no resource fails it (warnings and
 * suppressed findings do not fail a control); not-evaluated and manual controls are left out, never
 * counted as passed. null when no control was judged.
 */
export function complianceScore(passed: number, failed: number): number | null {
  const judged = passed + failed;
  return judged === 0 ? null : Math.round((passed / judged) * 1000) / 10;
}

/** The score of each guidance section, in the order the sections first appear in `controls` (catalog order). */
export function sectionScores(controls: readonly ControlEntry[]): SectionScore[] {
  const sections = new Map<string, { passed: number; failed: number; notEvaluated: number; manual: number }>();
  for (const control of controls) {
    let counts = sections.get(control.section);
    if (!counts) sections.set(control.section, (counts = { passed: 0, failed: 0, notEvaluated: 0, manual: 0 }));
    if (control.status === 'passed') counts.passed++;
    else if (control.status === 'failed') counts.failed++;
    else if (control.status === 'manual') counts.manual++;
    else counts.notEvaluated++;
  }
  return [...sections].map(([section, counts]) => ({ section, ...counts, score: complianceScore(counts.passed, counts.failed) }));
}
