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
  /** For Helm-rendered input: where the document sits in the rendered stream. */
  readonly rendered?: { readonly file: string; readonly line: number; readonly column: number };
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
  /** Set when status is 'suppressed': who suppressed it and why. */
  readonly suppression?: { readonly by: 'annotation' | 'config'; readonly reason: string };
  /** Set for a suppressed warning, so that it is counted apart from suppressed failures. */
  readonly suppressedStatus?: 'failed' | 'warning';
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
  readonly workloads: number;
  readonly findings: {
    readonly failed: number;
    readonly warning: number;
    readonly suppressed: number;
    readonly failedBySeverity: Readonly<Record<Severity, number>>;
  };
  readonly controls: Readonly<Record<ControlStatus, number>>;
  /** Passed controls divided by evaluated (passed + failed) controls, in percent, one decimal. */
  readonly score: number | null;
  readonly pssLevels: Readonly<Record<'privileged' | 'baseline' | 'restricted', number>>;
  readonly errors: { readonly input: number; readonly internal: number };
}

export interface ScanReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'kubeharden'; readonly version: string };
  readonly settings: { readonly pssVersion: string; readonly failOn: Severity | 'none' };
  readonly findings: readonly Finding[];
  readonly workloads: readonly WorkloadEntry[];
  readonly controls: readonly ControlEntry[];
  /** Guidance recommendations no input can prove (catalog section 11): the auditor's manual checklist. */
  readonly manualChecks: readonly ManualCheck[];
  readonly images: readonly ImageEntry[];
  readonly errors: readonly ScanError[];
  readonly summary: Summary;
}

