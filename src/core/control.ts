import type { ControlId } from '../guidance/catalog.js';
import type { ControlFix } from './fix.js';
import type { Path } from './path.js';
import type { Resource } from './resource.js';
import type { Severity } from './severity.js';
import type { ContainerView, WorkloadView } from '../normalize/workload.js';
import type { ResourceIndex } from '../engine/resource-index.js';
import type { ScanSettings } from '../engine/settings.js';

export interface ControlMeta<M extends string> {
  readonly id: ControlId;
  /** Kebab-case, equals the file name; users may write it instead of the ID. */
  readonly slug: string;
  readonly title: string;
  readonly section: string;
  /** Guidance section and page of the NSA/CISA text the control implements. */
  readonly guidance: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly remediation: string;
  /** Message templates; `{{name}}` placeholders are filled from a report's data. */
  readonly messages: Readonly<Record<M, string>>;
  /** True when the control is a heuristic rather than an exact reading of the guidance. */
  readonly heuristic?: boolean;
  /** A compliant manifest (YAML) that passes the control, shown by `kubeharden explain` and in the docs. */
  readonly example?: string;
  /** The file name the example is read as when it is not a YAML manifest (`Dockerfile`): it picks the parser. */
  readonly exampleFile?: string;
  /** Settings the example is judged with, when the defaults cannot judge it (e.g. a trusted-registry list). */
  readonly exampleSettings?: Partial<ScanSettings>;
  /** True when kubeharden can rewrite a failing manifest to pass the control (`kubeharden fix`): its reports carry `fix`. Default false. */
  readonly fixable?: boolean;
  /**
   * True when the evidence is only what a node scan reads from the disk (file modes and owners): a scan
   * of manifests never evaluates the control, so its example cannot show a pass.
   */
  readonly nodeFilesOnly?: boolean;
}

export interface ControlReport<M extends string> {
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string | number | undefined>>;
  /** The offending field, or where a missing field belongs, from the root of the resource. */
  readonly path: Path;
  /** 'warning' for the catalog's "warn when" and "for review" conditions. */
  readonly status?: 'warning';
  /** For workload controls that judge one container: its name (container controls get it set for them). */
  readonly container?: string;
  /**
   * For namespace and cluster controls: the resource the finding belongs to, when it is not the namespace
   * (or the cluster) itself, for example the DaemonSet of a log agent that is not ready. `path` is then
   * relative to it.
   */
  readonly subject?: Resource;
  /** Patch ops on the same resource (from its root) that make this finding go away; see core/fix.ts. */
  readonly fix?: ControlFix;
}

/** Why a control gives no pass or fail on this input: not-evaluated (evidence missing) or manual (for review). */
export interface ControlVerdict {
  readonly status: 'not-evaluated' | 'manual';
  readonly reason: string;
}

export interface ControlContext {
  readonly index: ResourceIndex;
  readonly settings: ScanSettings;
  /**
   * Set by live cluster scans: the kinds read completely (or known not to exist), for which an empty
   * index is evidence that there are none. In files an absent kind proves nothing.
   */
  readonly listedKinds?: ReadonlySet<string>;
}

/** Counts a control keeps while the scan streams past, for inventories given as a verdict at the end. */
export type Tally = Map<string, number>;

interface ControlBase<M extends string> {
  readonly meta: ControlMeta<M>;
  /**
   * Kinds (`group/Kind`, core group empty) the control looks up in the index. Only these kinds are
   * kept in memory for the whole scan; everything else streams past once.
   */
  readonly reads?: readonly string[];
  /**
   * For some of the `reads` kinds: which of their resources the control needs, so that the index keeps only
   * those (the control-plane Pods among every Pod). Kinds without a filter are kept whole.
   */
  readonly readsOnly?: Readonly<Record<string, (resource: Resource) => boolean>>;
  /**
   * For some of the `readsOnly` kinds: a pattern the text of every document that filter keeps contains,
   * so that the index pass leaves the others unparsed. It must be a necessary condition: a document
   * the filter could keep always matches (escapes in quoted YAML included).
   */
  readonly readsOnlyText?: Readonly<Record<string, RegExp>>;
  /** Called for every workload, to count what the verdict at the end reports (an inventory). */
  readonly observe?: (workload: WorkloadView, tally: Tally) => void;
  /** After every subject was seen: a not-evaluated or manual verdict with the inventory, or undefined. */
  readonly conclude?: (tally: Tally, ctx: ControlContext) => ControlVerdict | undefined;
  /**
   * Returns why the control cannot be judged from this input (for example: no trusted registry list
   * configured), or undefined when it can. A control that cannot be judged is not-evaluated, never passed.
   */
  readonly precondition?: (ctx: ControlContext) => ControlVerdict | undefined;
  /**
   * Set when the control cannot judge a live cluster's objects, with why (apiVersions: the API server
   * serves every object at the version it is asked for). A cluster scan reads nothing for it.
   */
  readonly live?: { readonly notEvaluated: string };
}

export interface ContainerControl<M extends string = string> extends ControlBase<M> {
  readonly target: 'container';
  check(container: ContainerView, ctx: ControlContext): Iterable<ControlReport<M>>;
}

export interface WorkloadControl<M extends string = string> extends ControlBase<M> {
  readonly target: 'workload';
  check(workload: WorkloadView, ctx: ControlContext): Iterable<ControlReport<M>>;
}

export interface ResourceControl<M extends string = string> extends ControlBase<M> {
  readonly target: 'resource';
  /** `group/Kind` keys (core group: empty), e.g. '/ServiceAccount'. */
  readonly kinds: readonly string[];
  /**
   * Also judged on every workload: any resource with a pod template, custom kinds included (a control
   * about ConfigMaps and env literals alike).
   */
  readonly workloads?: boolean;
  check(resource: Resource, ctx: ControlContext): Iterable<ControlReport<M>>;
}

/** A namespace of the input: named by a Namespace object, or by any namespaced resource in it. */
export interface NamespaceView {
  readonly name: string;
  /** The Namespace object, when the input holds it. */
  readonly resource?: Resource;
  /** One of the configured system namespaces, which per-namespace checks skip by default. */
  readonly system: boolean;
  /** Workloads (pod templates) of the input in this namespace. */
  readonly workloads: number;
}

/** What the whole input looks like, for the checks that judge a cluster rather than one object. */
export interface ClusterView {
  readonly namespaces: readonly NamespaceView[];
  /** The input holds the kube-system workloads every cluster runs (DNS, kube-proxy, the mirror pods of the control plane): a dump of a whole cluster rather than an application's or add-on's manifests. */
  readonly wholeCluster: boolean;
}

/**
 * Judged once per namespace after the whole input was seen (the index holds `/Namespace` for it). A finding
 * belongs to the Namespace: the object when the input has it, otherwise a reference made up from the name.
 */
export interface NamespaceControl<M extends string = string> extends ControlBase<M> {
  readonly target: 'namespace';
  check(namespace: NamespaceView, ctx: ControlContext): Iterable<ControlReport<M>>;
}

/** Judged once after the whole input was seen: inventories and heuristics about the cluster. */
export interface ClusterControl<M extends string = string> extends ControlBase<M> {
  readonly target: 'cluster';
  /**
   * Heuristics that only mean something on a whole cluster (a log agent on every node, a CNI that
   * enforces policies): not evaluated when the input is an application's manifests.
   */
  readonly wholeClusterOnly?: boolean;
  /**
   * Why the control does not apply to this input (for example: no service mesh to check), as a
   * not-evaluated or manual verdict; undefined when it does. Asked after every resource was seen.
   */
  readonly applies?: (cluster: ClusterView, ctx: ControlContext, tally: Tally) => ControlVerdict | undefined;
  check(cluster: ClusterView, ctx: ControlContext, tally: Tally): Iterable<ControlReport<M>>;
}

export type ControlDefinition<M extends string = string> =
  | ContainerControl<M>
  | WorkloadControl<M>
  | ResourceControl<M>
  | NamespaceControl<M>
  | ClusterControl<M>;

/** Identity function that gives a control definition its literal message-ID types. */
export function defineControl<const M extends string>(definition: ControlDefinition<M>): ControlDefinition<M> {
  return definition;
}
