import type { Finding, ScanReport } from '../core/report.js';
import { formatRef } from '../core/resource.js';
import { severityRank } from '../core/severity.js';
import type { Reporter, ReporterContext } from './reporter.js';
import { controlInfo, displayPath, failsReportGate, keyEndColumn } from './shared.js';

type Level = 'error' | 'warning' | 'notice';

/**
 * GitHub Actions workflow commands that annotate the changed files of a run:
 * - `error` for a failed finding that fails the gate (`--fail-on`): these are why the job fails;
 * - `warning` for a failed finding below the gate, and for the catalog's "warn when" findings;
 * - suppressed findings are not annotated: someone has already reviewed them, and GitHub shows only
 *   the first 10 annotations of each level per step, which belong to open findings.
 * Errors come first, worst severity first, then a `notice` with the summary. Scan errors are `error`s.
 */
export const githubReporter: Reporter = {
  name: 'github',
  fileExtension: 'txt',
  *render(report, ctx) {
    const annotated = report.findings
      .filter((f) => f.status !== 'suppressed')
      .map((finding, order) => ({ finding, order, level: levelOf(finding, report) }))
      .sort((a, b) => levelRank[a.level] - levelRank[b.level] || severityRank(b.finding.severity) - severityRank(a.finding.severity) || a.order - b.order);
    let batch = '';
    for (const error of report.errors) {
      batch += command('error', { ...position(error.file, error.line, error.column, undefined, ctx), title: `kubeharden ${error.kind} error` }, error.message);
    }
    for (const { finding, level } of annotated) {
      batch += annotation(finding, level, ctx);
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    yield batch + command('notice', { title: 'kubeharden' }, summary(report));
  },
};

const levelRank: Record<Level, number> = { error: 0, warning: 1, notice: 2 };

function levelOf(finding: Finding, report: ScanReport): Level {
  return failsReportGate(finding, report.settings.failOn) ? 'error' : 'warning';
}

function annotation(finding: Finding, level: Level, ctx: ReporterContext): string {
  const title = `${finding.controlId} ${controlInfo(finding.controlId)?.title ?? finding.slug} (${finding.status === 'warning' ? 'warning, ' : ''}${finding.severity})`;
  const location = finding.location;
  const properties = location
    ? position(location.file, location.line, location.column, keyEndColumn(location, finding.path), ctx)
    : {};
  const message = [
    finding.message,
    `${formatRef(finding.resource)}: ${finding.path}${location ? '' : finding.kubectl ? ` (live object: ${finding.kubectl})` : ' (the object is not in the input)'}`,
    `Fix: ${finding.remediation}`,
  ].join('\n');
  return command(level, { ...properties, title }, message);
}

function position(
  file: string | undefined,
  line: number | undefined,
  column: number | undefined,
  endColumn: number | undefined,
  ctx: ReporterContext,
): Record<string, string | number | undefined> {
  if (file === undefined) return {};
  return {
    file: displayPath(file, ctx.cwd),
    line,
    ...(line !== undefined && column !== undefined ? { col: column } : {}),
    ...(line !== undefined && endColumn !== undefined ? { endLine: line, endColumn } : {}),
  };
}

function summary(report: ScanReport): string {
  const s = report.summary;
  const sev = s.findings.failedBySeverity;
  return [
    `Score ${s.score === null ? 'n/a' : `${s.score}%`}: ${s.controls.passed} controls passed, ${s.controls.failed} failed, ${s.controls['not-evaluated']} not evaluated, ${s.controls.manual} manual.`,
    `Findings: ${s.findings.failed} failed (critical ${sev.critical}, high ${sev.high}, medium ${sev.medium}, low ${sev.low}), ${s.findings.warning} warnings, ${s.findings.suppressed} suppressed; gate: fail on ${report.settings.failOn}.`,
  ].join('\n');
}

/** `::level key=value,...::message`, escaped as the workflow-command parser expects. */
export function command(level: Level, properties: Readonly<Record<string, string | number | undefined>>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

/** Message text: `%`, carriage return and line feed are percent-encoded (in that order: `%` first). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also encode `:` and `,`, which separate the command's parts. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
