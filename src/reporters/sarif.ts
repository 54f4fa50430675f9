import { pathToFileURL } from 'node:url';
import type { ControlEntry, Finding, FindingFix, ScanError, ScanReport } from '../core/report.js';
import { formatRef } from '../core/resource.js';
import type { Severity } from '../core/severity.js';
import { findingFingerprint } from '../core/fingerprint.js';
import { plainText } from '../guidance/explain.js';
import type { Reporter, ReporterContext } from './reporter.js';
import {
  controlDocsUrl,
  controlInfo,
  displayPath,
  isAbsolutePath,
  keyEndColumn,
  PROJECT_URL,
  securitySeverity,
  suppressionOf,
  underlyingStatus,
} from './shared.js';

/** The base that relative artifact URIs are resolved against: the scan's working directory (the repository). */
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'kubeharden/v1';

type Level = 'error' | 'warning' | 'note';

/** A failed finding's level follows its severity; the catalog's "warn when" findings are notes for review. */
const failedLevel: Readonly<Record<Severity, Level>> = { critical: 'error', high: 'error', medium: 'warning', low: 'warning' };

interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export type { FindingFix } from '../core/report.js';

/**
 * SARIF 2.1.0 for GitHub and GitLab code scanning. One rule per control, one result per finding;
 * suppressed findings are results with `suppressions`. Findings about objects that are not in the input
 * (a Namespace named only by its members, the cluster as a whole) have no position of their own: code
 * scanning needs a file, so they are shown at the first workload of their namespace (or the first
 * scanned file, line 1), and `properties.located` is false.
 */
export const sarifReporter: Reporter = {
  name: 'sarif',
  fileExtension: 'sarif',
  *render(report, ctx) {
    const rules = ruleControls(report);
    const ruleIndex = new Map(rules.map((control, i) => [control.id, i]));
    const anchors = new Anchors(report, ctx);
    const run: Record<string, unknown> = {
      tool: {
        driver: {
          name: 'kubeharden',
          version: report.tool.version,
          semanticVersion: report.tool.version,
          informationUri: PROJECT_URL,
          rules: rules.map(rule),
        },
      },
      invocations: [invocation(report.errors, ctx)],
      ...(ctx.cwd ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(ctx.cwd) } } } : {}),
      columnKind: 'utf16CodeUnits',
      properties: {
        score: report.summary.score,
        failOn: report.settings.failOn,
        pssVersion: report.settings.pssVersion,
        controls: report.summary.controls,
      },
    };
    // The results are streamed in, one per line, where the marker stands in the run.
    const marker = '\u0000results\u0000';
    const document = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [{ ...run, results: marker }] };
    const [before, after] = JSON.stringify(document, null, 2).split(JSON.stringify(marker)) as [string, string];
    yield `${before}[`;
    let batch = '';
    for (let i = 0; i < report.findings.length; i++) {
      const finding = report.findings[i] as Finding;
      batch += `${i === 0 ? '\n' : ',\n'}        ${JSON.stringify(result(finding, ruleIndex.get(finding.controlId) ?? 0, anchors, ctx))}`;
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}${report.findings.length > 0 ? '\n      ' : ''}]${after}\n`;
  },
};

/** Implemented controls of the report, in catalog order, plus any control a finding names. */
function ruleControls(report: ScanReport): ControlEntry[] {
  const rules = report.controls.filter((c) => c.slug !== undefined);
  const known = new Set(rules.map((c) => c.id));
  for (const finding of report.findings) {
    if (known.has(finding.controlId)) continue;
    known.add(finding.controlId);
    const entry = report.controls.find((c) => c.id === finding.controlId);
    rules.push(
      entry ?? {
        id: finding.controlId,
        slug: finding.slug,
        title: finding.controlId,
        section: '',
        severity: finding.severity,
        status: 'failed',
        evaluated: 0,
        failed: 0,
      },
    );
  }
  return rules;
}

function rule(control: ControlEntry): Record<string, unknown> {
  const info = controlInfo(control.id);
  const title = control.title;
  const rationale = info?.rationale ?? title;
  const remediation = info?.remediation ?? '';
  const guidance = info?.guidance ?? '';
  const docs = controlDocsUrl(control.id);
  const tags = ['security', 'kubernetes', 'nsa-cisa-hardening'];
  if (info?.family) tags.push(`nsa-${info.family.toLowerCase()}`);
  if (control.section) tags.push(control.section);
  const pssLevel = /^(baseline|restricted)\b/.exec(info?.pss ?? '')?.[1];
  if (pssLevel) tags.push(`pss-${pssLevel}`);
  if (info?.heuristic) tags.push('heuristic');
  const guidanceText = guidance ? `NSA/CISA Kubernetes Hardening Guidance v1.2, ${control.section}: ${plainText(guidance)}.` : '';
  const helpText = [
    remediation && `Remediation: ${plainText(remediation)}`,
    `Why: ${plainText(rationale)}`,
    guidanceText && `Guidance: ${guidanceText}`,
    `Documentation: ${docs} (or run: kubeharden explain ${control.id})`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const helpMarkdown = [
    `**${control.id}: ${title}** (${control.severity})`,
    remediation && `**Remediation.** ${remediation}`,
    `**Why it matters.** ${rationale}`,
    guidance && `**Guidance.** NSA/CISA Kubernetes Hardening Guidance v1.2, ${control.section}: ${guidance}.`,
    `[Control documentation](${docs}) · \`kubeharden explain ${control.id}\``,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    id: control.id,
    ...(control.slug ? { name: control.slug } : {}),
    shortDescription: { text: title },
    fullDescription: { text: plainText(rationale) },
    help: { text: helpText, markdown: helpMarkdown },
    helpUri: docs,
    defaultConfiguration: { level: failedLevel[control.severity] },
    properties: {
      'security-severity': securitySeverity[control.severity],
      severity: control.severity,
      precision: info?.heuristic ? 'medium' : 'high',
      tags,
    },
  };
}

function result(finding: Finding, ruleIndex: number, anchors: Anchors, ctx: ReporterContext): Record<string, unknown> {
  const status = underlyingStatus(finding);
  const suppression = suppressionOf(finding);
  const location = finding.location;
  const physicalLocation = location
    ? { artifactLocation: artifactLocation(location.file, ctx), region: fieldRegion(location, finding.path) }
    : anchors.forFinding(finding);
  const fixes = sarifFixes(finding, ctx);
  return {
    ruleId: finding.controlId,
    ruleIndex,
    level: status === 'warning' ? 'note' : failedLevel[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        ...(physicalLocation ? { physicalLocation } : {}),
        logicalLocations: [
          {
            name: finding.resource.name,
            fullyQualifiedName: `${formatRef(finding.resource)}${finding.container ? `/${finding.container}` : ''}`,
            kind: 'object',
            properties: {
              apiVersion: finding.resource.apiVersion,
              kind: finding.resource.kind,
              ...(finding.resource.namespace !== undefined ? { namespace: finding.resource.namespace } : {}),
              ...(finding.container !== undefined ? { container: finding.container } : {}),
              path: finding.path,
            },
          },
        ],
      },
    ],
    // Kustomize's rendered stream is no file a viewer could open: only Helm's is worth a related location.
    ...(location?.rendered?.by === 'helm'
      ? {
          relatedLocations: [
            {
              id: 1,
              message: { text: 'Where the finding sits in the rendered Helm output.' },
              physicalLocation: {
                artifactLocation: artifactLocation(location.rendered.file, ctx),
                region: { startLine: location.rendered.line, startColumn: location.rendered.column },
              },
            },
          ],
        }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(finding) },
    ...(suppression
      ? {
          suppressions: [
            {
              kind: suppression.inSource ? 'inSource' : 'external',
              status: 'accepted',
              justification: suppression.reason,
              properties: { by: suppression.by, ...suppression.details },
            },
          ],
        }
      : {}),
    ...(fixes ? { fixes } : {}),
    properties: {
      status: finding.status,
      severity: finding.severity,
      located: location !== undefined,
      ...(location ? { exact: location.exact } : {}),
      // A live cluster object has no file: this fetches it.
      ...(finding.kubectl ? { kubectl: finding.kubectl } : {}),
    },
  };
}

function fieldRegion(location: NonNullable<Finding['location']>, path: string): SarifRegion {
  const endColumn = keyEndColumn(location, path);
  return {
    startLine: location.line,
    startColumn: location.column,
    ...(endColumn !== undefined ? { endLine: location.line, endColumn } : {}),
  };
}

/** A relative file becomes a URI relative to %SRCROOT%; a file outside the working directory keeps its absolute file URI. */
function artifactLocation(file: string, ctx: ReporterContext): { uri: string; uriBaseId?: string } {
  const path = displayPath(file, ctx.cwd);
  if (isAbsolutePath(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * Where code scanning shows a finding that has no position: the first workload of its namespace (for a
 * Namespace that is not in the input), else the first file of the scan at line 1.
 */
class Anchors {
  private readonly byNamespace = new Map<string, { file: string; line: number }>();
  private readonly first: { file: string; line: number } | undefined;

  constructor(report: ScanReport, private readonly ctx: ReporterContext) {
    for (const workload of report.workloads) {
      const namespace = workload.resource.namespace;
      if (namespace !== undefined && workload.location && !this.byNamespace.has(namespace)) {
        this.byNamespace.set(namespace, { file: workload.location.file, line: workload.location.line });
      }
    }
    const located = report.findings.find((f) => f.location)?.location ?? report.workloads.find((w) => w.location)?.location;
    this.first = located ? { file: located.file, line: 1 } : undefined;
  }

  forFinding(finding: Finding): Record<string, unknown> | undefined {
    const ref = finding.resource;
    const anchor = (ref.kind === 'Namespace' ? this.byNamespace.get(ref.name) : undefined) ?? this.first;
    if (!anchor) return undefined;
    return { artifactLocation: artifactLocation(anchor.file, this.ctx), region: { startLine: anchor.line } };
  }
}

function invocation(errors: readonly ScanError[], ctx: ReporterContext): Record<string, unknown> {
  return {
    executionSuccessful: errors.length === 0,
    ...(errors.length > 0
      ? {
          toolExecutionNotifications: errors.map((error) => ({
            level: 'error',
            descriptor: { id: error.kind === 'internal' ? 'internal-error' : 'input-error' },
            message: { text: error.message },
            ...(error.file
              ? {
                  locations: [
                    {
                      physicalLocation: {
                        artifactLocation: artifactLocation(error.file, ctx),
                        ...(error.line ? { region: { startLine: error.line, ...(error.column ? { startColumn: error.column } : {}) } } : {}),
                      },
                    },
                  ],
                }
              : {}),
            ...(error.controlId ? { associatedRule: { id: error.controlId } } : {}),
          })),
        }
      : {}),
  };
}

/** SARIF `fixes` for a finding that carries an automatic fix; suggestions and fixes without edits have none. */
export function sarifFixes(finding: Finding, ctx: ReporterContext): Record<string, unknown>[] | undefined {
  const fix = finding.fix;
  if (!fix || fix.suggestion !== undefined || !Array.isArray(fix.replacements) || fix.replacements.length === 0) return undefined;
  const byFile = new Map<string, FindingFix['replacements'][number][]>();
  for (const replacement of fix.replacements) {
    const file = replacement.file ?? finding.location?.file;
    if (file === undefined) return undefined;
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push(replacement);
  }
  return [
    {
      description: { text: fix.description },
      artifactChanges: [...byFile].map(([file, replacements]) => ({
        artifactLocation: artifactLocation(file, ctx),
        replacements: replacements.map((r) => ({
          deletedRegion: { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn },
          insertedContent: { text: r.text },
        })),
      })),
    },
  ];
}
