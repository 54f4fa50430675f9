import type { FixDefaults } from '../core/fix.js';
import type { PodTemplateLocation } from '../normalize/pod-spec-paths.js';
import type { PssVersion } from '../pss/evaluate.js';
import type { Severity } from '../core/severity.js';
import type { VulnerabilityEvidence } from '../vuln/evidence.js';

/** Options that controls read; every field has a documented default (see defaultSettings). */
export interface ScanSettings {
  /** Kubernetes version whose Pod Security Standards apply; also the target version for removed APIs. */
  readonly pssVersion: PssVersion;
  /** Namespaces excluded from per-namespace checks. */
  readonly systemNamespaces: readonly string[];
  /** Registries images may come from (NSA-POD-032); empty means "not configured": inventory only. */
  readonly trustedRegistries: readonly string[];
  /** hostPath paths allowed when every mount of them is read-only (NSA-POD-010). */
  readonly allowedHostPaths: readonly string[];
  /** Capabilities containers may add (NSA-POD-013). */
  readonly allowedCapabilities: readonly string[];
  /** NSA-POD-015 strict mode: a pod with no AppArmor profile at all also fails. */
  readonly strictAppArmor: boolean;
  /** NSA-POD-021 strict mode: csi, ephemeral and image volumes fail too, as in App. C. */
  readonly strictVolumeTypes: boolean;
  /**
   * RBAC subjects whose broad permissions are expected (NSA-AUTH-012…017, NSA-SEC-006, NSA-POD-025):
   * `User:NAME`, `Group:NAME` or `ServiceAccount:NAMESPACE:NAME`, a trailing `*` matching by prefix.
   */
  readonly adminSubjects: readonly string[];
  /** Workloads that need an API token (NSA-POD-023), as `namespace/name` or `name`. */
  readonly tokenAllowList: readonly string[];
  /**
   * Cloud metadata service addresses pods must not reach (NSA-NET-009): CIDRs or single addresses, IPv4 or IPv6.
   */
  readonly metadataAddresses: readonly string[];
  /** The organisation's minimum audit log retention in days, for --audit-log-maxage (NSA-LOG-007; App. M uses 1825). */
  readonly auditLogMaxAgeDays: number;
  /** Extra pod template locations for custom resources, keyed by `group/Kind`. */
  readonly podTemplates: ReadonlyMap<string, PodTemplateLocation>;
  /**
   * NSA-SEC-005: regular expressions naming credential keys (environment variables, ConfigMap keys, settings
   * in embedded files). They are matched case-insensitively against the name normalised to lower snake_case
   * (`dbPassword` → `db_password`).
   */
  readonly sensitiveKeyPatterns: readonly string[];
  /** NSA-SEC-005: names that match a sensitive pattern but hold no credential (`PASSWORD_FILE`, `PUBLIC_KEY`). */
  readonly nonSensitiveKeyPatterns: readonly string[];
  /** NSA-SEC-005: regular expressions (case-sensitive) that recognise a credential value whatever its name. */
  readonly secretValuePatterns: readonly string[];
  /** NSA-UPG-001: the Kubernetes minor versions (1.x) still supported, oldest and newest inclusive. */
  readonly supportedKubernetesMinors: { readonly oldest: number; readonly newest: number };
  /** NSA-UPG-005: the oldest node software versions still accepted. */
  readonly nodeMinimums: NodeMinimums;
  /** Values fixes write where a manifest has none (`kubeharden fix`); default: defaultFixDefaults in core/fix.ts. */
  readonly fixDefaults?: FixDefaults;
  /**
   * NSA-UPG-007/008: the image vulnerability evidence the CLI loaded (--sbom with --osv-db, --vuln-report).
   * Absent: both controls are not evaluated.
   */
  readonly vulnerabilities?: VulnerabilitySettings;
}

export interface VulnerabilitySettings {
  readonly evidence: VulnerabilityEvidence;
  /** The lowest severity reported (--vuln-severity; default high). */
  readonly minSeverity: Severity;
  /** Also report vulnerabilities with no fixed version (--vuln-include-unfixable). */
  readonly includeUnfixable: boolean;
}

/** Minimum versions of node software, as read from Node `status.nodeInfo` (NSA-UPG-005). */
export interface NodeMinimums {
  /** Linux `kernelVersion`. */
  readonly kernel: string;
  /** By the scheme of `containerRuntimeVersion` (`containerd://2.1.4` → `containerd`). */
  readonly runtimes: Readonly<Record<string, string>>;
  /** By the distribution name `osImage` starts with (`Ubuntu 22.04.4 LTS` → `Ubuntu`). */
  readonly operatingSystems: Readonly<Record<string, string>>;
}
