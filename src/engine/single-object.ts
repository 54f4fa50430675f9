import type { ContainerControl, ControlContext, ControlDefinition, ControlReport, ResourceControl, WorkloadControl } from '../core/control.js';
import { formatPath } from '../core/path.js';
import type { Finding, ScanError } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import type { Severity } from '../core/severity.js';
import { controlNames, type ControlNames } from '../policy/control-names.js';
import { ExceptionTracker, type ExceptionSettings, type ResourceExceptions } from '../policy/tracker.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { podTemplateLocation, toWorkloadView } from '../normalize/workload.js';
import { ResourceIndex } from './resource-index.js';
import { effectiveNamespace, indexedKinds, selectedControls, toFinding, type ScanOptions } from './scan.js';

export interface SingleObjectOptions extends Pick<ScanOptions, 'controls' | 'settings' | 'only' | 'skip' | 'severityOverrides'> {
  /** Exceptions files and config rules, and whether annotations count; default: annotations only. */
  readonly exceptions?: ExceptionSettings;
  /** The clock exception expiry is judged by, asked per object; default: the current time. */
  readonly now?: () => Date;
}

/** The findings of one object judged alone, and the problems met (a bad exception annotation, a control that threw). */
export interface ObjectVerdict {
  readonly findings: Finding[];
  readonly errors: ScanError[];
}

/**
 * Judges objects one at a time, each alone with no other object in view: what an admission webhook
 * sees, one object per request. Everything that does not depend on the object is done once: the
 * selected controls, their dispatch by target and kind, and their preconditions on an empty index
 * (a control that cannot be judged without other objects, e.g. a cluster-wide inventory, never runs).
 * Namespace and cluster controls judge a whole input and never run here. Nothing is kept between
 * objects, so memory does not grow with the number judged.
 */
export class SingleObjectJudge {
  /** The controls that run on some object, in catalog order. */
  readonly controls: readonly ControlDefinition[];
  /** The selected controls that never run here, with why. */
  readonly notRun: ReadonlyMap<string, string>;
  private readonly ctx: ControlContext;
  private readonly containerControls: ContainerControl[] = [];
  private readonly workloadControls: WorkloadControl[] = [];
  private readonly resourceControls = new Map<string, ResourceControl[]>();
  private readonly workloadResourceControls: ResourceControl[] = [];
  private readonly severities = new Map<string, Severity>();
  private readonly names: ControlNames;
  private tracker: ExceptionTracker | undefined;
  private trackerDay = '';
  /** When the current UTC day ends: until then the tracker is reused without reading the clock's date. */
  private trackerUntil = 0;

  constructor(private readonly options: SingleObjectOptions) {
    const selected = selectedControls(options);
    this.ctx = { index: new ResourceIndex([], indexedKinds(selected)), settings: options.settings };
    this.names = controlNames(options.controls);
    const running: ControlDefinition[] = [];
    const notRun = new Map<string, string>();
    for (const control of selected) {
      const id = control.meta.id;
      this.severities.set(id, options.severityOverrides?.get(id) ?? control.meta.severity);
      if (control.target === 'namespace' || control.target === 'cluster') {
        notRun.set(id, `judges ${control.target === 'namespace' ? 'each namespace' : 'the cluster'} from the whole input, not one object`);
        continue;
      }
      const verdict = control.precondition?.(this.ctx);
      if (verdict) {
        notRun.set(id, verdict.reason);
        continue;
      }
      running.push(control);
      if (control.target === 'container') this.containerControls.push(control);
      else if (control.target === 'workload') this.workloadControls.push(control);
      else {
        for (const kind of control.kinds) this.resourceControls.set(kind, [...(this.resourceControls.get(kind) ?? []), control]);
        if (control.workloads) this.workloadResourceControls.push(control);
      }
    }
    this.controls = running;
    this.notRun = notRun;
  }

  /** Whether some control judges objects of this kind (`group/Kind`) that have no pod template. */
  judgesKind(kind: string): boolean {
    return this.resourceControls.has(kind);
  }

  /** The findings of one object; the resource should have no `source` (findings then have no location). */
  judge(resource: Resource): ObjectVerdict {
    const { ctx } = this;
    const findings: Finding[] = [];
    const errors: ScanError[] = [];
    const kind = kindKey(resource.ref.apiVersion, resource.ref.kind);
    const location = podTemplateLocation(resource, ctx.settings.podTemplates);
    const view = location && toWorkloadView(resource, location);
    const tracker = this.exceptionTracker();
    const target = tracker.forResource(resource, effectiveNamespace(resource, view !== undefined), view ? view.podMetadataPath : undefined);
    try {
      errors.push(...tracker.takeErrors());
      const run = (control: ControlDefinition, container: string | undefined, reports: () => Iterable<ControlReport<string>>): void =>
        this.run(control, resource, tracker, target, container, reports, findings, errors);
      if (view) {
        for (const control of this.workloadControls) run(control, undefined, () => control.check(view, ctx));
        for (const control of this.containerControls) {
          for (const container of view.containers) run(control, container.name, () => control.check(container, ctx));
        }
      }
      const byKind = this.resourceControls.get(kind);
      for (const control of byKind ?? []) run(control, undefined, () => control.check(resource, ctx));
      if (view) {
        for (const control of this.workloadResourceControls) {
          if (!byKind?.includes(control)) run(control, undefined, () => control.check(resource, ctx));
        }
      }
    } finally {
      tracker.release(resource);
    }
    return { findings, errors };
  }

  private run(
    control: ControlDefinition,
    resource: Resource,
    tracker: ExceptionTracker,
    target: ResourceExceptions,
    container: string | undefined,
    reports: () => Iterable<ControlReport<string>>,
    findings: Finding[],
    errors: ScanError[],
  ): void {
    const id = control.meta.id;
    try {
      for (const report of reports()) {
        // Only namespace and cluster controls give a finding to another resource, and they do not run here.
        if (report.subject && report.subject !== resource) continue;
        const findingContainer = report.container ?? container;
        const suppression = tracker.suppress(target, id, findingContainer, undefined);
        const path = formatPath(report.path);
        findings.push(toFinding(control, this.severities.get(id) as Severity, resource, findingContainer, report, undefined, path, suppression, false));
      }
    } catch (error) {
      errors.push({
        kind: 'internal',
        controlId: id,
        resource: resource.ref,
        message: `control ${id} failed on this resource: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  /** Exceptions expire by the UTC day: the tracker is rebuilt when the day changes, so a long-running judge sees them expire. */
  private exceptionTracker(): ExceptionTracker {
    if (this.tracker && !this.options.now && Date.now() < this.trackerUntil) return this.tracker;
    const now = this.options.now?.() ?? new Date();
    const day = now.toISOString().slice(0, 10);
    this.trackerUntil = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
    if (!this.tracker || day !== this.trackerDay) {
      this.tracker = new ExceptionTracker(this.options.exceptions ?? { rules: [], inline: true }, now, this.names, {
        ofPath: () => undefined,
        ofLine: () => {
          throw new Error('an object judged alone has no file');
        },
      });
      this.trackerDay = day;
    }
    return this.tracker;
  }
}
