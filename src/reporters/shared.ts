// What the machine-readable reporters (SARIF, JUnit, Markdown, GitHub annotations, PolicyReport) share:
// control metadata beside the report, suppressions read defensively, findings grouped per control and
// resource, and the span of a located field.
import type { ControlDefinition } from '../core/control.js';
import type { ControlEntry, Finding, FindingLocation, ScanReport, WorkloadEntry } from '../core/report.js';
import type { ResourceRef } from '../core/resource.js';
import { severityRank, type Severity } from '../core/severity.js';
import { builtinControls } from '../controls/index.js';
import { controlInfos, type ControlInfo } from '../guidance/control-info.js';

/** Where the project lives; rule help links and the tool's information URI point here. */
export const PROJECT_URL = 'https://github.com/kubeharden/kubeharden';

/** The generated page of a control (docs/controls/<ID>.md), on the project's default branch. */
export function controlDocsUrl(id: string): string {
  return `${PROJECT_URL}/blob/main/docs/controls/${encodeURIComponent(id)}.md`;
}

const infoById = new Map(controlInfos(builtinControls).map((info) => [info.id, info]));
const targetById = new Map<string, ControlDefinition['target']>(builtinControls.map((c) => [c.meta.id as string, c.target]));

/** The catalog and implementation metadata of a control, when kubeharden knows it. */
export function controlInfo(id: string): ControlInfo | undefined {
  return infoById.get(id);
}

/** Kubernetes severity words are ours; `security-severity` scores follow GitHub's CVSS-like bands. */
export const securitySeverity: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export type UnderlyingStatus = 'failed' | 'warning';

/** What a finding was before it was suppressed (a suppressed finding keeps its original status apart). */
export function underlyingStatus(finding: Finding): UnderlyingStatus {
  if (finding.status === 'failed' || finding.status === 'warning') return finding.status;
  return finding.suppressedStatus === 'warning' ? 'warning' : 'failed';
}

export interface SuppressionInfo {
  /** Who suppressed it, as the report says: 'annotation', 'comment', 'config', 'exception', ... */
  readonly by: string;
  readonly reason: string;
  /** In the manifest itself (annotations, comments) or outside it (exceptions file, config). */
  readonly inSource: boolean;
  /** Extra fields an exceptions file may give (owner, expires, ...), as text. */
  readonly details: Readonly<Record<string, string>>;
}

const inSourceKinds = new Set(['annotation', 'annotations', 'comment', 'comments', 'inline']);

/**
 * A finding's suppression, read defensively: the exceptions work adds sources (comments, exception files)
 * and fields (owner, expires); anything unknown is kept as text rather than dropped or trusted.
 */
export function suppressionOf(finding: Finding): SuppressionInfo | undefined {
  if (finding.status !== 'suppressed') return undefined;
  const raw: unknown = finding.suppression;
  const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const by = typeof record['by'] === 'string' && record['by'] ? record['by'] : 'unknown';
  const reason = typeof record['reason'] === 'string' && record['reason'].trim() ? record['reason'] : 'no reason given';
  const details: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'by' || key === 'reason' || value === undefined || value === null) continue;
    details[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return { by, reason, inSource: inSourceKinds.has(by.toLowerCase()), details };
}

/** Identity of a resource within a report. */
export function resourceKey(ref: ResourceRef): string {
  return [ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name].join('\u0000');
}

/** The findings of one control on one resource: a JUnit test case, a PolicyReport result. */
export interface ControlResourceGroup {
  readonly controlId: string;
  readonly resource: ResourceRef;
  readonly findings: readonly Finding[];
  /** fail when any finding failed, else warn when any is a warning, else skip (all suppressed). */
  readonly outcome: 'fail' | 'warn' | 'skip';
}

/** Findings grouped by control, then by resource in report order (the report sorts by file and line). */
export function groupByControlAndResource(findings: readonly Finding[]): Map<string, ControlResourceGroup[]> {
  const byControl = new Map<string, Map<string, Finding[]>>();
  for (const finding of findings) {
    let byResource = byControl.get(finding.controlId);
    if (!byResource) byControl.set(finding.controlId, (byResource = new Map()));
    const key = resourceKey(finding.resource);
    let list = byResource.get(key);
    if (!list) byResource.set(key, (list = []));
    list.push(finding);
  }
  const groups = new Map<string, ControlResourceGroup[]>();
  for (const [controlId, byResource] of byControl) {
    groups.set(
      controlId,
      [...byResource.values()].map((list) => ({
        controlId,
        resource: (list[0] as Finding).resource,
        findings: list,
        outcome: list.some((f) => f.status === 'failed') ? 'fail' : list.some((f) => f.status === 'warning') ? 'warn' : 'skip',
      })),
    );
  }
  return groups;
}

/**
 * The workloads a control passed on, when the report can name them: workload controls run on every
 * workload and container controls on every workload with a container, and `workloads[]` lists them all,
 * so those without a finding of the control passed. For resource, namespace and cluster controls the
 * report only counts the evaluated resources: undefined.
 */
export function passedWorkloads(control: ControlEntry, report: ScanReport, findingResources: ReadonlySet<string>): WorkloadEntry[] | undefined {
  if (control.status !== 'passed' && control.status !== 'failed') return undefined;
  const target = targetById.get(control.id);
  if (target !== 'workload' && target !== 'container') return undefined;
  if (control.evaluated !== report.workloads.length) return undefined;
  return report.workloads.filter((w) => !findingResources.has(resourceKey(w.resource)));
}

/** Controls that failed, worst first: severity, then resources failed, then catalog order. */
export function failedControlsBySeverity(report: ScanReport): ControlEntry[] {
  return report.controls
    .map((control, order) => ({ control, order }))
    .filter(({ control }) => control.status === 'failed')
    .sort((a, b) => severityRank(b.control.severity) - severityRank(a.control.severity) || b.control.failed - a.control.failed || a.order - b.order)
    .map(({ control }) => control);
}

/** Whether a finding fails the report's gate (`--fail-on`): unsuppressed, failed, at or above the threshold. */
export function failsReportGate(finding: Finding, failOn: Severity | 'none'): boolean {
  return finding.status === 'failed' && failOn !== 'none' && severityRank(finding.severity) >= severityRank(failOn);
}

/** The last segment of a formatted path (`a.b[0]["x.y"]`): a key, an index, or undefined for the root. */
export function lastPathSegment(path: string): string | number | undefined {
  const quoted = /\["((?:[^"\\]|\\.)*)"\]$/.exec(path);
  if (quoted) {
    try {
      return JSON.parse(`"${quoted[1] as string}"`) as string;
    } catch {
      return undefined;
    }
  }
  const index = /\[(\d+)\]$/.exec(path);
  if (index) return Number(index[1]);
  const key = /(?:^|\.)([A-Za-z_][A-Za-z0-9_-]*)$/.exec(path);
  return key ? key[1] : undefined;
}

/**
 * The column just past the located field's key, when the location is the field itself: a located key is
 * written plain in YAML and quoted in JSON. Undefined when the span is unknown (a list item, or the nearest
 * parent of a missing field): consumers then take the rest of the line.
 */
export function keyEndColumn(location: FindingLocation, path: string): number | undefined {
  if (!location.exact) return undefined;
  const key = lastPathSegment(path);
  if (typeof key !== 'string' || key === '') return undefined;
  const quoted = /\.json$/i.test(location.file);
  return location.column + key.length + (quoted ? 2 : 0);
}

/** A file name as it should appear to CI tools: forward slashes, no leading `./`, relative to `cwd` when inside it. */
export function displayPath(file: string, cwd?: string): string {
  let path = file.replace(/\\/g, '/');
  if (cwd && isAbsolutePath(path)) {
    const base = cwd.replace(/\\/g, '/').replace(/\/+$/, '') + '/';
    if (path.startsWith(base)) path = path.slice(base.length);
  }
  while (path.startsWith('./')) path = path.slice(2);
  return path;
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

/** Plural-aware count: `1 finding`, `2 findings`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
