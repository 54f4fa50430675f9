import type { ControlDefinition } from '../core/control.js';
import addedCapabilities from './pod-security/added-capabilities.js';
import apparmorProfile from './pod-security/apparmor-profile.js';
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

/** Every built-in control, in catalog order. Registration is explicit: no import side effects. */
export const builtinControls: readonly ControlDefinition[] = [
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
  podSecurityAdmissionLabels,
  podSecurityAuditWarn,
  podSecurityPolicyRemoved,
  imageVerificationAdmission,
  trustedRegistries,
  imageTagPinned,
  sandboxedRuntime,
  userNamespaces,
  systemNamespaceWorkloads,
  namespaceHygiene,
  logForwardingAgent,
  seccompAuditProfiles,
  runtimeThreatDetection,
  metricsAndAlerting,
  serviceMeshMtls,
] as ControlDefinition[];
