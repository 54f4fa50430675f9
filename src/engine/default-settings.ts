import { defaultNonSensitiveKeyPatterns, defaultSensitiveKeyPatterns, knownSecretPatterns } from '../core/credentials.js';
import { LATEST_PSS_VERSION } from '../pss/evaluate.js';
import { defaultAdminSubjects } from '../rbac/subjects.js';
import { LATEST_PSS_MINOR } from '../pss/version.js';
import type { NodeMinimums, ScanSettings } from './settings.js';

/**
 * Kubernetes supports its three newest minor releases. The newest this tool knows is the newest Pod
 * Security Standards version (LATEST_PSS_MINOR); a newer release needs a newer window (--supported-versions).
 */
export const defaultSupportedKubernetesMinors = { oldest: LATEST_PSS_MINOR - 2, newest: LATEST_PSS_MINOR } as const;

/**
 * Node software minimums, each tied to a published support statement (as of September 2026):
 * - kernel 4.19: the oldest upstream LTS kernel Kubernetes' system validator accepts (kubeadm preflight
 *   since v1.32; 5.8+ is recommended for cgroup v2).
 * - containerd 2.0: SIG Node made v1.35 the last Kubernetes release that supports containerd 1.x.
 * - CRI-O: its minor versions follow Kubernetes' and are supported for the same releases, so the oldest
 *   supported Kubernetes minor.
 * - Operating systems: the oldest release still in its vendor's standard support: Ubuntu 22.04 (20.04
 *   standard support ended May 2025), Debian 12 (Debian 11 LTS ended August 2026), RHEL/Rocky/Alma 8,
 *   CentOS Stream 9 (Stream 8 ended May 2024; CentOS Linux 7 and 8 have ended, hence 9), Amazon Linux 2023
 *   (Amazon Linux 2 ended June 2026), SLES 15.
 * Distributions not listed (Bottlerocket, Container-Optimized OS, Flatcar, Talos, Windows) are not judged.
 */
export function defaultNodeMinimums(oldestSupportedMinor: number = defaultSupportedKubernetesMinors.oldest): NodeMinimums {
  return {
    kernel: '4.19',
    runtimes: { containerd: '2.0.0', 'cri-o': `1.${oldestSupportedMinor}.0` },
    operatingSystems: {
      Ubuntu: '22.04',
      'Debian GNU/Linux': '12',
      'Red Hat Enterprise Linux': '8',
      'Rocky Linux': '8',
      AlmaLinux: '8',
      'CentOS Stream': '9',
      'CentOS Linux': '9',
      'Amazon Linux': '2023',
      'SUSE Linux Enterprise Server': '15',
    },
  };
}

export const defaultSettings: ScanSettings = {
  pssVersion: LATEST_PSS_VERSION,
  systemNamespaces: ['kube-system', 'kube-public', 'kube-node-lease'],
  trustedRegistries: [],
  allowedHostPaths: [],
  allowedCapabilities: ['NET_BIND_SERVICE'],
  strictAppArmor: false,
  strictVolumeTypes: false,
  adminSubjects: defaultAdminSubjects,
  tokenAllowList: [],
  // AWS, GCP, Azure, OpenStack and most others serve instance metadata at 169.254.169.254; AWS also at
  // fd00:ec2::254 on IPv6 (Nitro) instances.
  metadataAddresses: ['169.254.169.254/32', 'fd00:ec2::254/128'],
  auditLogMaxAgeDays: 1825,
  podTemplates: new Map(),
  sensitiveKeyPatterns: defaultSensitiveKeyPatterns,
  nonSensitiveKeyPatterns: defaultNonSensitiveKeyPatterns,
  secretValuePatterns: knownSecretPatterns.map((k) => k.pattern),
  supportedKubernetesMinors: defaultSupportedKubernetesMinors,
  nodeMinimums: defaultNodeMinimums(),
};
