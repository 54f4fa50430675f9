/**
 * Kinds (`group/Kind`) of the node and control-plane configuration. The Kubernetes ones are typed
 * resources read from YAML like any manifest; the kubeharden.io ones are made by kubeharden from files
 * that are not Kubernetes objects (systemd units, environment files, k3s/RKE2 config, file modes).
 */
export const POD = '/Pod';
export const KUBECONFIG = '/Config';
export const KUBELET_CONFIGURATION = 'kubelet.config.k8s.io/KubeletConfiguration';
export const ENCRYPTION_CONFIGURATION = 'apiserver.config.k8s.io/EncryptionConfiguration';
export const ADMISSION_CONFIGURATION = 'apiserver.config.k8s.io/AdmissionConfiguration';
/** The pre-1.17 group of AdmissionConfiguration (`apiserver.k8s.io/v1alpha1`), still accepted by the API server. */
export const LEGACY_ADMISSION_CONFIGURATION = 'apiserver.k8s.io/AdmissionConfiguration';
export const AUTHENTICATION_CONFIGURATION = 'apiserver.config.k8s.io/AuthenticationConfiguration';
export const AUTHORIZATION_CONFIGURATION = 'apiserver.config.k8s.io/AuthorizationConfiguration';
export const POD_SECURITY_CONFIGURATION = 'pod-security.admission.config.k8s.io/PodSecurityConfiguration';
export const AUDIT_POLICY = 'audit.k8s.io/Policy';

export const KUBEHARDEN_API_VERSION = 'kubeharden.io/v1';
/** One per `scan --node`: the root, the distribution, and every standard path looked at (found or not). */
export const NODE_SCAN = 'kubeharden.io/NodeScan';
/** A file read from the node, with its mode and owner (lstat of the file, symlinks resolved inside the root). */
export const NODE_FILE = 'kubeharden.io/NodeFile';
/** A systemd unit or drop-in (kubelet.service, 10-kubeadm.conf, k3s.service). */
export const SYSTEMD_UNIT = 'kubeharden.io/SystemdUnit';
/** A file of VAR=value lines (kubeadm-flags.env, /etc/default/kubelet, /etc/sysconfig/kubelet). */
export const ENVIRONMENT_FILE = 'kubeharden.io/EnvironmentFile';
/** k3s or RKE2 `config.yaml` (and its config.yaml.d drop-ins). */
export const DISTRIBUTION_CONFIG = 'kubeharden.io/DistributionConfig';

/** Every kind the component configuration is built from: node controls declare these in `reads`. */
export const NODE_READS: readonly string[] = [
  POD,
  KUBECONFIG,
  KUBELET_CONFIGURATION,
  ENCRYPTION_CONFIGURATION,
  ADMISSION_CONFIGURATION,
  LEGACY_ADMISSION_CONFIGURATION,
  AUTHENTICATION_CONFIGURATION,
  AUTHORIZATION_CONFIGURATION,
  POD_SECURITY_CONFIGURATION,
  AUDIT_POLICY,
  NODE_SCAN,
  NODE_FILE,
  SYSTEMD_UNIT,
  ENVIRONMENT_FILE,
  DISTRIBUTION_CONFIG,
];
