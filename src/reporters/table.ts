import type { ControlStatus, Finding, ScanReport } from '../core/report.js';
import { formatRef } from '../core/resource.js';
import type { Severity } from '../core/severity.js';
import { clusterSummary } from './cluster-summary.js';
import type { Reporter } from './reporter.js';

const ansi = { red: 31, yellow: 33, blue: 34, magenta: 35, green: 32, dim: 2, bold: 1 } as const;
type Style = keyof typeof ansi;

const severityStyle: Record<Severity, Style> = { critical: 'magenta', high: 'red', medium: 'yellow', low: 'blue' };

/** The default output: findings grouped by file and sorted by line, then a short summary. */
export const tableReporter: Reporter = {
  name: 'table',
  fileExtension: 'txt',
  *render(report, ctx) {
    const paint = (style: Style, text: string): string => (ctx.color ? `\u001b[${ansi[style]}m${text}\u001b[0m` : text);
    const out: string[] = [];
    const live = report.cluster;
    if (live) {
      const summary = clusterSummary(live);
      out.push(paint('bold', summary.heading));
      out.push(paint('dim', `  ${summary.read}`));
      if (summary.owned) out.push(`  ${summary.owned}`);
      for (const line of summary.refused) out.push(paint('red', `  ${line}`));
      out.push('');
    }
    const byFile = new Map<string, Finding[]>();
    for (const finding of report.findings) {
      const file = finding.location?.file ?? (finding.kubectl && report.cluster ? `cluster ${report.cluster.context} (${report.cluster.server})` : '(cluster)');
      let list = byFile.get(file);
      if (!list) byFile.set(file, (list = []));
      list.push(finding);
    }
    for (const [file, findings] of byFile) {
      out.push(paint('bold', file));
      for (const f of findings) {
        const position = f.location ? `${f.location.line}:${f.location.column}` : '-';
        const status = f.status === 'failed' ? paint(severityStyle[f.severity], f.severity.padEnd(8)) : paint('dim', f.status.padEnd(8));
        out.push(`  ${position.padEnd(8)} ${status} ${f.controlId.padEnd(12)} ${formatRef(f.resource)}  ${f.message}`);
        out.push(paint('dim', `  ${''.padEnd(8)} ${''.padEnd(8)} ${''.padEnd(12)} ${f.path}${f.suppression ? `  (suppressed: ${f.suppression.reason})` : ''}`));
        if (f.kubectl) out.push(paint('dim', `  ${''.padEnd(8)} ${''.padEnd(8)} ${''.padEnd(12)} ${f.kubectl}`));
      }
      out.push('');
    }
    const failedControls = report.controls.filter((c) => c.status === 'failed');
    if (failedControls.length > 0) {
      out.push(paint('bold', 'Failed controls'));
      for (const c of failedControls) {
        const remediation = report.findings.find((f) => f.controlId === c.id)?.remediation ?? '';
        out.push(`  ${paint(severityStyle[c.severity], c.severity.padEnd(8))} ${c.id.padEnd(12)} ${c.title} (${c.failed} of ${c.evaluated} resources)`);
        if (remediation) out.push(paint('dim', `  ${''.padEnd(8)} ${''.padEnd(12)} fix: ${remediation}`));
      }
      out.push('');
    }
    out.push(...riskyPermissionLines(report, paint));
    if (report.errors.length > 0) {
      out.push(paint('bold', 'Errors'));
      for (const e of report.errors) {
        const where = [e.file, e.line, e.column].filter((x) => x !== undefined).join(':');
        out.push(`  ${paint('red', e.kind === 'internal' ? 'internal' : 'input')}  ${where ? where + '  ' : ''}${e.message}`);
      }
      out.push('');
    }
    out.push(...summaryLines(report, paint), '', ...coverageLines(report, paint));
    yield out.join('\n') + '\n';
  },
};

/** At most this many risky grants are listed; the JSON report has them all. */
const RISKY_LISTED = 15;

/** Who holds risky RBAC permissions, outside the admin allow-list: counts per risk, then the grants. */
function riskyPermissionLines(report: ScanReport, paint: (s: Style, t: string) => string): string[] {
  const section = report.riskyPermissions;
  if (!section) return [];
  const open = section.permissions.filter((p) => !p.allowListed);
  if (open.length === 0 && section.unknownRoles.length === 0) return [];
  const lines = [paint('bold', 'Risky permissions (RBAC, outside the admin allow-list)')];
  const counts = Object.entries(section.counts).filter(([, n]) => n > 0);
  if (counts.length > 0) lines.push(`  ${counts.map(([risk, n]) => `${risk} ${n}`).join(', ')}`);
  for (const p of open.slice(0, RISKY_LISTED)) {
    const subject = `${p.subject.kind} ${p.subject.namespace ? `${p.subject.namespace}/` : ''}${p.subject.name}`;
    lines.push(`  ${p.title.padEnd(28)} ${subject}: ${p.permission} (${p.scope}) via ${p.binding.kind} ${p.binding.name} → ${p.role.kind} ${p.role.name}`);
  }
  if (open.length > RISKY_LISTED) lines.push(paint('dim', `  … and ${open.length - RISKY_LISTED} more (riskyPermissions in the JSON report; kubeharden who-can VERB RESOURCE)`));
  if (section.unknownRoles.length > 0) {
    lines.push(paint('dim', `  ${section.unknownRoles.length} binding(s) reference a role that is neither in the input nor built in: what they grant is unknown.`));
  }
  lines.push('');
  return lines;
}

function summaryLines(report: ScanReport, paint: (s: Style, t: string) => string): string[] {
  const s = report.summary;
  const sev = s.findings.failedBySeverity;
  const lines = [
    `Scanned ${s.resources} resource${s.resources === 1 ? '' : 's'} (${s.workloads} workload${s.workloads === 1 ? '' : 's'}).`,
    `Findings: ${paint(s.findings.failed ? 'red' : 'green', `${s.findings.failed} failed`)} (critical ${sev.critical}, high ${sev.high}, medium ${sev.medium}, low ${sev.low}), ${s.findings.warning} warnings, ${s.findings.suppressed} suppressed.`,
    `Controls: ${s.controls.passed} passed, ${s.controls.failed} failed, ${s.controls['not-evaluated']} not evaluated, ${s.controls.manual} manual. Score: ${s.score === null ? 'n/a' : s.score + '%'}.`,
    `Pod Security Standards (${report.settings.pssVersion}): ${s.pssLevels.restricted} restricted, ${s.pssLevels.baseline} baseline, ${s.pssLevels.privileged} privileged.`,
  ];
  const unknown = Object.entries(s.unknownKinds);
  if (unknown.length > 0) lines.push(`Kinds without controls (kept, counted): ${unknown.map(([k, n]) => `${k} ${n}`).join(', ')}.`);
  const unjudged = Object.entries(s.unjudgedContainerKinds ?? {});
  if (unjudged.length > 0) {
    lines.push(
      paint('yellow', `Containers no pod control judged, outside any known pod template: ${unjudged.map(([k, n]) => `${k} ${n}`).join(', ')} (name the template with --pod-template group/Kind=path).`),
    );
  }
  if (s.errors.input + s.errors.internal > 0) {
    lines.push(paint('red', `Errors: ${s.errors.input} input, ${s.errors.internal} internal: the scan is incomplete.`));
  }
  return lines;
}

/** Passed controls as a share of judged (passed + failed) ones, as the summary's score computes it. */
function score(passed: number, failed: number): string {
  return passed + failed === 0 ? 'n/a' : `${Math.round((passed / (passed + failed)) * 1000) / 10}%`;
}

/** Control coverage per guidance section, then how many recommendations need a manual check. */
function coverageLines(report: ScanReport, paint: (s: Style, t: string) => string): string[] {
  const sections = new Map<string, Record<ControlStatus, number>>();
  for (const c of report.controls) {
    let counts = sections.get(c.section);
    if (!counts) sections.set(c.section, (counts = { passed: 0, failed: 0, 'not-evaluated': 0, manual: 0 }));
    counts[c.status]++;
  }
  const lines: string[] = [];
  if (sections.size > 0) {
    const nameWidth = Math.max(...[...sections.keys()].map((k) => k.length)) + 2;
    const columns = ['passed', 'failed', 'not evaluated', 'manual', 'score'];
    lines.push(paint('bold', `${'Coverage by guidance section'.padEnd(nameWidth + 2)}${columns.map((c) => c.padStart(c.length + 2)).join('')}`));
    for (const [section, counts] of sections) {
      const cells = [counts.passed, counts.failed, counts['not-evaluated'], counts.manual, score(counts.passed, counts.failed)];
      const row = cells.map((value, i) => {
        const text = String(value).padStart((columns[i] as string).length + 2);
        return i === 1 && counts.failed > 0 ? paint('red', text) : text;
      });
      lines.push(`  ${section.padEnd(nameWidth)}${row.join('')}`);
    }
  }
  const manual = report.manualChecks.length;
  if (manual > 0) {
    lines.push(
      `Manual checks: ${manual} guidance recommendation${manual === 1 ? '' : 's'} no scan can prove; run \`kubeharden explain --manual\` for the checklist (manualChecks in the JSON report).`,
    );
  }
  return lines;
}

