import type { ControlStatus, ScanReport } from '../../core/report.js';

export interface SectionScore {
  readonly section: string;
  readonly counts: Readonly<Record<ControlStatus, number>>;
  /** Passed controls as a share of judged (passed + failed) ones, in percent with one decimal; null when none was judged. */
  readonly score: number | null;
}

/** The summary's score formula (README): not-evaluated and manual controls count neither way. */
export function scoreOf(passed: number, failed: number): number | null {
  return passed + failed === 0 ? null : Math.round((passed / (passed + failed)) * 1000) / 10;
}

/** Per guidance section, in the catalog's order of sections. */
export function sectionScores(report: ScanReport): SectionScore[] {
  const sections = new Map<string, Record<ControlStatus, number>>();
  for (const control of report.controls) {
    let counts = sections.get(control.section);
    if (!counts) sections.set(control.section, (counts = { passed: 0, failed: 0, 'not-evaluated': 0, manual: 0 }));
    counts[control.status]++;
  }
  return [...sections].map(([section, counts]) => ({ section, counts, score: scoreOf(counts.passed, counts.failed) }));
}

export function formatScore(score: number | null): string {
  return score === null ? 'n/a' : `${score}%`;
}
