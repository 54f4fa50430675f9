import type { Severity } from '../core/severity.js';

/**
 * Where a control's evidence comes from: M manifest files, L live cluster, CP control-plane config
 * files, N node files, B build files (Dockerfile), CL cloud provider APIs.
 */
export type Scope = 'M' | 'L' | 'CP' | 'N' | 'B' | 'CL';

export interface CatalogEntry {
  readonly id: string;
  readonly title: string;
  readonly family: string;
  readonly section: string;
  /** Guidance section and page reference, as the catalog spec gives it. */
  readonly guidance: string;
  readonly scope: readonly Scope[];
  readonly severity: Severity;
  readonly failWhen: string;
  readonly kubescape?: string;
  readonly pss?: string;
  readonly remediation: string;
}

/**
 * A guidance recommendation that no manifest, API object or config file can prove (the catalog's
 * section 11). Reports list these as the auditor's manual checklist.
 */
export interface ManualCheck {
  /** `MANUAL-NN`: kept by the catalog generator across spec edits, never reused. */
  readonly id: string;
  /** What the guidance recommends. */
  readonly recommendation: string;
  /** Guidance pages (v1.0 numbering), when the catalog gives them. */
  readonly guidance?: string;
  /** Why it cannot be automated, and what (if anything) the automated controls cover of it. */
  readonly reason: string;
  /** Controls that check the automatable part of the recommendation. */
  readonly relatedControls: readonly string[];
}
