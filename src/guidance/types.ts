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
