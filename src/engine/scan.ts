import type {
  ClusterControl,
  ClusterView,
  ContainerControl,
  ControlContext,
  ControlDefinition,
  ControlReport,
  ControlVerdict,
  NamespaceControl,
  NamespaceView,
  ResourceControl,
  Tally,
  WorkloadControl,
} from '../core/control.js';
import type { ControlFix } from '../core/fix.js';
import { formatPath, type Path } from '../core/path.js';
import type {
  ControlEntry,
  Finding,
  FindingFix,
  FindingLocation,
  ImageEntry,
  ScanError,
  ScanReport,
  Summary,
  Suppression,
  WorkloadEntry,
} from '../core/report.js';
import { REPORT_SCHEMA_VERSION } from '../core/report.js';
import { findingFingerprint } from '../core/fingerprint.js';
import { DEFAULT_NAMESPACE, inferredCluster, kubectlCommand, inferredNamespace, type Resource, type SourceDocument } from '../core/resource.js';
import type { Severity } from '../core/severity.js';
import { asString, detach } from '../core/values.js';
import type { Baseline } from '../policy/baseline.js';
import { controlNames } from '../policy/control-names.js';
import { evaluateGate, failsOn } from '../policy/gate.js';
import { complianceScore, sectionScores } from '../policy/score.js';
import { ExceptionTracker, type ExceptionSettings, type ResourceExceptions } from '../policy/tracker.js';
import { catalog, manualChecks } from '../guidance/catalog.js';
import { riskyPermissions } from '../rbac/report.js';
import { NODE_SCAN } from '../node/kinds.js';
import type { CatalogEntry, Scope } from '../guidance/types.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { podTemplateLocation, toWorkloadView, type WorkloadView } from '../normalize/workload.js';
import { describeFieldTypeError, fieldTypeErrors, type FieldTypeError } from '../normalize/field-types.js';
import { holdsContainers } from '../normalize/container-holders.js';
import { firstContentLine } from '../parse/document.js';
import { locateInTemplate } from '../parse/helm.js';
import { locateInSources } from '../parse/kustomize-origins.js';
import { Locator } from '../parse/locate.js';
import { evaluatePodSecurity, formatPssVersion } from '../pss/evaluate.js';
import { ResourceIndex } from './resource-index.js';
import { isClusterComponent } from './whole-cluster.js';
import type { ScanSettings } from './settings.js';
import { imageRegistry } from '../core/images.js';
import { ImageVulnerabilityCollector } from '../vuln/report-section.js';

export const TOOL_VERSION = '0.1.0';

export interface ScanOptions {
  readonly controls: readonly ControlDefinition[];
  readonly settings: ScanSettings;
  /** When set, only these control IDs run. */
  readonly only?: ReadonlySet<string>;
  readonly skip?: ReadonlySet<string>;
  readonly failOn: Severity | 'none';
  /** Errors met while loading and parsing, carried into the report. */
  readonly loadErrors?: readonly ScanError[];
  /** Severity per control ID, in place of the catalog's (configuration `controls.severity`). */
  readonly severityOverrides?: ReadonlyMap<string, Severity>;
  /** Exceptions files, and whether annotations and comments count; default: annotations and comments only. */
  readonly exceptions?: ExceptionSettings;
  /** The clock exception expiry is judged by; default: the current time. Tests inject a fixed one. */
  readonly now?: Date;
  /** An earlier report: findings it had are marked `baseline` and do not fail the gate. */
  readonly baseline?: Baseline;
  /** Gate: the overall score must reach this percentage. */
  readonly minScore?: number;
  /** Gate: every workload must reach this Pod Security Standards level. */
  readonly pssLevel?: 'baseline' | 'restricted';
  /**
   * Called for each finding whose control proposes a fix (src/fix); what it returns is attached to the
   * finding as `fix`. Without it, fixes are not worked out (they cost a parse of the document).
   */
  readonly onFix?: (finding: Finding, resource: Resource, fix: ControlFix, ctx: ControlContext) => FindingFix | undefined;
  /** Kinds kept whole in the index whatever the controls look up: what `onFix` needs to know of the input. */
  readonly indexAlso?: readonly string[];
  /**
   * Live cluster scans: kinds the API server refused to list, with why (naming the missing permission).
   * A control that needs one (to judge, to look up, or every workload kind for pod controls) is not
   * evaluated; `Scanner.markUnreadable` adds kinds found unreadable while the scan streams.
   */
  readonly unreadableKinds?: ReadonlyMap<string, UnreadableKind>;
  /**
   * Live cluster scans: kinds read completely (or known not to exist there), so that none of them means
   * there are none (in files, an absent kind proves nothing). Controls see it as `ctx.listedKinds`.
   */
  readonly listedKinds?: ReadonlySet<string>;
  /**
   * Whether the input is a whole cluster, in place of the guess from kube-system workloads: a complete
   * live cluster scan is; one restricted by namespace, label or kind is not, for the reason given.
   */
  readonly clusterScope?: { readonly whole: true } | { readonly whole: false; readonly reason: string };
}

/** A kind the scan could not read. */
export interface UnreadableKind {
  /** Why, naming the permission: `list secrets (core) at cluster scope: forbidden`. */
  readonly reason: string;
  /** The kind has pod templates: every pod control needs it. */
  readonly workload?: boolean;
  /** Only these controls (IDs) lack it, although others read the kind too (a kubelet's configz). */
  readonly controls?: ReadonlySet<string>;
}

export { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from '../policy/inline.js';


/** Scans parsed resources: a pure function of its inputs. */
export function scan(resources: readonly Resource[], options: ScanOptions): ScanReport {
  const scanner = new Scanner(resources, options);
  for (const resource of resources) scanner.add(resource);
  return scanner.finish();
}

/** The controls a scan runs, after --controls and --skip-controls. */
export function selectedControls(options: Pick<ScanOptions, 'controls' | 'only' | 'skip'>): ControlDefinition[] {
  return options.controls.filter((c) => (!options.only || options.only.has(c.meta.id)) && !options.skip?.has(c.meta.id));
}

/** The kinds the selected controls look up: the only ones kept in memory for the whole scan. */
export function indexedKinds(controls: readonly ControlDefinition[]): Set<string> {
  const kinds = new Set(controls.flatMap((c) => c.reads ?? []));
  if (controls.some((c) => c.target === 'namespace')) kinds.add(NAMESPACE_KIND);
  return kinds;
}

const NAMESPACE_KIND = '/Namespace';

/** What the index of a scan keeps: the kinds the selected controls look up, and `indexAlso` whole. */
export function scanIndexPlan(options: Pick<ScanOptions, 'controls' | 'only' | 'skip' | 'indexAlso'>): {
  readonly kinds: Set<string>;
  readonly filters: Map<string, (resource: Resource) => boolean>;
  readonly textFilters: Map<string, readonly RegExp[]>;
} {
  const controls = selectedControls(options);
  const kinds = indexedKinds(controls);
  const filters = indexFilters(controls);
  const textFilters = indexTextFilters(controls);
  for (const kind of options.indexAlso ?? []) {
    kinds.add(kind);
    filters.delete(kind);
    textFilters.delete(kind);
  }
  return { kinds, filters, textFilters };
}


/**
 * Per indexed kind, which resources the controls need: a kind some control reads whole is kept whole;
 * otherwise a resource is kept when any reading control's `readsOnly` filter wants it.
 */
export function indexFilters(controls: readonly ControlDefinition[]): Map<string, (resource: Resource) => boolean> {
  const filters = new Map<string, ((resource: Resource) => boolean)[]>();
  const whole = new Set<string>();
  for (const control of controls) {
    for (const kind of control.reads ?? []) {
      const only = control.readsOnly?.[kind];
      if (only) filters.set(kind, [...(filters.get(kind) ?? []), only]);
      else whole.add(kind);
    }
  }
  const out = new Map<string, (resource: Resource) => boolean>();
  for (const [kind, list] of filters) if (!whole.has(kind)) out.set(kind, (r) => list.some((f) => f(r)));
  return out;
}

/**
 * Per indexed kind whose every reading control gives a `readsOnlyText` pattern: the patterns, one of which
 * the text of a document must match to be worth parsing for the index. Kinds read whole are absent.
 */
export function indexTextFilters(controls: readonly ControlDefinition[]): Map<string, readonly RegExp[]> {
  const patterns = new Map<string, RegExp[]>();
  const whole = new Set<string>();
  for (const control of controls) {
    for (const kind of control.reads ?? []) {
      const pattern = control.readsOnly?.[kind] ? control.readsOnlyText?.[kind] : undefined;
      const known = patterns.get(kind) ?? [];
      if (!pattern) whole.add(kind);
      else if (!known.some((p) => p.source === pattern.source && p.flags === pattern.flags)) patterns.set(kind, [...known, pattern]);
    }
  }
  for (const kind of whole) patterns.delete(kind);
  return patterns;
}

/**
 * A scan that streams: the index of looked-up kinds is built first, then resources are added one at a
 * time and each is judged, located and let go, so memory holds the index and the report, not the input.
 */
export class Scanner {
  private readonly ctx: ControlContext;
  private readonly errors: ScanError[];
  private readonly coverage = new Map<string, Coverage>();
  private readonly containerControls: ContainerControl[] = [];
  private readonly workloadControls: WorkloadControl[] = [];
  private readonly observers: ControlDefinition[] = [];
  private readonly resourceControls = new Map<string, ResourceControl[]>();
  private readonly workloadResourceControls: ResourceControl[] = [];
  private readonly namespaceControls: NamespaceControl[] = [];
  private readonly clusterControls: ClusterControl[] = [];
  /** Namespaces named by the input, with the number of workloads in each. */
  private readonly namespaces = new Map<string, number>();
  /** kube-system workloads every cluster runs (DNS, kube-proxy, the mirror pods of the control plane): the input is a whole cluster. */
  private clusterComponents = 0;
  private readonly locator = new Locator();
  private readonly workloadLocator = new Locator();
  private readonly findings: Finding[] = [];
  private readonly texts = new TextPool();
  private readonly workloads: WorkloadEntry[] = [];
  private readonly images = new Map<string, number>();
  /** Which workloads run which image, when vulnerability evidence was supplied. */
  private readonly imageVulnerabilities: ImageVulnerabilityCollector | undefined;
  private readonly resourcesByKind: Record<string, number> = {};
  private readonly unknownKinds: Record<string, number> = {};
  /** Of those, kinds whose objects hold containers in no pod template the scanner knows. */
  private readonly unjudgedContainerKinds: Record<string, number> = {};
  private readonly knownKinds: Set<string>;
  private resources = 0;
  private readonly unreadable = new Map<string, UnreadableKind>();
  /** The input is one node's files (`scan --node`), whatever its kube-system static pods suggest. */
  private nodeScan = false;
  private readonly exceptions: ExceptionTracker;
  /** The exceptions of the resource (or namespace, or cluster) being judged. */
  private current: ResourceExceptions | undefined;

  /** `indexed`: every resource of the scan, or at least those of the kinds the controls read. */
  constructor(
    indexed: Iterable<Resource>,
    private readonly options: ScanOptions,
  ) {
    const controls = selectedControls(options);
    const plan = scanIndexPlan(options);
    const index = new ResourceIndex(indexed, plan.kinds, plan.filters);
    this.knownKinds = kindsWithControls(options.controls);
    this.ctx = { index, settings: options.settings, ...(options.listedKinds ? { listedKinds: options.listedKinds } : {}) };
    for (const [kind, info] of options.unreadableKinds ?? []) this.unreadable.set(kind, info);
    this.errors = [...(options.loadErrors ?? [])];
    this.imageVulnerabilities = options.settings.vulnerabilities ? new ImageVulnerabilityCollector(options.settings.vulnerabilities) : undefined;
    this.exceptions = new ExceptionTracker(options.exceptions ?? { rules: [], inline: true }, options.now ?? new Date(), controlNames(options.controls), {
      ofPath: (resource, path) => locateFinding(resource, path, this.locator),
      ofLine: (document, line) => toLocation(document, line, 1, true),
    });
    for (const control of controls) {
      const verdict = options.listedKinds && control.live ? { status: 'not-evaluated' as const, reason: control.live.notEvaluated } : this.guard(control, undefined, () => control.precondition?.(this.ctx));
      this.coverage.set(control.meta.id, { evaluated: 0, failed: new Set<string>(), tally: new Map(), ...(verdict ? { verdict } : {}) });
      if (verdict) continue;
      if (control.observe) this.observers.push(control);
      if (control.target === 'container') this.containerControls.push(control);
      else if (control.target === 'workload') this.workloadControls.push(control);
      else if (control.target === 'namespace') this.namespaceControls.push(control);
      else if (control.target === 'cluster') this.clusterControls.push(control);
      else {
        for (const kind of control.kinds) this.resourceControls.set(kind, [...(this.resourceControls.get(kind) ?? []), control]);
        if (control.workloads) this.workloadResourceControls.push(control);
      }
    }
  }

  /** Judges one resource: its findings are located now, while its document is at hand. */
  add(resource: Resource): void {
    try {
      this.judge(resource);
    } catch (error) {
      // Not a control's error (those are caught per control): the engine could not read this resource.
      this.errors.push(internalError(error, 'this resource could not be judged', resource));
    }
  }

  private judge(resource: Resource): void {
    const { ctx } = this;
    const kind = kindKey(resource.ref.apiVersion, resource.ref.kind);
    this.resources++;
    if (kind === NODE_SCAN) this.nodeScan = true;
    this.resourcesByKind[resource.ref.kind] = (this.resourcesByKind[resource.ref.kind] ?? 0) + 1;
    const location = podTemplateLocation(resource, ctx.settings.podTemplates);
    for (const problem of fieldTypeErrors(resource.object, location)) this.errors.push(this.fieldTypeError(resource, problem));
    const view = location && toWorkloadView(resource, location);
    if (!view && !this.knownKinds.has(kind)) this.unknownKinds[resource.ref.kind] = (this.unknownKinds[resource.ref.kind] ?? 0) + 1;
    // A kind other controls read (Prometheus, for the metrics-stack heuristic) can still hold containers no pod control judges.
    if (!view && holdsContainers(resource.object)) this.unjudgedContainerKinds[resource.ref.kind] = (this.unjudgedContainerKinds[resource.ref.kind] ?? 0) + 1;
    const namespace = effectiveNamespace(resource, view !== undefined);
    if (namespace !== undefined) this.namespaces.set(namespace, (this.namespaces.get(namespace) ?? 0) + (view ? 1 : 0));
    if (view && isClusterComponent(view)) this.clusterComponents++;
    this.current = this.exceptions.forResource(resource, namespace, view ? view.podMetadataPath : undefined);
    this.errors.push(...this.exceptions.takeErrors());
    if (view) {
      for (const control of this.workloadControls) {
        this.coverageOf(control).evaluated++;
        this.runCheck(control, resource, undefined, view);
      }
      if (view.containers.length > 0) {
        for (const control of this.containerControls) {
          this.coverageOf(control).evaluated++;
          for (const container of view.containers) this.runCheck(control, resource, container.name, container);
        }
      }
      for (const control of this.observers) this.guard(control, resource, () => control.observe?.(view, this.coverageOf(control).tally));
      this.workloads.push(workloadEntry(view, ctx.settings, this.workloadLocator));
      const images = new Set(view.containers.map((c) => asString(c.spec['image'])).filter((i): i is string => !!i));
      for (const image of images) this.images.set(image, (this.images.get(image) ?? 0) + 1);
      this.imageVulnerabilities?.add(view);
    }
    const byKind = this.resourceControls.get(kind);
    for (const control of byKind ?? []) {
      this.coverageOf(control).evaluated++;
      this.runCheck(control, resource, undefined, resource);
    }
    if (view) {
      for (const control of this.workloadResourceControls) {
        if (byKind?.includes(control)) continue;
        this.coverageOf(control).evaluated++;
        this.runCheck(control, resource, undefined, resource);
      }
    }
  }

  /** A kind the scan could not read after all: the controls that need it are not evaluated. */
  markUnreadable(kind: string, info: UnreadableKind): void {
    this.unreadable.set(kind, info);
  }

  /** An input error met while the scan streams (a document that does not parse). */
  addError(error: ScanError): void {
    this.errors.push(error);
  }

  /** Judges what only the whole input can tell: each namespace, then the cluster. */
  private judgeNamespacesAndCluster(): void {
    const { ctx } = this;
    const indexed = ctx.index.kinds.has(NAMESPACE_KIND);
    const views: NamespaceView[] = [...this.namespaces]
      .sort(([a], [b]) => compareText(a, b))
      .map(([name, workloads]) => {
        const resource = indexed ? ctx.index.get(NAMESPACE_KIND, undefined, name) : undefined;
        return { name, workloads, system: ctx.settings.systemNamespaces.includes(name), ...(resource ? { resource } : {}) };
      });
    for (const view of views) {
      const owner = view.resource ?? inferredNamespace(view.name);
      this.current = this.exceptions.forResource(owner, view.name, undefined);
      for (const control of this.namespaceControls) {
        this.coverageOf(control).evaluated++;
        this.run(control, owner, undefined, () => control.check(view, ctx));
      }
    }
    // A node scan holds that node's static pods in kube-system, yet it is one node, not a cluster.
    const scope = this.options.clusterScope;
    const cluster: ClusterView = {
      namespaces: views,
      wholeCluster: scope ? scope.whole : !this.nodeScan && this.clusterComponents > 0,
    };
    for (const control of this.clusterControls) {
      const entry = this.coverageOf(control);
      const verdict =
        this.resources === 0
          ? emptyInput
          : control.wholeClusterOnly && !cluster.wholeCluster
            ? scope && !scope.whole
              ? { status: 'not-evaluated' as const, reason: `a cluster-wide heuristic: ${scope.reason}` }
              : this.nodeScan
                ? oneNode
                : notWholeCluster
            : this.guard(control, inferredCluster, () => control.applies?.(cluster, ctx, entry.tally));
      if (verdict) {
        this.coverage.set(control.meta.id, { ...entry, verdict });
        continue;
      }
      entry.evaluated++;
      this.current = this.exceptions.forResource(inferredCluster, undefined, undefined);
      this.run(control, inferredCluster, undefined, () => control.check(cluster, ctx, entry.tally));
    }
    this.errors.push(...this.exceptions.takeErrors());
  }

  /** The report of everything added. */
  finish(): ScanReport {
    const { findings, errors, options } = this;
    this.judgeNamespacesAndCluster();
    for (const control of selectedControls(options)) {
      const entry = this.coverageOf(control);
      const verdict = this.unreadableVerdict(control) ?? entry.verdict ?? this.guard(control, undefined, () => control.conclude?.(entry.tally, this.ctx));
      if (verdict) this.coverage.set(control.meta.id, { ...entry, verdict });
    }
    sortFindings(findings);
    const controls = controlEntries(options, this.coverage, findings);
    errors.sort((a, b) => compareText(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
    const images = [...this.images]
      .map(([image, count]) => ({ image: detach(image), registry: detach(imageRegistry(image)), workloads: count }))
      .sort((a, b) => compareText(a.image, b.image));
    const summary = summarize(this.resources, this.resourcesByKind, this.unknownKinds, this.unjudgedContainerKinds, findings, controls, this.workloads, errors);
    const risky = riskyPermissions(this.ctx.index, options.settings);
    const gate = evaluateGate(
      { findings, workloads: this.workloads, summary },
      { failOn: options.failOn, ...(options.minScore !== undefined ? { minScore: options.minScore } : {}), ...(options.pssLevel ? { pssLevel: options.pssLevel } : {}) },
      options.baseline,
    );
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'kubeharden', version: TOOL_VERSION },
      settings: {
        pssVersion: formatPssVersion(options.settings.pssVersion),
        failOn: options.failOn,
        ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
        ...(options.pssLevel ? { pssLevel: options.pssLevel } : {}),
        ...(options.baseline ? { baseline: options.baseline.file } : {}),
        inlineExceptions: options.exceptions?.inline ?? true,
      },
      gate,
      findings,
      workloads: this.workloads,
      controls,
      manualChecks,
      ...(risky ? { riskyPermissions: risky } : {}),
      images,
      ...(this.imageVulnerabilities ? { vulnerabilities: this.imageVulnerabilities.report() } : {}),
      errors,
      warnings: this.exceptions.warnings(),
      exceptions: this.exceptions.entries(),
      summary,
    };
  }

  /** Not evaluated when a kind the control needs could not be read, naming every such kind. */
  private unreadableVerdict(control: ControlDefinition): ControlVerdict | undefined {
    if (this.unreadable.size === 0) return undefined;
    const needs = new Set([...(control.target === 'resource' ? control.kinds : []), ...(control.reads ?? [])]);
    const onWorkloads = control.target === 'container' || control.target === 'workload' || control.observe !== undefined || (control.target === 'resource' && control.workloads === true);
    const reasons: string[] = [];
    for (const [kind, info] of this.unreadable) {
      if (info.controls && !info.controls.has(control.meta.id)) continue;
      if (needs.has(kind) || (onWorkloads && info.workload)) reasons.push(info.reason);
    }
    if (reasons.length === 0) return undefined;
    return { status: 'not-evaluated', reason: `the scan could not read what the control needs: ${reasons.join('; ')}` };
  }

  /** An input error at a field whose type Kubernetes would reject (see field-types.ts). */
  private fieldTypeError(resource: Resource, problem: FieldTypeError): ScanError {
    const location = locateFinding(resource, problem.path, this.locator);
    return {
      kind: 'input',
      ...(location ? { file: location.file, line: location.line, column: location.column } : {}),
      resource: resource.ref,
      message: describeFieldTypeError(problem, formatPath),
    };
  }

  /**
   * Runs a control's hook other than check: a throw becomes an internal error of the control (and
   * resource), and a verdict-returning hook then leaves the control not evaluated.
   */
  private guard<T>(control: ControlDefinition, resource: Resource | undefined, hook: () => T): T | ControlVerdict {
    try {
      return hook();
    } catch (error) {
      this.errors.push(internalError(error, `control ${control.meta.id} failed`, resource, control));
      return { status: 'not-evaluated', reason: `internal error in the control: ${errorText(error)}` };
    }
  }

  private coverageOf(control: ControlDefinition): Coverage {
    return this.coverage.get(control.meta.id) as Coverage;
  }

  /**
   * `run` for the checks called once per resource, workload or container: the subject is passed rather
   * than closed over, since a large scan makes hundreds of thousands of these calls.
   */
  private runCheck<S>(
    control: { readonly check: (subject: S, ctx: ControlContext) => Iterable<ControlReport<string>> } & ControlDefinition,
    resource: Resource,
    container: string | undefined,
    subject: S,
  ): void {
    let reports: Iterable<ControlReport<string>>;
    try {
      reports = control.check(subject, this.ctx);
    } catch (error) {
      this.errors.push(internalError(error, `control ${control.meta.id} failed on this resource`, resource, control));
      return;
    }
    this.run(control, resource, container, reports);
  }

  private run(control: ControlDefinition, resource: Resource, container: string | undefined, reports: Iterable<ControlReport<string>> | (() => Iterable<ControlReport<string>>)): void {
    try {
      for (const report of typeof reports === 'function' ? reports() : reports) {
        const owner = report.subject ?? resource;
        let target = this.current;
        if (!target || target.resource !== owner) {
          const template = podTemplateLocation(owner, this.ctx.settings.podTemplates);
          target = this.exceptions.forResource(owner, effectiveNamespace(owner, template !== undefined), template?.metadata);
          this.errors.push(...this.exceptions.takeErrors());
        }
        const findingContainer = report.container ?? container;
        const location = locateFinding(owner, report.path, this.locator);
        const path = this.texts.share(formatPath(report.path));
        const suppression = this.exceptions.suppress(target, control.meta.id, findingContainer, location);
        const inBaseline =
          !suppression &&
          this.options.baseline !== undefined &&
          this.options.baseline.fingerprints.has(
            findingFingerprint({ controlId: control.meta.id, resource: owner.ref, container: findingContainer, path, messageId: report.messageId }),
          );
        const severity = this.options.severityOverrides?.get(control.meta.id) ?? control.meta.severity;
        const finding = toFinding(control, severity, owner, findingContainer, report, location, path, suppression, inBaseline, this.texts.share);
        const fix = report.fix && this.options.onFix?.(finding, owner, report.fix, this.ctx);
        this.findings.push(fix ? { ...finding, fix } : finding);
        if (finding.status === 'failed') this.coverageOf(control).failed.add(owner.id);
      }
    } catch (error) {
      this.errors.push(internalError(error, `control ${control.meta.id} failed on this resource`, resource, control));
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An internal-error entry: which control failed, on which resource, and why (never a stack: it goes in reports). */
function internalError(error: unknown, what: string, resource?: Resource, control?: ControlDefinition): ScanError {
  const file = resource?.source?.document.file;
  return {
    kind: 'internal',
    ...(control ? { controlId: control.meta.id } : {}),
    ...(resource ? { resource: resource.ref } : {}),
    ...(file !== undefined ? { file } : {}),
    message: `${what}: ${errorText(error)}`,
  };
}

const emptyInput: ControlVerdict = { status: 'not-evaluated', reason: 'the input holds no resources' };

const oneNode: ControlVerdict = {
  status: 'not-evaluated',
  reason: "a cluster-wide heuristic: a node scan reads one node's files (scan a cluster, or a dump of one)",
};

const notWholeCluster: ControlVerdict = {
  status: 'not-evaluated',
  reason:
    'a cluster-wide heuristic: the input holds none of the kube-system workloads every cluster runs (DNS, kube-proxy, the mirror pods of the control plane), so it does not look like a whole cluster (scan a cluster, or a dump of one)',
};

/** Per control: resources it was evaluated on, resources it failed on, or why it was not run. */
interface Coverage {
  evaluated: number;
  readonly failed: Set<string>;
  readonly tally: Tally;
  readonly verdict?: ControlVerdict;
}

/** Deterministic report order: file, line, column (or the live object), control, path. */
function sortFindings(findings: Finding[]): void {
  findings.sort(
    (a, b) =>
      compareText(a.location?.file ?? '', b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
      // Live objects have no file: their order is by object, whatever order the lists arrived in.
      compareText(a.kubectl ?? '', b.kubectl ?? '') ||
      compareText(a.controlId, b.controlId) ||
      compareText(a.path, b.path) ||
      (a.kubectl !== undefined ? compareText(a.container ?? '', b.container ?? '') || compareText(a.message, b.message) : 0),
  );
}

/** Code-point order: deterministic across locales, and far cheaper than localeCompare on large reports. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toFinding(
  control: ControlDefinition,
  severity: Severity,
  resource: Resource,
  container: string | undefined,
  report: ControlReport<string>,
  location: FindingLocation | undefined,
  path: string,
  suppression: Suppression | undefined,
  baseline: boolean,
  share: (text: string) => string = detach,
): Finding {
  const { meta } = control;
  const template = (meta.messages as Record<string, string>)[report.messageId] ?? report.messageId;
  const status = report.status ?? 'failed';
  // Optional fields are written as undefined rather than spread in: JSON leaves them out, and the
  // hundreds of thousands of findings of a large scan are built without temporary objects.
  return {
    controlId: meta.id,
    slug: meta.slug,
    severity,
    status: suppression ? 'suppressed' : status,
    suppressedStatus: suppression ? status : undefined,
    resource: resource.ref,
    container,
    location,
    path,
    messageId: report.messageId,
    message: share(interpolate(template, report.data, container)),
    remediation: meta.remediation,
    suppression,
    baseline: baseline ? true : undefined,
    kubectl: resource.origin.type === 'cluster' ? kubectlCommand(resource) : undefined,
  };
}

/**
 * One copy of each path and message text of a scan's findings: a large scan repeats the same few thousand
 * (`spec.template.spec.containers[0].securityContext.runAsNonRoot`, the same message for the same
 * container name), and half a million findings each holding their own copy cost tens of megabytes.
 * Bounded, since texts come from the input.
 */
class TextPool {
  private readonly texts = new Map<string, string>();

  /** The pooled copy of a text; a new text is pooled as a copy (see `detach`), so it may be a slice of anything. */
  share = (text: string): string => {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    if (this.texts.size >= MAX_POOLED_TEXTS) this.texts.clear();
    const copy = detach(text);
    this.texts.set(copy, copy);
    return copy;
  };
}

const MAX_POOLED_TEXTS = 100_000;

/** Message templates split once into text and `{{placeholder}}` parts. */
const compiledTemplates = new Map<string, readonly string[]>();

/** Fills `{{name}}` placeholders from the report's data (and the container name); unknown ones stay visible. */
function interpolate(template: string, data: ControlReport<string>['data'], container: string | undefined): string {
  let parts = compiledTemplates.get(template);
  if (!parts) compiledTemplates.set(template, (parts = template.split(/\{\{\s*(\w+)\s*\}\}/)));
  if (parts.length === 1) return template;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (i % 2 === 0) {
      out += part;
      continue;
    }
    const value = data?.[part] ?? (part === 'container' ? container : undefined);
    out += value === undefined ? `{{${part}}}` : String(value);
  }
  return out; // a chain of pieces, some from the input: toFinding keeps a copy
}

/**
 * Where a field of a resource is, in the file the user would edit: the chart template found on disk for
 * Helm output, the base or overlay patch for Kustomize output (both keep the rendered position), else
 * the file that was read.
 */
export function locateFinding(resource: Resource, path: Path, locator: Locator): FindingLocation | undefined {
  const source = resource.source;
  if (!source) return undefined;
  const position = locator.locate(source.document, source.itemPath.length ? [...source.itemPath, ...path] : path);
  const template = source.document.renderedTemplate;
  if (template && source.itemPath.length === 0) {
    const found = locateInTemplate(template, resource.ref.kind, resource.object, path);
    if (found) return { file: template.path, ...found, rendered: { file: source.document.file, line: position.line, column: position.column, by: 'helm' } };
  }
  const madeFrom = source.document.madeFrom;
  if (madeFrom && source.itemPath.length === 0) {
    const found = locateInSources(madeFrom, resource.object, path, locator.sourcesLocator);
    if (found) return { ...found, rendered: { file: source.document.file, line: position.line, column: position.column, by: 'kustomize' } };
  }
  return toLocation(source.document, position.line, position.column, position.exact);
}

/** A position in a document as reported: Helm-rendered documents are attributed to their template. */
function toLocation(document: SourceDocument, line: number, column: number, exact: boolean): FindingLocation {
  if (document.renderedFrom && document.renderedStartLine !== undefined) {
    return {
      file: document.renderedFrom,
      line: Math.max(1, line - document.renderedStartLine + 1),
      column,
      exact,
      rendered: { file: document.file, line, column, by: 'helm' },
    };
  }
  return { file: document.file, line, column, exact };
}

function workloadEntry(workload: WorkloadView, settings: ScanSettings, locator: Locator): WorkloadEntry {
  const result = evaluatePodSecurity(workload.podMetadata, workload.podSpec, settings.pssVersion);
  const toResourcePath = (path: Path): Path =>
    path[0] === 'metadata' ? [...workload.podMetadataPath, ...path.slice(1)] : [...workload.podSpecPath, ...path.slice(1)];
  const source = workload.resource.source;
  return {
    resource: workload.resource.ref,
    ...(source ? { location: documentStart(workload.resource, locator) } : {}),
    pss: {
      version: result.version,
      level: result.level,
      violations: result.violations.map((v) => ({
        level: v.level,
        check: v.check,
        path: formatPath(toResourcePath(v.path)),
        message: detach(v.message),
      })),
    },
  };
}

/** Where a resource starts; most resources are whole documents, found without parsing positions. */
function documentStart(resource: Resource, locator: Locator): FindingLocation | undefined {
  const source = resource.source;
  if (!source) return undefined;
  if (source.itemPath.length > 0 || source.document.madeFrom || source.document.renderedTemplate) return locateFinding(resource, [], locator);
  return toLocation(source.document, firstContentLine(source.document), 1, true);
}

const scopeEvidence: Record<Scope, string> = {
  M: 'manifests',
  L: 'a live cluster (scope L)',
  CP: 'control-plane configuration files (scope CP)',
  N: 'node files such as the kubelet configuration (scope N)',
  B: 'build files such as Dockerfiles (scope B)',
  CL: 'cloud provider APIs (scope CL)',
};

function controlEntries(
  options: ScanOptions,
  coverage: ReadonlyMap<string, Coverage>,
  findings: readonly Finding[],
): ControlEntry[] {
  const implemented = new Map(options.controls.map((c) => [c.meta.id as string, c]));
  const warningCounts = new Map<string, number>();
  for (const f of findings) if (f.status === 'warning') warningCounts.set(f.controlId, (warningCounts.get(f.controlId) ?? 0) + 1);
  const entries: ControlEntry[] = [];
  for (const entry of catalog as readonly CatalogEntry[]) {
    if (options.only && !options.only.has(entry.id)) continue;
    if (options.skip?.has(entry.id)) continue;
    const control = implemented.get(entry.id);
    const base = {
      id: entry.id,
      title: control?.meta.title ?? entry.title,
      section: entry.section,
      severity: options.severityOverrides?.get(entry.id) ?? control?.meta.severity ?? entry.severity,
      ...(control ? { slug: control.meta.slug } : {}),
    };
    const result = coverage.get(entry.id);
    if (!control || !result) {
      const needs = entry.scope.filter((s) => s !== 'M').map((s) => scopeEvidence[s]);
      const reason = entry.scope.includes('M')
        ? 'not implemented for manifests in this version'
        : `needs evidence from ${needs.join(' or ')}`;
      entries.push({ ...base, status: 'not-evaluated', reason, evaluated: 0, failed: 0 });
      continue;
    }
    if (result.verdict) {
      entries.push({ ...base, ...result.verdict, evaluated: 0, failed: 0 });
      continue;
    }
    const evaluated = result.evaluated;
    if (evaluated === 0) {
      const what =
        control.target === 'resource'
          ? [...control.kinds.map((k) => k.split('/')[1]), ...(control.workloads ? ['workloads'] : [])].join(', ')
          : control.target === 'namespace'
            ? 'namespaces'
            : 'workloads';
      entries.push({ ...base, status: 'not-evaluated', reason: `no ${what} in the input`, evaluated: 0, failed: 0 });
      continue;
    }
    const failed = result.failed.size;
    const warnings = warningCounts.get(entry.id) ?? 0;
    entries.push({
      ...base,
      status: failed > 0 ? 'failed' : 'passed',
      ...(warnings > 0 ? { reason: `${warnings} warning${warnings > 1 ? 's' : ''} for review` } : {}),
      evaluated,
      failed,
    });
  }
  return entries;
}

function summarize(
  resources: number,
  resourcesByKind: Readonly<Record<string, number>>,
  unknownKinds: Readonly<Record<string, number>>,
  unjudgedContainerKinds: Readonly<Record<string, number>>,
  findings: readonly Finding[],
  controls: readonly ControlEntry[],
  workloadEntries: readonly WorkloadEntry[],
  errors: readonly ScanError[],
): Summary {
  const failedBySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  let failed = 0;
  let warning = 0;
  let suppressed = 0;
  let baseline = 0;
  for (const f of findings) {
    if (f.status === 'suppressed') suppressed++;
    else if (f.baseline) baseline++;
    else if (f.status === 'failed') {
      failed++;
      failedBySeverity[f.severity]++;
    } else warning++;
  }
  const controlCounts = { passed: 0, failed: 0, 'not-evaluated': 0, manual: 0 };
  for (const c of controls) controlCounts[c.status]++;
  const pssLevels = { privileged: 0, baseline: 0, restricted: 0 };
  for (const w of workloadEntries) pssLevels[w.pss.level]++;
  return {
    resources,
    resourcesByKind,
    unknownKinds,
    ...(Object.keys(unjudgedContainerKinds).length > 0 ? { unjudgedContainerKinds } : {}),
    workloads: workloadEntries.length,
    findings: { failed, warning, suppressed, baseline, failedBySeverity },
    controls: controlCounts,
    score: complianceScore(controlCounts.passed, controlCounts.failed),
    sections: sectionScores(controls),
    pssLevels,
    errors: {
      input: errors.filter((e) => e.kind === 'input').length,
      internal: errors.filter((e) => e.kind === 'internal').length,
    },
  };
}

/**
 * The namespace a resource is in: its own name for a Namespace, `default` for a workload or a namespaced
 * kind without metadata.namespace, undefined for cluster-scoped objects.
 */
export function effectiveNamespace(resource: Resource, workload = false): string | undefined {
  const kind = kindKey(resource.ref.apiVersion, resource.ref.kind);
  if (kind === NAMESPACE_KIND) return resource.ref.name;
  return resource.ref.namespace || (workload || namespacedKinds.has(kind) ? DEFAULT_NAMESPACE : undefined);
}

/** Namespaced kinds that a manifest may leave without a namespace: they land in `default`. */
const namespacedKinds = new Set([
  '/ServiceAccount', '/Service', '/ConfigMap', '/Secret', '/LimitRange', '/ResourceQuota', '/PersistentVolumeClaim',
  '/Endpoints', 'networking.k8s.io/NetworkPolicy', 'networking.k8s.io/Ingress', 'extensions/Ingress',
  'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/RoleBinding', 'policy/PodDisruptionBudget',
  'autoscaling/HorizontalPodAutoscaler', 'cilium.io/CiliumNetworkPolicy', 'gateway.networking.k8s.io/Gateway',
  'gateway.networking.k8s.io/HTTPRoute', 'security.istio.io/PeerAuthentication',
]);

/**
 * The kinds some control judges or looks up, beyond workloads: any other kind in the input is counted
 * as a kind without controls (kept, never dropped).
 */
function kindsWithControls(controls: readonly ControlDefinition[]): Set<string> {
  const kinds = indexedKinds(controls);
  for (const control of controls) if (control.target === 'resource') for (const kind of control.kinds) kinds.add(kind);
  return kinds;
}

/**
 * Whether the report's findings fail a CI gate at the given threshold: failures at or above it that are
 * neither suppressed nor in the baseline. `report.gate` is the whole verdict (score, Pod Security level too).
 */
export function failsGate(report: ScanReport, failOn: Severity | 'none'): boolean {
  return report.findings.some((f) => failsOn(f, failOn));
}

