import type { Finding, ScanReport } from '../../core/report.js';
import type { Severity } from '../../core/severity.js';
import type { ExcerptSource } from '../excerpts.js';

/**
 * The findings as the page's script reads them: repeated strings (controls, resources, files, excerpts)
 * are stored once and referred to by index, which keeps a 10k-finding report to a few megabytes.
 * Rows are arrays, not objects, for the same reason; the field order is the contract with client.ts.
 */
export interface FindingsModel {
  /** [id, title, severity, section, remediation] */
  readonly controls: ControlRow[];
  /** [kind, namespace ('' when none), name, apiVersion, file ('' when inferred)] */
  readonly resources: ResourceRow[];
  /** [control, resource, status, line (0: none), column, path, message, container, excerpt (-1: none), suppression, exact (1/0)] */
  readonly findings: FindingRow[];
  /** [file, firstLine, focusLine, lines, masked (1/0)] */
  readonly excerpts: ExcerptRow[];
  /** Namespace → findings in it, sorted by name ('' = cluster-scoped or not set). */
  readonly namespaces: ReadonlyMap<string, number>;
  readonly severityCounts: Readonly<Record<Severity, number>>;
  readonly statusCounts: Readonly<Record<Finding['status'], number>>;
  /** Control index → its findings. */
  readonly controlCounts: readonly number[];
}

type ControlRow = [string, string, Severity, string, string];
type ResourceRow = [string, string, string, string, string];
type FindingRow = [number, number, number, number, number, string, string, string, number, string, number];
type ExcerptRow = [string, number, number, readonly string[], number];

export const findingStatuses: readonly Finding['status'][] = ['failed', 'warning', 'suppressed'];

/** A Namespace object's findings belong to that namespace: filtering by a namespace shows them too. */
export function namespaceOf(resource: Finding['resource']): string {
  return resource.namespace ?? (resource.kind === 'Namespace' ? resource.name : '');
}

export function buildFindingsModel(report: ScanReport, excerpts: ExcerptSource | undefined): FindingsModel {
  const controls: ControlRow[] = [];
  const controlIndex = new Map<string, number>();
  // Controls with findings, in the report's (catalog) order, then any a finding names that the table lacks.
  const withFindings = new Set(report.findings.map((f) => f.controlId));
  const remediation = new Map<string, string>();
  for (const f of report.findings) if (!remediation.has(f.controlId)) remediation.set(f.controlId, f.remediation);
  for (const c of report.controls) {
    if (!withFindings.has(c.id)) continue;
    controlIndex.set(c.id, controls.length);
    controls.push([c.id, c.title, c.severity, c.section, remediation.get(c.id) ?? '']);
  }
  const resources: ResourceRow[] = [];
  const resourceIndex = new Map<string, number>();
  const excerptRows: ExcerptRow[] = [];
  const excerptIndex = new Map<string, number>();
  const namespaces = new Map<string, number>();
  const severityCounts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const statusCounts: Record<Finding['status'], number> = { failed: 0, warning: 0, suppressed: 0 };
  const findings: FindingRow[] = [];
  for (const f of report.findings) {
    let control = controlIndex.get(f.controlId);
    if (control === undefined) {
      controlIndex.set(f.controlId, (control = controls.length));
      controls.push([f.controlId, f.slug, f.severity, '', f.remediation]);
    }
    const namespace = namespaceOf(f.resource);
    // A live cluster object has no file: the command that fetches it stands where the file would.
    const file = f.location?.file ?? f.kubectl ?? '';
    const resourceKey = `${f.resource.apiVersion}\u0000${f.resource.kind}\u0000${namespace}\u0000${f.resource.name}\u0000${file}`;
    let resource = resourceIndex.get(resourceKey);
    if (resource === undefined) {
      resourceIndex.set(resourceKey, (resource = resources.length));
      resources.push([f.resource.kind, namespace, f.resource.name, f.resource.apiVersion, file]);
    }
    let excerpt = -1;
    if (f.location && excerpts) {
      const key = `${f.location.file}\u0000${f.location.line}\u0000${f.location.column}\u0000${f.resource.kind}`;
      const known = excerptIndex.get(key);
      if (known !== undefined) excerpt = known;
      else {
        const found = excerpts(f.location, f.resource);
        if (found) {
          excerpt = excerptRows.length;
          excerptRows.push([found.file, found.firstLine, found.focusLine, found.lines, found.masked ? 1 : 0]);
        }
        excerptIndex.set(key, excerpt);
      }
    }
    namespaces.set(namespace, (namespaces.get(namespace) ?? 0) + 1);
    severityCounts[f.severity]++;
    statusCounts[f.status]++;
    findings.push([
      control,
      resource,
      findingStatuses.indexOf(f.status),
      f.location?.line ?? 0,
      f.location?.column ?? 0,
      f.path,
      f.message,
      f.container ?? '',
      excerpt,
      f.suppression ? `${f.suppression.by === 'annotation' ? 'annotation' : 'configuration'}: ${f.suppression.reason}` : '',
      f.location?.exact === false ? 0 : 1,
    ]);
  }
  const controlCounts = controls.map(() => 0);
  for (const f of findings) controlCounts[f[0]] = (controlCounts[f[0]] ?? 0) + 1;
  return {
    controls,
    resources,
    findings,
    excerpts: excerptRows,
    namespaces: new Map([...namespaces].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    severityCounts,
    statusCounts,
    controlCounts,
  };
}
