import type { CaseResult, CaseStatus, ProjectName, SkippedRow } from './model.js';

export type StatusCounts = Record<CaseStatus, number>;

/** Agreement over one group of cases (a project's concept, a concept over all projects, a project). */
export interface GroupSummary {
  readonly project?: ProjectName;
  readonly concept?: string;
  /** Control IDs the cases were mapped to. */
  readonly controls: readonly string[];
  readonly counts: StatusCounts;
  /** Rows of the INDEX files without a usable expectation. */
  readonly skipped: number;
  /** agree / (agree + disagree), in percent; null when nothing was judged. Deliberate differences are left out. */
  readonly agreement: number | null;
  /** agree / (agree + disagree + deliberate): how often we give the peer's answer at all. */
  readonly rawAgreement: number | null;
  /** Why the group is out of scope (the first reason given), for the report. */
  readonly reason?: string;
}

const emptyCounts = (): StatusCounts => ({
  agree: 0,
  disagree: 0,
  deliberate: 0,
  'not-implemented': 0,
  'not-evaluated': 0,
  'out-of-scope': 0,
  excluded: 0,
  error: 0,
});

function summarize(results: readonly CaseResult[], skipped: number, extra: Partial<GroupSummary>): GroupSummary {
  const counts = emptyCounts();
  const controls = new Set<string>();
  for (const r of results) {
    counts[r.status]++;
    for (const id of r.controls) controls.add(id);
  }
  const judged = counts.agree + counts.disagree;
  const reason = results.find((r) => r.status === 'out-of-scope')?.reason;
  return {
    ...extra,
    controls: [...controls].sort(),
    counts,
    skipped,
    agreement: judged > 0 ? round1((100 * counts.agree) / judged) : null,
    rawAgreement: judged + counts.deliberate > 0 ? round1((100 * counts.agree) / (judged + counts.deliberate)) : null,
    ...(reason ? { reason } : {}),
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** One row per project and concept, concepts in name order. */
export function byProjectAndConcept(results: readonly CaseResult[], skipped: readonly SkippedRow[], projects: readonly ProjectName[]): GroupSummary[] {
  const rows: GroupSummary[] = [];
  for (const project of projects) {
    const mine = results.filter((r) => r.case.project === project);
    const mySkipped = skipped.filter((s) => s.project === project);
    const concepts = new Set([...mine.map((r) => r.case.concept), ...mySkipped.map((s) => s.concept)]);
    const byConcept = groupBy(mine, (r) => r.case.concept);
    for (const concept of [...concepts].sort()) {
      rows.push(summarize(byConcept.get(concept) ?? [], mySkipped.filter((s) => s.concept === concept).length, { project, concept }));
    }
  }
  return rows;
}

/** One row per concept over all projects. */
export function byConcept(results: readonly CaseResult[], skipped: readonly SkippedRow[]): GroupSummary[] {
  const concepts = new Set([...results.map((r) => r.case.concept), ...skipped.map((s) => s.concept)]);
  const groups = groupBy(results, (r) => r.case.concept);
  return [...concepts].sort().map((concept) => summarize(groups.get(concept) ?? [], skipped.filter((s) => s.concept === concept).length, { concept }));
}

/** One row per project. */
export function byProject(results: readonly CaseResult[], skipped: readonly SkippedRow[], projects: readonly ProjectName[]): GroupSummary[] {
  return projects.map((project) =>
    summarize(
      results.filter((r) => r.case.project === project),
      skipped.filter((s) => s.project === project).length,
      { project },
    ),
  );
}

/** The status a group shows: judged, or why it is not. */
export function groupStatus(group: GroupSummary): string {
  const c = group.counts;
  if (c.error > 0) return 'ERROR';
  if (c.agree + c.disagree + c.deliberate > 0) return c.disagree > 0 ? 'disagreements' : 'ok';
  if (c['not-implemented'] > 0) return 'not implemented';
  if (c['not-evaluated'] > 0) return 'not evaluated';
  if (c.excluded > 0) return 'excluded';
  if (c['out-of-scope'] > 0) return 'out of scope';
  return 'no oracle';
}
