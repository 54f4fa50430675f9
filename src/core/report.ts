import type { Path } from './path.js';
import type { ResourceRef, SourcePosition } from './resource.js';
import type { Severity } from './severity.js';
import type { ManualCheck } from '../guidance/types.js';

export const REPORT_SCHEMA_VERSION = 1;

export type FindingStatus = 'failed' | 'warning' | 'suppressed';
export type ControlStatus = 'passed' | 'failed' | 'not-evaluated' | 'manual';

export interface FindingLocation extends SourcePosition {
  readonly file: string;
  /** True when the field exists; false when the location is the nearest existing parent of a missing field. */
  readonly exact: boolean;
  /**
   * For rendered input: where the finding sits in the stream the scanner read. Helm: `file` is the
   * template and `line` counts from its rendered document. Kustomize: `file`, `line` and `column` are
   * in the user's own file (base, overlay patch) when one holds the field.
   */
  readonly rendered?: { readonly file: string; readonly line: number; readonly column: number; readonly by: 'helm' | 'kustomize' };
}

/** One failed or warned check on one resource. The control's title and section are in `controls[]`. */
export interface Finding {
  readonly controlId: string;
  readonly slug: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly resource: ResourceRef;
  readonly container?: string;
  readonly location?: FindingLocation;
  readonly path: string;
  readonly messageId: string;
  readonly message: string;
  readonly remediation: string;
  /** Set when status is 'suppressed': who suppressed it, why, and the exception (an entry of `exceptions`). */
  readonly suppression?: Suppression;
  /** Set for a suppressed warning, so that it is counted apart from suppressed failures. */
  readonly suppressedStatus?: 'failed' | 'warning';
  /**
   * True for a failed or warning finding that the --baseline report already had (same fingerprint): it
   * is kept and counted apart (`summary.findings.baseline`), and does not fail the gate.
   */
  readonly baseline?: boolean;
  /** For a finding on an object of a live cluster (no file, no line): the kubectl command that shows it. */
  readonly kubectl?: string;
  /** The control's fix, when the scan was asked for fixes (SARIF output, `kubeharden fix`). */
  readonly fix?: FindingFix;
}

/** One text replacement of a fix, in 1-based lines and columns (UTF-16 code units) of `file`. */
export interface FixReplacement {
  readonly file?: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

/** An automatic fix of a finding: text replacements in the scanned file, and the same change as a JSON patch. */
export interface FindingFix {
  readonly description: string;
  /** Empty when the file must not be edited (Helm-rendered or cluster input) or the fix is only a suggestion. */
  readonly replacements: readonly FixReplacement[];
  /** The change as RFC 6902 operations on the resource (for `kubectl patch --type=json` and Kustomize). */
  readonly patch?: readonly { readonly op: 'add' | 'replace' | 'remove'; readonly path: string; readonly value?: unknown }[];
  /** Set when the fix is not applied automatically: why it could break the workload, or why the file is not edited. */
  readonly suggestion?: string;
}

export type ExceptionBy = 'annotation' | 'comment' | 'config';

export interface Suppression {
  /** annotation (`kubeharden.io/ignore`), comment (`# kubeharden:ignore`) or config (an exceptions file or the config file). */
  readonly by: ExceptionBy;
  readonly reason: string;
  readonly owner?: string;
  /** Last day (UTC) the exception applies. */
  readonly expires?: string;
  /** The `id` of the exception in the report's `exceptions`. */
  readonly exception: string;
}

/** Every exception the scan knew, and what it did: the audit trail of accepted risks. */
export interface ExceptionEntry {
  /** Where it is written (`file:line`); unique in a report. */
  readonly id: string;
  readonly by: ExceptionBy;
  /** Catalog IDs, or `*` for every control. */
  readonly controls: readonly string[];
  readonly reason: string;
  readonly owner?: string;
  readonly expires?: string;
  readonly file?: string;
  readonly line?: number;
  /** Annotations: the resource they are written on. */
  readonly resource?: ResourceRef;
  /** Per-container annotations: the container. */
  readonly container?: string;
  /** Comments: `resource` (top of the document) or `line` (the line it is on, or the next one). */
  readonly scope?: 'resource' | 'line';
  /** Exceptions files: the `match` block as written. */
  readonly match?: Readonly<Record<string, unknown>>;
  /** used: suppressed at least one finding; unused: matched nothing; expired: past `expires`, suppresses nothing. */
  readonly status: 'used' | 'unused' | 'expired';
  /** Findings it matched (for an expired exception: that it would have suppressed). */
  readonly matches: number;
  /** Controls it names that matched no finding (when others did). */
  readonly unusedControls?: readonly string[];
}

/** Something the user should act on that does not make the scan incomplete (an expired exception). */
export interface ScanWarning {
  readonly kind: 'exception-expired';
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly exception?: string;
}

/** The CI verdict: failed when any criterion is met; each reason says which and why. */
export interface GateResult {
  readonly status: 'passed' | 'failed';
  readonly reasons: readonly string[];
}

/** Score of one guidance section: passed controls divided by judged (passed + failed) ones. */
export interface SectionScore {
  readonly section: string;
  readonly passed: number;
  readonly failed: number;
  readonly notEvaluated: number;
  readonly manual: number;
  /** Percent with one decimal; null when no control of the section could be judged. */
  readonly score: number | null;
}

export interface PssViolationEntry {
  readonly level: 'baseline' | 'restricted';
  readonly check: string;
  readonly path: string;
  readonly message: string;
}

export interface WorkloadEntry {
  readonly resource: ResourceRef;
  readonly location?: FindingLocation;
  readonly pss: {
    readonly version: string;
    readonly level: 'privileged' | 'baseline' | 'restricted';
    readonly violations: readonly PssViolationEntry[];
  };
}

export interface ControlEntry {
  readonly id: string;
  readonly slug?: string;
  readonly title: string;
  readonly section: string;
  readonly severity: Severity;
  readonly status: ControlStatus;
  readonly reason?: string;
  /** Resources the control was evaluated on, and how many of them failed. */
  readonly evaluated: number;
  readonly failed: number;
}

export type ScanErrorKind = 'input' | 'internal';

export interface ScanError {
  readonly kind: ScanErrorKind;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly resource?: ResourceRef;
  readonly controlId?: string;
  readonly message: string;
}

export interface ImageEntry {
  readonly image: string;
  readonly registry: string;
  readonly workloads: number;
}

export interface Summary {
  readonly resources: number;
  readonly resourcesByKind: Readonly<Record<string, number>>;
  /** Kinds the scanner has no controls for: kept and counted, not dropped. */
  readonly unknownKinds: Readonly<Record<string, number>>;
  /**
   * Kinds whose objects hold containers outside any pod template the scanner knows (under `spec`: a string
   * `image`, a named item of a `containers`/`initContainers` list, or a `securityContext`), whether or not
   * another control reads the kind: no pod control judged them. Absent when there are none.
   * `--pod-template group/Kind=path` names the template of such a kind.
   */
  readonly unjudgedContainerKinds?: Readonly<Record<string, number>>;
  readonly workloads: number;
  /** failed + warning + suppressed + baseline = every finding; failed, warning and failedBySeverity leave baseline findings out. */
  readonly findings: {
    readonly failed: number;
    readonly warning: number;
    readonly suppressed: number;
    readonly baseline: number;
    readonly failedBySeverity: Readonly<Record<Severity, number>>;
  };
  readonly controls: Readonly<Record<ControlStatus, number>>;
  /** Passed controls divided by judged (passed + failed) controls, in percent, one decimal; null when none was judged. */
  readonly score: number | null;
  /** The same score per guidance section, in catalog order (sections with no selected control are left out). */
  readonly sections: readonly SectionScore[];
  readonly pssLevels: Readonly<Record<'privileged' | 'baseline' | 'restricted', number>>;
  readonly errors: { readonly input: number; readonly internal: number };
}

export interface ScanReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'kubeharden'; readonly version: string };
  readonly settings: {
    readonly pssVersion: string;
    readonly failOn: Severity | 'none';
    readonly minScore?: number;
    /** Pod Security Standards level every workload must reach. */
    readonly pssLevel?: 'baseline' | 'restricted';
    /** The --baseline report. */
    readonly baseline?: string;
    /** False with --no-inline-exceptions: annotations and comments suppress nothing. */
    readonly inlineExceptions: boolean;
  };
  readonly gate: GateResult;
  readonly findings: readonly Finding[];
  readonly workloads: readonly WorkloadEntry[];
  readonly controls: readonly ControlEntry[];
  /** Guidance recommendations no input can prove (catalog section 11): the auditor's manual checklist. */
  readonly manualChecks: readonly ManualCheck[];
  /**
   * Who holds risky RBAC permissions (Secrets read, exec/attach, escalate/bind/impersonate, pod create,
   * nodes/proxy, wildcards), from the effective-permissions engine; absent when no RBAC control ran.
   */
  readonly riskyPermissions?: RiskyPermissionsReport;
  readonly images: readonly ImageEntry[];
  /** Image vulnerabilities (NSA-UPG-007/008), present when vulnerability evidence was supplied. */
  readonly vulnerabilities?: VulnerabilitiesReport;
  readonly errors: readonly ScanError[];
  readonly warnings: readonly ScanWarning[];
  /** Every exception (exceptions files, config, annotations, comments) with its use. */
  readonly exceptions: readonly ExceptionEntry[];
  readonly summary: Summary;
  /** Set by `scan --cluster`: what was read from which cluster, and what could not be. */
  readonly cluster?: ClusterScanInfo;
}

/** Where a live cluster scan read from, what it listed, and what the API server refused. */
export interface ClusterScanInfo {
  readonly context: string;
  readonly server: string;
  /** gitVersion of /version, when readable. */
  readonly version?: string;
  /** A scan of the whole cluster; false when -n, --selector or --kinds restricted it (`restriction` says how). */
  readonly whole: boolean;
  readonly restriction?: string;
  /** Every resource type listed (or read, such as configz), with the objects it gave. */
  readonly listed: readonly { readonly kind: string; readonly resource: string; readonly count: number; readonly scope: string }[];
  /** Resource types the API server refused, and the permission that was missing. */
  readonly unreadable: readonly { readonly kind: string; readonly reason: string }[];
  /** HTTP requests made, retries included (every one a GET). */
  readonly requests: number;
  /**
   * Objects read but not judged, by kind key: their controlling owner (a workload the scan read) is
   * judged instead, so a Deployment's flaw is not reported again on its ReplicaSet and each Pod.
   */
  readonly ownedSkipped?: Readonly<Record<string, number>>;
}


/** One risky permission a subject holds, through one binding and role. */
export interface RiskyPermissionReportEntry {
  readonly risk: string;
  readonly title: string;
  readonly permission: string;
  readonly subject: { readonly kind: string; readonly name: string; readonly namespace?: string };
  readonly binding: { readonly kind: string; readonly name: string; readonly namespace?: string; readonly file?: string };
  readonly role: { readonly kind: string; readonly name: string; readonly namespace?: string; readonly file?: string; readonly builtin: boolean };
  /** 'cluster-wide', or the namespace the grant applies in. */
  readonly scope: string;
  /** The subject is on the admin allow-list (--admin-subjects). */
  readonly allowListed: boolean;
}

export interface RiskyPermissionsReport {
  readonly permissions: readonly RiskyPermissionReportEntry[];
  /** Per risk, the permissions held by subjects outside the allow-list. */
  readonly counts: Readonly<Record<string, number>>;
  /** Bindings whose role is neither in the input nor built in. */
  readonly unknownRoles: readonly { readonly binding: { readonly kind: string; readonly name: string; readonly namespace?: string }; readonly roleRef: { readonly kind: string; readonly name: string } }[];
}

/** One vulnerability of a package in an image; aliases merged (the primary ID first). */
export interface ImageVulnerabilityEntry {
  readonly ids: readonly string[];
  readonly severity: 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';
  readonly package: string;
  readonly ecosystem?: string;
  readonly installed: string;
  /** Empty when no fix is known. */
  readonly fixed: readonly string[];
}

/** An image the workloads run, the evidence found for it and what it says. */
export interface VulnerableImageEntry {
  /** As the first workload writes it. */
  readonly image: string;
  /** Normalized `repository:tag`, and the digest that runs when known (pod status or `@digest`). */
  readonly reference?: string;
  readonly digest?: string;
  readonly workloads: readonly ResourceRef[];
  /** Absent: no SBOM or report describes this image (NSA-UPG-008). */
  readonly evidence?: {
    readonly sources: readonly string[];
    readonly kinds: readonly string[];
    readonly matchedBy: 'digest' | 'tag';
    /** Matched by tag although the evidence names other digests than the one that runs. */
    readonly digestUnconfirmed?: true;
  };
  /** Every known vulnerability by severity, whatever the threshold. */
  readonly counts: Readonly<Record<'critical' | 'high' | 'medium' | 'low' | 'unknown', number>>;
  /** How many NSA-UPG-007 reports: at or above the threshold, and fixable unless unfixable ones are included. */
  readonly reported: number;
  readonly vulnerabilities: readonly ImageVulnerabilityEntry[];
}

export interface VulnerabilitiesReport {
  readonly minSeverity: Severity;
  readonly includeUnfixable: boolean;
  readonly images: readonly VulnerableImageEntry[];
}
