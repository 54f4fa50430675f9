import type { HarnessResult } from './harness.js';
import type { CaseResult } from './model.js';
import { byConcept, byProject, byProjectAndConcept, groupStatus, type GroupSummary } from './summary.js';

const percent = (value: number | null): string => (value === null ? '-' : `${value.toFixed(1)}%`);

function table(headers: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

function groupRows(groups: readonly GroupSummary[], withProject: boolean): string[][] {
  return groups.map((g) => {
    const c = g.counts;
    const status = groupStatus(g);
    const note =
      status === 'not implemented'
        ? `not implemented (${c['not-implemented']})`
        : status === 'not evaluated'
          ? `not evaluated (${c['not-evaluated']})`
          : status === 'out of scope'
          ? `out of scope (${c['out-of-scope']})`
          : status === 'excluded'
            ? `excluded (${c.excluded})`
            : status;
    const extra = [
      c['not-implemented'] > 0 && status !== 'not implemented' ? `+${c['not-implemented']} not impl.` : '',
      c['not-evaluated'] > 0 && status !== 'not evaluated' ? `+${c['not-evaluated']} not evaluated` : '',
      c['out-of-scope'] > 0 && status !== 'out of scope' ? `+${c['out-of-scope']} out of scope` : '',
      c.excluded > 0 && status !== 'excluded' ? `+${c.excluded} excluded` : '',
      g.skipped > 0 ? `+${g.skipped} no oracle` : '',
    ].filter(Boolean);
    const judged = c.agree + c.disagree + c.deliberate;
    return [
      ...(withProject ? [g.project ?? ''] : []),
      g.concept ?? '',
      abbreviate(g.controls),
      judged > 0 ? String(judged) : '-',
      judged > 0 ? String(c.agree) : '',
      judged > 0 ? String(c.disagree) : '',
      judged > 0 ? String(c.deliberate) : '',
      percent(g.agreement),
      [note, ...extra].join(' '),
    ];
  });
}

/** At most three control IDs, then how many more: the concept table stays readable. */
function abbreviate(controls: readonly string[]): string {
  if (controls.length === 0) return '-';
  return controls.length <= 3 ? controls.join(',') : `${controls.slice(0, 2).join(',')} +${controls.length - 2}`;
}

const groupHeaders = ['concept', 'controls', 'judged', 'agree', 'disagree', 'deliberate', 'agreement', 'status'];
const numeric = new Set([2, 3, 4, 5, 6]);

/** The text report: per project and concept, then per concept over all projects, then totals. */
export function renderText(result: HarnessResult, options: { readonly verbose: boolean; readonly elapsedMs: number; readonly sharedDir: string }): string {
  const { results, skipped, projects } = result;
  const out: string[] = [];
  out.push(
    `kubeharden conformance: ${results.length} cases (${skipped.length} rows without an oracle) from ${projects.join(', ')}`,
    `fixtures: ${options.sharedDir}/conformance, ${(options.elapsedMs / 1000).toFixed(1)} s`,
    'agreement = agree / (agree + disagree); deliberate differences (deliberate.ts, docs/conformance.md) are counted apart',
    '',
  );
  const perProject = byProjectAndConcept(results, skipped, projects);
  for (const project of projects) {
    const groups = perProject.filter((g) => g.project === project && groupStatus(g) !== 'out of scope' && groupStatus(g) !== 'no oracle');
    const outOfScope = perProject.filter((g) => g.project === project && groupStatus(g) === 'out of scope');
    out.push(`== ${project} ==`, table(groupHeaders, groupRows(groups, false), numeric));
    if (outOfScope.length > 0) {
      out.push(`out of scope: ${outOfScope.map((g) => `${g.concept} (${g.counts['out-of-scope']})`).join(', ')}`);
    }
    out.push('');
  }
  const concepts = byConcept(results, skipped);
  const mapped = concepts.filter((g) => !['out of scope', 'no oracle'].includes(groupStatus(g)));
  out.push('== all projects, per mapped concept ==', table(groupHeaders, groupRows(mapped, false), numeric), '');
  out.push('== out of scope (no NSA control) ==');
  for (const g of concepts.filter((c) => groupStatus(c) === 'out of scope')) out.push(`${g.concept} (${g.counts['out-of-scope']}): ${g.reason ?? ''}`);
  const partly = results.filter((r) => r.status === 'out-of-scope' && !concepts.some((g) => g.concept === r.case.concept && groupStatus(g) === 'out of scope'));
  for (const [label, reason] of new Map(partly.map((r) => [`${r.case.concept} / ${r.case.project}: ${r.case.check}`, r.reason ?? '']))) out.push(`${label}: ${reason}`);
  out.push('');
  const totals = byProject(results, skipped, projects);
  out.push(
    '== totals ==',
    table(
      ['project', 'cases', 'judged', 'agree', 'disagree', 'deliberate', 'agreement', 'not impl.', 'not eval.', 'out of scope', 'excluded', 'errors', 'no oracle'],
      totals.map((g) => {
        const c = g.counts;
        const total = Object.values(c).reduce((a, b) => a + b, 0);
        return [
          g.project ?? '',
          String(total),
          String(c.agree + c.disagree + c.deliberate),
          String(c.agree),
          String(c.disagree),
          String(c.deliberate),
          percent(g.agreement),
          String(c['not-implemented']),
          String(c['not-evaluated']),
          String(c['out-of-scope']),
          String(c.excluded),
          String(c.error),
          String(g.skipped),
        ];
      }),
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    ),
    '',
  );
  const errors = results.filter((r) => r.status === 'error');
  if (errors.length > 0) {
    out.push(`== errors (${errors.length}) ==`);
    for (const r of errors) out.push(`${r.case.project} ${r.case.id}: ${r.reason ?? ''}`);
    out.push('');
  }
  if (result.staleDeliberate.length > 0) {
    out.push(`== stale deliberate differences (${result.staleDeliberate.length}): these cases agree now; remove them from deliberate.ts ==`);
    for (const d of result.staleDeliberate) out.push(`${d.project} ${d.caseId}`);
    out.push('');
  }
  if (options.verbose) {
    const listed = results.filter((r) => r.status === 'disagree' || r.status === 'deliberate');
    out.push(`== disagreements (${listed.filter((r) => r.status === 'disagree').length}) and deliberate differences (${listed.filter((r) => r.status === 'deliberate').length}) ==`);
    for (const r of listed) out.push(describeCase(r), '');
    const unjudged = results.filter((r) => r.status === 'not-evaluated');
    if (unjudged.length > 0) {
      out.push(`== not evaluated (${unjudged.length}): a mapped control could not judge the input ==`);
      for (const r of unjudged) out.push(describeCase(r), '');
    }
  }
  return out.join('\n');
}

function describeCase(r: CaseResult): string {
  const c = r.case;
  const lines = [
    `${r.status === 'deliberate' ? '[deliberate] ' : r.status === 'not-evaluated' ? '[not evaluated] ' : ''}${c.project} ${c.id}  (concept ${c.concept}, check ${c.check}, controls ${r.controls.join(',')})`,
    `  file:     ${c.displayFiles.join(', ')}`,
    `  expected: ${c.expected}${c.target.type === 'objects' && c.target.objects.length > 0 ? ` on ${c.target.objects.map((o) => `${o.kind}/${o.name}`).join(', ')}` : ''}${c.target.type === 'object' ? ` for ${c.target.object.kind}/${c.target.object.name} (object #${c.target.position} of the file)` : ''}`,
    `  ours:     ${r.ours ?? '-'}${r.oursObjects && r.oursObjects.length > 0 ? ` on ${r.oursObjects.join(', ')}` : ''}`,
  ];
  if (c.detail) lines.push(`  peer:     ${c.detail}`);
  if (r.reason) lines.push(`  reason:   ${r.reason}`);
  for (const f of r.findings) {
    lines.push(`  finding:  ${f.controlId} ${f.status} ${f.resource.kind}/${f.resource.name} ${f.path}: ${f.message}`);
  }
  return lines.join('\n');
}

/** The JSON report: the summaries and every case's result. */
export function renderJson(result: HarnessResult, options: { readonly elapsedMs: number; readonly sharedDir: string }): string {
  const { results, skipped, projects } = result;
  return JSON.stringify(
    {
      sharedDir: options.sharedDir,
      projects,
      elapsedMs: Math.round(options.elapsedMs),
      byProjectAndConcept: byProjectAndConcept(results, skipped, projects),
      byConcept: byConcept(results, skipped),
      byProject: byProject(results, skipped, projects),
      staleDeliberate: result.staleDeliberate,
      cases: results.map((r) => ({
        project: r.case.project,
        id: r.case.id,
        concept: r.case.concept,
        check: r.case.check,
        files: r.case.displayFiles,
        expected: r.case.expected,
        ...(r.case.target.type === 'objects' ? { expectedObjects: r.case.target.objects.map((o) => `${o.kind}/${o.name}`) } : {}),
        ...(r.case.target.type === 'object' ? { object: `${r.case.target.object.kind}/${r.case.target.object.name}`, position: r.case.target.position } : {}),
        status: r.status,
        controls: r.controls,
        ...(r.ours ? { ours: r.ours } : {}),
        ...(r.oursObjects ? { oursObjects: r.oursObjects } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        findings: r.findings.map((f) => ({ controlId: f.controlId, status: f.status, resource: `${f.resource.kind}/${f.resource.name}`, path: f.path, message: f.message })),
      })),
      skipped,
    },
    null,
    2,
  );
}
