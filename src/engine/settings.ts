import type { PodTemplateLocation } from '../normalize/pod-spec-paths.js';
import type { PssVersion } from '../pss/evaluate.js';

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
  /** Workloads that need an API token (NSA-POD-023), as `namespace/name` or `name`. */
  readonly tokenAllowList: readonly string[];
  /** The organisation's minimum audit log retention in days, for --audit-log-maxage (NSA-LOG-007; App. M uses 1825). */
  readonly auditLogMaxAgeDays: number;
  /** Extra pod template locations for custom resources, keyed by `group/Kind`. */
  readonly podTemplates: ReadonlyMap<string, PodTemplateLocation>;
}
