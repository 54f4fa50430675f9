import type { Finding } from '../core/report.js';

/** The peer projects whose fixtures the harness reads (pod-security-admission has its own test). */
export const projectNames = ['polaris', 'kubescape-regolibrary', 'kube-linter', 'kube-score'] as const;
export type ProjectName = (typeof projectNames)[number];

/** A peer's verdict: kube-score's WARNING grade is `warn`; every other project only says pass or fail. */
export type Outcome = 'pass' | 'warn' | 'fail';

/** One object of a case's input, as the peer names it. */
export interface ObjectKey {
  readonly kind: string;
  readonly name: string;
}

/**
 * What the peer's expectation is about:
 * - `case`: the whole input (Polaris: ">=1 danger in the file"; kube-score: the grade of the check);
 * - `objects`: exactly these objects are flagged (Kubescape's alert objects; empty on a passing case);
 * - `object`: one object of a multi-document file, by its position among the file's objects (kube-linter's
 *   per-object expectation, INDEX_objects `doc_index`).
 */
export type Target =
  | { readonly type: 'case' }
  | { readonly type: 'objects'; readonly objects: readonly ObjectKey[] }
  | { readonly type: 'object'; readonly file: string; readonly position: number; readonly object: ObjectKey };

/** One expectation of a peer on one input, read from its INDEX.tsv. */
export interface ConformanceCase {
  readonly project: ProjectName;
  /** The INDEX.tsv case id (kube-linter: `<test>#<document>`). */
  readonly id: string;
  /** The normalised concept, without Polaris' `[sub-check]` suffix. */
  readonly concept: string;
  /** The peer's check, rule or test name. */
  readonly check: string;
  /** Absolute paths of the inputs. */
  readonly files: readonly string[];
  /** The inputs relative to the project folder, for messages. */
  readonly displayFiles: readonly string[];
  readonly expected: Outcome;
  readonly target: Target;
  /** Kubescape's Go runner reads only the first document of each input file; its expectations assume that. */
  readonly firstDocumentOnly?: boolean;
  /** Kubernetes version the peer ran with (kube-score), as `1.N`. */
  readonly kubernetesVersion?: string;
  /** The peer's own options for this case (kube-score run_config), for exclusions and messages. */
  readonly peerConfig?: string;
  /** Kubescape's `data.json` (configuration inputs of the rule), absolute path. */
  readonly peerData?: string;
  /** What else the peer asserts (alert counts, messages), shown with disagreements. */
  readonly detail?: string;
}

/** A row of an INDEX file that carries no usable expectation, kept so that the report accounts for every row. */
export interface SkippedRow {
  readonly project: ProjectName;
  readonly id: string;
  readonly concept: string;
  readonly reason: string;
}

export interface ProjectCases {
  readonly cases: ConformanceCase[];
  readonly skipped: SkippedRow[];
}

export type CaseStatus =
  /** Our verdict equals the peer's. */
  | 'agree'
  /** Our verdict differs and no recorded reason explains it. */
  | 'disagree'
  /** Our verdict differs for a recorded reason (see deliberate.ts and docs/conformance.md). */
  | 'deliberate'
  /** A mapped control is not implemented yet. */
  | 'not-implemented'
  /**
   * The mapped controls reported "not evaluated" on this input (evidence they need is missing, e.g. the
   * role a binding references) and none of their findings counts: kubeharden gave no verdict, so the
   * case is neither agreement nor disagreement.
   */
  | 'not-evaluated'
  /** No NSA control corresponds to the concept. */
  | 'out-of-scope'
  /** The peer ran this case with an option kubeharden has no equivalent for. */
  | 'excluded'
  /** The scan itself failed (an internal control error or an unreadable input). */
  | 'error';

export interface CaseResult {
  readonly case: ConformanceCase;
  readonly status: CaseStatus;
  /** Our verdict, when the case was scanned. */
  readonly ours?: Outcome;
  /** Objects we flagged (Kind/name), for `objects` targets. */
  readonly oursObjects?: readonly string[];
  /** The findings of the mapped controls that decided our verdict. */
  readonly findings: readonly Finding[];
  /** Why the case is deliberate, excluded, out of scope, not implemented, not evaluated or an error. */
  readonly reason?: string;
  /** The mapped control IDs. */
  readonly controls: readonly string[];
}
