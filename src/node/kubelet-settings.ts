import type { Path } from '../core/path.js';

/**
 * The kubelet settings the controls judge: the flag, the KubeletConfiguration field, and the default of
 * each source. A flag and its config field default differently for the authentication settings (the
 * catalog's table): a kubelet started with no --config at all runs with the flag defaults.
 */
export interface KubeletSettingSpec {
  readonly flag: string;
  /** Field path in KubeletConfiguration (kubelet.config.k8s.io/v1beta1). */
  readonly config: Path;
  readonly type: 'bool' | 'string' | 'int' | 'map' | 'eviction';
  readonly flagDefault: boolean | string | number | Readonly<Record<string, string>>;
  readonly configDefault: boolean | string | number | Readonly<Record<string, string>>;
}

const defaultEvictionHard: Readonly<Record<string, string>> = {
  'memory.available': '100Mi',
  'nodefs.available': '10%',
  'nodefs.inodesFree': '5%',
  'imagefs.available': '15%',
};

export const kubeletSettings = {
  anonymousAuth: { flag: 'anonymous-auth', config: ['authentication', 'anonymous', 'enabled'], type: 'bool', flagDefault: true, configDefault: false },
  webhookAuthentication: {
    flag: 'authentication-token-webhook',
    config: ['authentication', 'webhook', 'enabled'],
    type: 'bool',
    flagDefault: false,
    configDefault: true,
  },
  clientCAFile: { flag: 'client-ca-file', config: ['authentication', 'x509', 'clientCAFile'], type: 'string', flagDefault: '', configDefault: '' },
  authorizationMode: { flag: 'authorization-mode', config: ['authorization', 'mode'], type: 'string', flagDefault: 'AlwaysAllow', configDefault: 'Webhook' },
  readOnlyPort: { flag: 'read-only-port', config: ['readOnlyPort'], type: 'int', flagDefault: 10255, configDefault: 0 },
  tlsCertFile: { flag: 'tls-cert-file', config: ['tlsCertFile'], type: 'string', flagDefault: '', configDefault: '' },
  tlsPrivateKeyFile: { flag: 'tls-private-key-file', config: ['tlsPrivateKeyFile'], type: 'string', flagDefault: '', configDefault: '' },
  tlsMinVersion: { flag: 'tls-min-version', config: ['tlsMinVersion'], type: 'string', flagDefault: '', configDefault: '' },
  rotateCertificates: { flag: 'rotate-certificates', config: ['rotateCertificates'], type: 'bool', flagDefault: false, configDefault: false },
  serverTLSBootstrap: { flag: 'rotate-server-certificates', config: ['serverTLSBootstrap'], type: 'bool', flagDefault: false, configDefault: false },
  seccompDefault: { flag: 'seccomp-default', config: ['seccompDefault'], type: 'bool', flagDefault: false, configDefault: false },
  podPidsLimit: { flag: 'pod-max-pids', config: ['podPidsLimit'], type: 'int', flagDefault: -1, configDefault: -1 },
  systemReserved: { flag: 'system-reserved', config: ['systemReserved'], type: 'map', flagDefault: {}, configDefault: {} },
  kubeReserved: { flag: 'kube-reserved', config: ['kubeReserved'], type: 'map', flagDefault: {}, configDefault: {} },
  evictionHard: { flag: 'eviction-hard', config: ['evictionHard'], type: 'eviction', flagDefault: defaultEvictionHard, configDefault: defaultEvictionHard },
  containerLogMaxSize: { flag: 'container-log-max-size', config: ['containerLogMaxSize'], type: 'string', flagDefault: '10Mi', configDefault: '10Mi' },
  containerLogMaxFiles: { flag: 'container-log-max-files', config: ['containerLogMaxFiles'], type: 'int', flagDefault: 5, configDefault: 5 },
  staticPodPath: { flag: 'pod-manifest-path', config: ['staticPodPath'], type: 'string', flagDefault: '', configDefault: '' },
} as const satisfies Record<string, KubeletSettingSpec>;

export type KubeletSettingName = keyof typeof kubeletSettings;
