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
  auditLogMaxAgeDays: 1825,
  podTemplates: new Map(),
};
