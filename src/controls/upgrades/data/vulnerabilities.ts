import type { AffectedRange } from '../../../core/versions.js';

/**
 * Known vulnerabilities of cluster components that a scan can tie to evidence in its input (NSA-UPG-002).
 * Each rule names the affected versions, as published in the Kubernetes security announcements
 * (github.com/kubernetes/kubernetes issues labelled official-cve-feed), and the configuration that makes a
 * workload exposed: a vulnerable kubelet matters to the pods that use the vulnerable feature, a vulnerable
 * ingress-nginx to the controller deployments themselves.
 */

/** What a pod does that a vulnerable kubelet mishandles. */
export type KubeletExposure = 'subPath' | 'gitRepoVolume' | 'emptyLocalhostSeccompProfile';

/** The ingress-nginx configuration under which the vulnerability can be exploited. */
export type IngressNginxExposure =
  /** Always: any user who can create an Ingress (or reach the controller) can exploit it. */
  | 'always'
  /** No ConfigMap in the controller's namespace sets `allow-snippet-annotations: "false"`. */
  | 'snippetAnnotationsAllowed'
  /** The validating admission webhook is served (`--validating-webhook=:8443`, the default install). */
  | 'validatingWebhook';

interface VulnerabilityBase {
  readonly ids: readonly string[];
  readonly summary: string;
  /** Affected versions; the `fixed` bounds are the fixed releases. */
  readonly affected: readonly AffectedRange[];
}

export interface KubeletVulnerability extends VulnerabilityBase {
  readonly component: 'kubelet';
  readonly exposure: KubeletExposure;
}

export interface IngressNginxVulnerability extends VulnerabilityBase {
  readonly component: 'ingress-nginx';
  readonly exposure: IngressNginxExposure;
}

export const kubeletVulnerabilities: readonly KubeletVulnerability[] = [
  {
    component: 'kubelet',
    ids: ['CVE-2021-25741'],
    summary: 'a symlink swapped into a subPath mount gives the container host files',
    affected: [
      { fixed: '1.19.15' },
      { introduced: '1.20.0', fixed: '1.20.11' },
      { introduced: '1.21.0', fixed: '1.21.5' },
      { introduced: '1.22.0', fixed: '1.22.2' },
    ],
    exposure: 'subPath',
  },
  {
    component: 'kubelet',
    ids: ['CVE-2024-10220'],
    summary: "hooks in the cloned repository of a gitRepo volume run outside the container",
    affected: [
      { fixed: '1.28.12' },
      { introduced: '1.29.0', fixed: '1.29.7' },
      { introduced: '1.30.0', fixed: '1.30.3' },
    ],
    exposure: 'gitRepoVolume',
  },
  {
    component: 'kubelet',
    ids: ['CVE-2023-2431'],
    summary: 'a Localhost seccomp profile with an empty name leaves the container unconfined',
    affected: [
      { fixed: '1.24.14' },
      { introduced: '1.25.0', fixed: '1.25.10' },
      { introduced: '1.26.0', fixed: '1.26.5' },
      { introduced: '1.27.0', fixed: '1.27.2' },
    ],
    exposure: 'emptyLocalhostSeccompProfile',
  },
];

const ingressNightmareRanges: readonly AffectedRange[] = [{ fixed: '1.11.5' }, { introduced: '1.12.0', fixed: '1.12.1' }];

export const ingressNginxVulnerabilities: readonly IngressNginxVulnerability[] = [
  {
    component: 'ingress-nginx',
    ids: ['CVE-2021-25742'],
    summary: 'snippet annotations let anyone who can create an Ingress read every Secret the controller can read',
    affected: [{ fixed: '0.49.1' }, { introduced: '1.0.0', fixed: '1.0.1' }],
    exposure: 'snippetAnnotationsAllowed',
  },
  {
    component: 'ingress-nginx',
    ids: ['CVE-2025-1974'],
    summary: 'anyone on the pod network can run code in the controller through its admission webhook (IngressNightmare)',
    affected: ingressNightmareRanges,
    exposure: 'validatingWebhook',
  },
  {
    component: 'ingress-nginx',
    ids: ['CVE-2025-24514', 'CVE-2025-1097', 'CVE-2025-1098', 'CVE-2025-24513'],
    summary: 'Ingress annotations (auth-url, auth-tls-match-cn, mirror UIDs) inject nginx configuration that runs code in the controller',
    affected: ingressNightmareRanges,
    exposure: 'always',
  },
];

/** "1.19.15, 1.20.11 or 1.21.5": the fixed releases of a rule, for messages. */
export function fixedReleases(affected: readonly AffectedRange[]): string {
  const fixed = affected.map((r) => r.fixed);
  return fixed.length <= 1 ? (fixed[0] ?? '') : `${fixed.slice(0, -1).join(', ')} or ${fixed[fixed.length - 1]}`;
}
