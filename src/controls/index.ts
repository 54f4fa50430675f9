import type { ControlDefinition } from '../core/control.js';
import { catalog } from '../guidance/catalog.js';
import kubeconfigStaticCredentials from './control-plane/kubeconfig-static-credentials.js';
import legacyServiceAccountTokens from './secrets/legacy-service-account-tokens.js';
import plaintextCredentials from './secrets/plaintext-credentials.js';
import endOfLifeComponents from './upgrades/end-of-life-components.js';
import knownVulnerableComponents from './upgrades/known-vulnerable-components.js';
import nodeSoftwareCurrency from './upgrades/node-software-currency.js';
import removedApiVersions from './upgrades/removed-api-versions.js';
import supportedKubernetesVersions from './upgrades/supported-kubernetes-versions.js';
import unusedComponents from './upgrades/unused-components.js';
import imageVulnerabilities from './upgrades/image-vulnerabilities.js';
import imageVulnerabilityEvidence from './upgrades/image-vulnerability-evidence.js';
import anonymousAccessBindings from './authorization/anonymous-access-bindings.js';
import clusterAdminBindings from './authorization/cluster-admin-bindings.js';
import defaultServiceAccountBindings from './authorization/default-service-account-bindings.js';
import escalationPermissions from './authorization/escalation-permissions.js';
import execAttachPermissions from './authorization/exec-attach-permissions.js';
import namespaceScopedGrants from './authorization/namespace-scoped-grants.js';
import wildcardRbacRules from './authorization/wildcard-rbac-rules.js';
import addedCapabilities from './pod-security/added-capabilities.js';
import apparmorProfile from './pod-security/apparmor-profile.js';
import dedicatedServiceAccounts from './pod-security/dedicated-service-accounts.js';
import dropAllCapabilities from './pod-security/drop-all-capabilities.js';
import hostNetwork from './pod-security/host-network.js';
import hostPathVolumes from './pod-security/host-path-volumes.js';
import hostPidIpc from './pod-security/host-pid-ipc.js';
import hostPorts from './pod-security/host-ports.js';
import imageTagPinned from './pod-security/image-tag-pinned.js';
import linuxHardening from './pod-security/linux-hardening.js';
import noRootUid from './pod-security/no-root-uid.js';
import imageNonRootUser from './pod-security/image-non-root-user.js';
import nonRootGroups from './pod-security/non-root-groups.js';
import podSecurityAdmissionLabels from './pod-security/pod-security-admission-labels.js';
import podSecurityPolicyRemoved from './pod-security/pod-security-policy-removed.js';
import privilegeEscalation from './pod-security/privilege-escalation.js';
import privilegedContainers from './pod-security/privileged-containers.js';
import probeHost from './pod-security/probe-host.js';
import procMount from './pod-security/proc-mount.js';
import readOnlyRootFilesystem from './pod-security/read-only-root-filesystem.js';
import runAsNonRoot from './pod-security/run-as-non-root.js';
import sandboxedRuntime from './pod-security/sandboxed-runtime.js';
import seccompProfile from './pod-security/seccomp-profile.js';
import selinuxOptions from './pod-security/selinux-options.js';
import serviceAccountAutomountOptOut from './pod-security/service-account-automount-opt-out.js';
import serviceAccountTokenAutomount from './pod-security/service-account-token-automount.js';
import trustedRegistries from './pod-security/trusted-registries.js';
import unsafeSysctls from './pod-security/unsafe-sysctls.js';
import userNamespaces from './pod-security/user-namespaces.js';
import volumeTypes from './pod-security/volume-types.js';
import windowsHostProcess from './pod-security/windows-host-process.js';
import podSecurityAuditWarn from './pod-security/pod-security-audit-warn.js';
import imageVerificationAdmission from './pod-security/image-verification-admission.js';
import logForwardingAgent from './logging/log-forwarding-agent.js';
import seccompAuditProfiles from './logging/seccomp-audit-profiles.js';
import runtimeThreatDetection from './logging/runtime-threat-detection.js';
import metricsAndAlerting from './logging/metrics-and-alerting.js';
import serviceMeshMtls from './logging/service-mesh-mtls.js';
import systemNamespaceWorkloads from './network/system-namespace-workloads.js';
import namespaceHygiene from './network/namespace-hygiene.js';
import cniNetworkPolicySupport from './network/cni-network-policy-support.js';
import defaultDenyIngress from './network/default-deny-ingress.js';
import defaultDenyEgress from './network/default-deny-egress.js';
import namespaceNetworkPolicy from './network/namespace-network-policy.js';
import workloadNetworkIsolation from './network/workload-network-isolation.js';
import networkPolicyWellFormed from './network/network-policy-well-formed.js';
import cloudMetadataEgress from './network/cloud-metadata-egress.js';
import namespaceLimitRange from './network/namespace-limit-range.js';
import namespaceResourceQuota from './network/namespace-resource-quota.js';
import cpuLimits from './network/cpu-limits.js';
import memoryLimits from './network/memory-limits.js';
import resourceRequests from './network/resource-requests.js';
import externalServicesTls from './network/external-services-tls.js';
import kubeSystemEgress from './control-plane/kube-system-egress.js';

const catalogOrder = new Map(catalog.map((entry, i) => [entry.id as string, i]));
import secretsReadAccess from './secrets/secrets-read-access.js';
import apiServerInsecurePort from './control-plane/api-server-insecure-port.js';
import apiServerTls from './control-plane/api-server-tls.js';
import apiServerEtcdTls from './control-plane/api-server-etcd-tls.js';
import etcdClientTls from './control-plane/etcd-client-tls.js';
import etcdPeerTls from './control-plane/etcd-peer-tls.js';
import etcdDedicatedCa from './control-plane/etcd-dedicated-ca.js';
import etcdListenAddress from './control-plane/etcd-listen-address.js';
import kubeconfigPermissions from './control-plane/kubeconfig-permissions.js';
import schedulerControllerManagerBindAddress from './control-plane/scheduler-controller-manager-bind-address.js';
import apiServerKubeletTls from './control-plane/api-server-kubelet-tls.js';
import kubeletServingTls from './control-plane/kubelet-serving-tls.js';
import encryptionAtRest from './secrets/encryption-at-rest.js';
import encryptionProviders from './secrets/encryption-providers.js';
import kmsEncryption from './secrets/kms-encryption.js';
import encryptionConfigPermissions from './secrets/encryption-config-permissions.js';
import apiServerAnonymousAuth from './authorization/api-server-anonymous-auth.js';
import apiServerStaticCredentials from './authorization/api-server-static-credentials.js';
import apiServerUserAuthentication from './authorization/api-server-user-authentication.js';
import apiServerRbac from './authorization/api-server-rbac.js';
import apiServerAlwaysAllow from './authorization/api-server-always-allow.js';
import apiServerNodeRestriction from './authorization/api-server-node-restriction.js';
import kubeletAnonymousAuth from './authorization/kubelet-anonymous-auth.js';
import kubeletClientCertificateAuth from './authorization/kubelet-client-certificate-auth.js';
import kubeletWebhookAuthorization from './authorization/kubelet-webhook-authorization.js';
import kubeletReadOnlyPort from './authorization/kubelet-read-only-port.js';
import auditLoggingEnabled from './logging/audit-logging-enabled.js';
import auditPolicyValid from './logging/audit-policy-valid.js';
import auditCatchAllRule from './logging/audit-catch-all-rule.js';
import auditSecretsMetadata from './logging/audit-secrets-metadata.js';
import auditAnonymousLogged from './logging/audit-anonymous-logged.js';
import auditDetectionEvents from './logging/audit-detection-events.js';
import auditLogRetention from './logging/audit-log-retention.js';
import auditLogPersisted from './logging/audit-log-persisted.js';
import auditWebhookTls from './logging/audit-webhook-tls.js';
import kubeletLogRotation from './logging/kubelet-log-rotation.js';
import podSecurityAdmissionDefaults from './pod-security/pod-security-admission-defaults.js';
import podSecurityAdmissionEnabled from './pod-security/pod-security-admission-enabled.js';
import kubeletSeccompDefault from './pod-security/kubelet-seccomp-default.js';
import kubeletPodPidLimit from './network/kubelet-pod-pid-limit.js';
import kubeletPidReservation from './network/kubelet-pid-reservation.js';

/** Every built-in control, in catalog order. Registration is explicit: no import side effects. */
export const builtinControls: readonly ControlDefinition[] = ([
  runAsNonRoot,
  noRootUid,
  nonRootGroups,
  imageNonRootUser,
  readOnlyRootFilesystem,
  privilegedContainers,
  privilegeEscalation,
  hostPidIpc,
  hostNetwork,
  hostPathVolumes,
  hostPorts,
  dropAllCapabilities,
  addedCapabilities,
  seccompProfile,
  apparmorProfile,
  selinuxOptions,
  linuxHardening,
  procMount,
  unsafeSysctls,
  windowsHostProcess,
  volumeTypes,
  probeHost,
  serviceAccountTokenAutomount,
  serviceAccountAutomountOptOut,
  dedicatedServiceAccounts,
  podSecurityAdmissionLabels,
  podSecurityAdmissionDefaults,
  podSecurityAdmissionEnabled,
  podSecurityAuditWarn,
  podSecurityPolicyRemoved,
  imageVerificationAdmission,
  trustedRegistries,
  imageTagPinned,
  sandboxedRuntime,
  kubeletSeccompDefault,
  userNamespaces,
  systemNamespaceWorkloads,
  namespaceHygiene,
  cniNetworkPolicySupport,
  defaultDenyIngress,
  defaultDenyEgress,
  namespaceNetworkPolicy,
  workloadNetworkIsolation,
  networkPolicyWellFormed,
  cloudMetadataEgress,
  namespaceLimitRange,
  namespaceResourceQuota,
  cpuLimits,
  memoryLimits,
  resourceRequests,
  externalServicesTls,
  kubeSystemEgress,
  kubeletPodPidLimit,
  kubeletPidReservation,
  apiServerInsecurePort,
  apiServerTls,
  apiServerEtcdTls,
  etcdClientTls,
  etcdPeerTls,
  etcdDedicatedCa,
  etcdListenAddress,
  kubeconfigPermissions,
  schedulerControllerManagerBindAddress,
  apiServerKubeletTls,
  kubeletServingTls,
  encryptionAtRest,
  encryptionProviders,
  kmsEncryption,
  encryptionConfigPermissions,
  apiServerAnonymousAuth,
  apiServerStaticCredentials,
  apiServerUserAuthentication,
  apiServerRbac,
  apiServerAlwaysAllow,
  apiServerNodeRestriction,
  kubeletAnonymousAuth,
  kubeletClientCertificateAuth,
  kubeletWebhookAuthorization,
  kubeletReadOnlyPort,
  auditLoggingEnabled,
  auditPolicyValid,
  auditCatchAllRule,
  auditSecretsMetadata,
  auditAnonymousLogged,
  auditDetectionEvents,
  auditLogRetention,
  auditLogPersisted,
  auditWebhookTls,
  logForwardingAgent,
  kubeletLogRotation,
  seccompAuditProfiles,
  runtimeThreatDetection,
  metricsAndAlerting,
  serviceMeshMtls,
  kubeconfigStaticCredentials,
  plaintextCredentials,
  legacyServiceAccountTokens,
  supportedKubernetesVersions,
  knownVulnerableComponents,
  endOfLifeComponents,
  removedApiVersions,
  nodeSoftwareCurrency,
  unusedComponents,
  imageVulnerabilities,
  imageVulnerabilityEvidence,
  secretsReadAccess,
  anonymousAccessBindings,
  clusterAdminBindings,
  wildcardRbacRules,
  execAttachPermissions,
  escalationPermissions,
  defaultServiceAccountBindings,
  namespaceScopedGrants,
] as ControlDefinition[]).sort((a, b) => (catalogOrder.get(a.meta.id) ?? 0) - (catalogOrder.get(b.meta.id) ?? 0));
