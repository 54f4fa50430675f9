import type { ControlStatus, Finding, ScanReport } from '../core/report.js';
import { formatRef } from '../core/resource.js';
import { severityRank } from '../core/severity.js';
import { clusterSummary } from './cluster-summary.js';
import type { Reporter, ReporterContext } from './reporter.js';
import { controlDocsUrl, count, displayPath, failedControlsBySeverity, failsReportGate, isAbsolutePath, suppressionOf } from './shared.js';

/** GitHub rejects a pull-request comment longer than this (in characters). */
export const COMMENT_LIMIT = 65_536;
/** Room kept for what closes the comment after the last row that fits. */
const CLOSING_ROOM = 2_000;
const TOP_FINDINGS = 15;
/** Longest text of one table cell: one odd message must not crowd out the rest. */
const CELL_LIMIT = 400;

/**
 * A pull-request comment: the gate, the score, counts per severity, the failed controls, the worst
 * findings with links to their lines, every finding in a collapsed section, and what was not evaluated.
 * It stays under GitHub's comment limit: rows that do not fit are counted in a truncation note.
 */
export const markdownReporter: Reporter = {
  name: 'markdown',
  fileExtension: 'md',
  *render(report, ctx) {
    yield renderMarkdown(report, ctx);
  },
};

function renderMarkdown(report: ScanReport, ctx: ReporterContext): string {
  const s = report.summary;
  const out = new Budget(COMMENT_LIMIT - CLOSING_ROOM);
  const failOn = report.settings.failOn;
  const gating = report.findings.filter((f) => failsReportGate(f, failOn));
  out.add('## kubeharden: Kubernetes hardening report', '');
  if (report.cluster) {
    const summary = clusterSummary(report.cluster);
    out.add(`**${cell(summary.heading)}**`, '', ...[summary.read, summary.owned, ...summary.refused.map((line) => `:warning: ${line}`)].filter((l): l is string => l !== undefined).map((l) => `- ${cell(l)}`), '');
  }
  if (report.errors.length > 0) {
    out.add(`:warning: **The scan is incomplete**: ${count(s.errors.input, 'input error')}, ${count(s.errors.internal, 'internal error')} (listed at the end).`, '');
  }
  if (failOn === 'none') out.add('**Gate:** off (`--fail-on none`).', '');
  else if (gating.length > 0) out.add(`:x: **Gate failed:** ${count(gating.length, 'failed finding')} at or above **${failOn}** severity.`, '');
  else out.add(`:white_check_mark: **Gate passed:** no failed finding at or above **${failOn}** severity.`, '');
  const judged = s.controls.passed + s.controls.failed;
  out.add(
    `**Score: ${s.score === null ? 'n/a' : `${s.score}%`}** (${s.controls.passed} of ${count(judged, 'judged control')} passed) · ` +
      `${count(s.resources, 'resource')}, ${count(s.workloads, 'workload')} scanned · NSA/CISA Kubernetes Hardening Guidance v1.2, Pod Security Standards ${cell(report.settings.pssVersion)}`,
    '',
  );
  const sev = s.findings.failedBySeverity;
  out.add(
    '| Findings | critical | high | medium | low | warnings | suppressed |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| failed | ${sev.critical} | ${sev.high} | ${sev.medium} | ${sev.low} | ${s.findings.warning} | ${s.findings.suppressed} |`,
    '',
  );

  const failedControls = failedControlsBySeverity(report);
  if (failedControls.length > 0) {
    out.add(`### Failed controls (${failedControls.length})`, '', '| Control | Severity | Title | Resources failed |', '|---|---|---|---:|');
    let shown = 0;
    for (const control of failedControls) {
      if (!out.add(`| [${control.id}](${controlDocsUrl(control.id)}) | ${control.severity} | ${cell(control.title)} | ${control.failed} of ${control.evaluated} |`)) break;
      shown++;
    }
    out.truncated(failedControls.length - shown, 'failed control');
    out.add('');
  }

  const failed = report.findings.filter((f) => f.status === 'failed');
  if (failed.length > 0) {
    const worst = [...failed].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)).slice(0, TOP_FINDINGS);
    out.add(
      `### Top findings${failed.length > worst.length ? ` (${worst.length} of ${failed.length} failed)` : ''}`,
      '',
      '| Severity | Control | Resource | Where | Message |',
      '|---|---|---|---|---|',
    );
    let shown = 0;
    for (const f of worst) {
      if (!out.add(`| ${f.severity} | ${f.controlId} | ${code(formatRef(f.resource))} | ${where(f, ctx)} | ${cell(f.message)} |`)) break;
      shown++;
    }
    out.truncated(worst.length - shown, 'finding');
    out.add('');
  }

  if (report.findings.length > 0) {
    out.add(`<details><summary>All ${count(report.findings.length, 'finding')}</summary>`, '', '| Status | Severity | Control | Resource | Where | Message |', '|---|---|---|---|---|---|');
    let shown = 0;
    for (const f of report.findings) {
      const status = f.status === 'suppressed' ? `suppressed (${cell(suppressionText(f))})` : f.status;
      if (!out.add(`| ${status} | ${f.severity} | ${f.controlId} | ${code(formatRef(f.resource))} | ${where(f, ctx)} | ${cell(f.message)} |`)) break;
      shown++;
    }
    out.truncated(report.findings.length - shown, 'finding');
    out.add('', '</details>', '');
  }

  const sections = coverage(report);
  if (sections.length > 0) {
    out.add('<details><summary>Coverage by guidance section</summary>', '', '| Section | passed | failed | not evaluated | manual | score |', '|---|---:|---:|---:|---:|---:|');
    for (const [section, c] of sections) {
      const score = c.passed + c.failed === 0 ? 'n/a' : `${Math.round((c.passed / (c.passed + c.failed)) * 1000) / 10}%`;
      out.add(`| ${cell(section)} | ${c.passed} | ${c.failed} | ${c['not-evaluated']} | ${c.manual} | ${score} |`);
    }
    out.add('', '</details>', '');
  }

  if (report.errors.length > 0) {
    out.add('### Scan errors', '');
    let shown = 0;
    for (const e of report.errors) {
      const at = [e.file === undefined ? undefined : displayPath(e.file, ctx.cwd), e.line, e.column].filter((x) => x !== undefined).join(':');
      if (!out.add(`- ${e.kind}: ${at ? `${code(at)} ` : ''}${cell(e.message)}`)) break;
      shown++;
    }
    out.truncated(report.errors.length - shown, 'error');
    out.add('');
  }

  // The closing notes always fit: CLOSING_ROOM is kept for them.
  const closing: string[] = [];
  const notEvaluated = s.controls['not-evaluated'];
  const manual = s.controls.manual;
  const notes: string[] = [];
  if (notEvaluated > 0) {
    notes.push(
      `${count(notEvaluated, 'control was', 'controls were')} not evaluated: they need evidence these manifests cannot give (a live cluster, control-plane or node files) or found nothing to check. They count neither as passed nor as failed.`,
    );
  }
  if (manual > 0) notes.push(`${count(manual, 'control needs', 'controls need')} manual review.`);
  if (report.manualChecks.length > 0) {
    notes.push(`${count(report.manualChecks.length, 'guidance recommendation is', 'guidance recommendations are')} on the manual checklist (\`kubeharden explain --manual\`).`);
  }
  if (notes.length > 0) closing.push(`> **Not evaluated.** ${notes.join(' ')}`, '');
  if (out.omitted > 0) {
    closing.push(
      `> **Truncated:** ${count(out.omitted, 'row')} left out to stay under GitHub's ${COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit; the SARIF or JSON report has everything.`,
      '',
    );
  }
  closing.push(`<sub>kubeharden ${cell(report.tool.version)} · fail on ${failOn} · ${count(report.controls.length, 'control')} selected</sub>`, '');
  return out.text() + closing.join('\n');
}

/** Lines added while they fit; what did not fit is counted for the truncation note. */
class Budget {
  private readonly lines: string[] = [];
  private length = 0;
  omitted = 0;

  constructor(private readonly limit: number) {}

  /** Adds the lines when all of them fit, and says whether they did. */
  add(...lines: string[]): boolean {
    const size = lines.reduce((n, l) => n + l.length + 1, 0);
    if (this.length + size > this.limit) return false;
    this.lines.push(...lines);
    this.length += size;
    return true;
  }

  /** A table's last row: how many rows of it were left out. */
  truncated(left: number, what: string): void {
    if (left <= 0) return;
    this.omitted += left;
    // The note is short and the budget keeps room for it beside the closing notes.
    this.lines.push(`| … | ${count(left, `more ${what}`)} not shown |`);
    this.length += 40;
  }

  text(): string {
    return this.lines.map((l) => `${l}\n`).join('');
  }
}

function coverage(report: ScanReport): [string, Record<ControlStatus, number>][] {
  const sections = new Map<string, Record<ControlStatus, number>>();
  for (const c of report.controls) {
    let counts = sections.get(c.section);
    if (!counts) sections.set(c.section, (counts = { passed: 0, failed: 0, 'not-evaluated': 0, manual: 0 }));
    counts[c.status]++;
  }
  return [...sections];
}

function suppressionText(f: Finding): string {
  const suppression = suppressionOf(f);
  return suppression ? `${suppression.by}: ${suppression.reason}` : 'unknown';
}

/** `file:line`, linked to the line when the context knows where files can be browsed. */
function where(f: Finding, ctx: ReporterContext): string {
  if (!f.location) return f.kubectl ? code(f.kubectl) : 'no position';
  const file = displayPath(f.location.file, ctx.cwd);
  const label = `${file}:${f.location.line}`;
  if (!ctx.linkBase || isAbsolutePath(file) || file.startsWith('<')) return code(label);
  const base = ctx.linkBase.endsWith('/') ? ctx.linkBase : `${ctx.linkBase}/`;
  const url = `${base}${file.split('/').map(encodeURIComponent).join('/')}#L${f.location.line}`;
  return `[${cell(label)}](${url})`;
}

/**
 * Text in a table cell: Markdown and HTML characters escaped, line breaks flattened, control characters
 * shown as `\uXXXX`, and long text shortened.
 */
export function cell(text: string): string {
  let t = text.replace(/\r\n?|\n|\u2028|\u2029/g, ' ');
  if (t.length > CELL_LIMIT) t = `${t.slice(0, CELL_LIMIT - 1)}…`;
  return t
    .replace(/[\u0000-\u001F\u007F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
    .replace(/[\\`*_{}[\]()<>#+!|~@-]/g, '\\$&')
    .replace(/&/g, '&amp;');
}

/** A code span that holds any text: fenced with more backticks than the text has in a row, pipes escaped for tables. */
export function code(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001F\u007F]/g, '\uFFFD');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = flat.startsWith('`') || flat.endsWith('`') ? ` ${flat} ` : flat;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}
