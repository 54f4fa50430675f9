import { LATEST_PSS_VERSION } from '../pss/evaluate.js';
import type { ScanSettings } from './settings.js';

export const defaultSettings: ScanSettings = {
  pssVersion: LATEST_PSS_VERSION,
  systemNamespaces: ['kube-system', 'kube-public', 'kube-node-lease'],
  trustedRegistries: [],
  allowedHostPaths: [],
  allowedCapabilities: ['NET_BIND_SERVICE'],
  strictAppArmor: false,
  strictVolumeTypes: false,
  tokenAllowList: [],
  // AWS, GCP, Azure, OpenStack and most others serve instance metadata at 169.254.169.254; AWS also at
  // fd00:ec2::254 on IPv6 (Nitro) instances.
  metadataAddresses: ['169.254.169.254/32', 'fd00:ec2::254/128'],
  podTemplates: new Map(),
};
