import { readFileSync } from 'node:fs';
import type { Finding } from '../core/report.js';
import { asArray, asRecord } from '../core/values.js';
import type { ScanSettings } from '../engine/settings.js';
import type { ControlId } from '../guidance/catalog.js';
import { parsePssVersion } from '../pss/evaluate.js';
import type { ConformanceCase, ProjectName } from './model.js';

/** Which peer cases an entry covers: a concept, optionally narrowed to one project and some of its checks. */
interface Selector {
  readonly concept: string;
  readonly project?: ProjectName;
  /** The peer's check / rule / test names (INDEX `check` or `rule` column). */
  readonly checks?: readonly string[];
}

/** A concept that corresponds to kubeharden controls, and how to judge a case against them. */
export interface ConceptMapping extends Selector {
  readonly type: 'mapped';
  readonly controls: readonly ControlId[];
  /**
   * Which findings of those controls answer the peer's question (default: every failed finding). Used
   * when a control judges more than the peer looks at, e.g. NSA-POD-008 covers hostPID and hostIPC.
   */
  readonly accept?: (finding: Finding) => boolean;
  /** Our warnings flag the object too (the catalog's "warn when" is the peer's failure). */
  readonly countWarnings?: boolean;
  /**
   * The counted findings do not depend on the evidence whose absence makes the control "not evaluated"
   * (NSA-POD-025's default-ServiceAccount warning needs no binding): a case without them is a pass even
   * then. By default such a case is not evaluated, never a pass.
   */
  readonly judgedWhenNotEvaluated?: boolean;
  /** kube-score grades: which controls make a CRITICAL and which a WARNING. Default: both mean flagged. */
  readonly grades?: { readonly fail: readonly ControlId[]; readonly warn: readonly ControlId[] };
  /** Scan settings the case needs (a Kubernetes version, a registry allow-list from the peer's inputs). */
  readonly settings?: (c: ConformanceCase) => Partial<ScanSettings>;
  /** Why a case cannot be reproduced: the peer ran it with an option kubeharden has no equivalent for. */
  readonly exclude?: (c: ConformanceCase) => string | undefined;
  /** One line: what is compared. */
  readonly note: string;
}

/** A concept with no corresponding NSA control. */
export interface OutOfScope extends Selector {
  readonly type: 'out-of-scope';
  readonly reason: string;
}

export type MappingEntry = ConceptMapping | OutOfScope;

const onPath =
  (pattern: RegExp) =>
  (finding: Finding): boolean =>
    pattern.test(finding.path);
const withMessageId =
  (id: string) =>
  (finding: Finding): boolean =>
    finding.messageId === id;
const withMessage =
  (pattern: RegExp) =>
  (finding: Finding): boolean =>
    pattern.test(finding.message);

/** kube-score's Kubernetes version (1.18 unless the test sets another) as the target version for removed APIs. */
const kubeScoreVersion = (c: ConformanceCase): Partial<ScanSettings> =>
  c.kubernetesVersion ? { pssVersion: parsePssVersion(`v${c.kubernetesVersion}`) } : {};

/** Kubescape's registry allow-list (data.json `imageRepositoryAllowList`) as kubeharden's trusted registries. */
function kubescapeRegistries(c: ConformanceCase): Partial<ScanSettings> {
  if (!c.peerData) return {};
  const data = asRecord(JSON.parse(readFileSync(c.peerData, 'utf8')));
  const list = asArray(asRecord(data?.['postureControlInputs'])?.['imageRepositoryAllowList']).filter((v): v is string => typeof v === 'string');
  return list.length > 0 ? { trustedRegistries: list } : {};
}

/** Kubescape's per-repository digest exemptions (data.json `imageDigestExemptRepositories`) have no kubeharden equivalent. */
function kubescapeDigestExemptions(c: ConformanceCase): string | undefined {
  if (!c.peerData) return undefined;
  const data = asRecord(JSON.parse(readFileSync(c.peerData, 'utf8')));
  const exempt = asArray(asRecord(data?.['postureControlInputs'])?.['imageDigestExemptRepositories']);
  return exempt.length > 0 ? `Kubescape ran with imageDigestExemptRepositories ${JSON.stringify(exempt)}; NSA-POD-033 has no exemption list` : undefined;
}

/** kube-score options that switch off the limit requirement: NSA asks for limits whatever the tool is told. */
function kubeScoreIgnoresLimits(c: ConformanceCase): string | undefined {
  return /IgnoreContainer(Cpu|Memory)LimitRequirement/.test(c.peerConfig ?? '')
    ? `kube-score ran with ${c.peerConfig}; NSA-NET-012/013 have no option to waive limits`
    : undefined;
}

/**
 * Kubescape's C-0004/C-0050 also fail values outside configured bounds (data.json `cpu_limit_max` and the
 * like): a range policy of the user's, not something the guidance asks for, and kubeharden has no bounds option.
 */
function kubescapeResourceBounds(c: ConformanceCase): string | undefined {
  if (!c.peerData) return undefined;
  const inputs = asRecord(asRecord(JSON.parse(readFileSync(c.peerData, 'utf8')))?.['postureControlInputs']) ?? {};
  const bounds = Object.entries(inputs).filter(([key, value]) => /_(max|min)$/.test(key) && asArray(value).some((v) => typeof v === 'string' && v !== ''));
  return bounds.length > 0
    ? `Kubescape ran with resource bounds ${bounds.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ')}; NSA-NET-012/013/014 ask for requests and limits to be set, not for ranges`
    : undefined;
}

const cis = 'a CIS benchmark item the NSA guidance does not ask for';
const hostData = 'Kubescape feeds these rules host-sensor or cloud objects; such cases are skipped, kubeharden reads the files or APIs themselves';

/**
 * Concept → kubeharden controls. Concepts are the INDEX files' normalised `concept` column; an entry
 * narrowed to a project or to checks wins over a broader one. Every concept of the four projects must be
 * covered here, either mapped or out of scope (the conformance test asserts it).
 */
export const conceptMappings: readonly MappingEntry[] = [
  // ---- Pod security (NSA-POD) ----
  { type: 'mapped', concept: 'privileged', controls: ['NSA-POD-006'], note: 'securityContext.privileged: true on any container' },
  {
    type: 'mapped',
    concept: 'privileged',
    project: 'kubescape-regolibrary',
    controls: ['NSA-POD-006', 'NSA-POD-013'],
    accept: (f) => f.controlId === 'NSA-POD-006' || /\bSYS_ADMIN\b/.test(f.message),
    note: 'C-0057 also fails on capabilities.add SYS_ADMIN (catalog), which kubeharden reports under NSA-POD-013',
  },
  { type: 'mapped', concept: 'hostPID', controls: ['NSA-POD-008'], accept: onPath(/\.hostPID$/), note: 'spec.hostPID: true' },
  { type: 'mapped', concept: 'hostIPC', controls: ['NSA-POD-008'], accept: onPath(/\.hostIPC$/), note: 'spec.hostIPC: true' },
  { type: 'mapped', concept: 'hostPID+hostIPC', controls: ['NSA-POD-008'], note: 'spec.hostPID or spec.hostIPC: true' },
  { type: 'mapped', concept: 'hostNetwork', controls: ['NSA-POD-009'], note: 'spec.hostNetwork: true' },
  { type: 'mapped', concept: 'hostPath', controls: ['NSA-POD-010'], note: 'any hostPath volume (no allow-list configured)' },
  { type: 'mapped', concept: 'hostPath-writable', controls: ['NSA-POD-010'], note: 'NSA forbids every hostPath; read-only ones only from an allow-list' },
  { type: 'mapped', concept: 'hostPath-sensitive', controls: ['NSA-POD-010'], note: 'NSA forbids every hostPath, sensitive or not' },
  { type: 'mapped', concept: 'hostPath-credentials', controls: ['NSA-POD-010'], note: 'NSA forbids every hostPath, credential paths or not' },
  { type: 'mapped', concept: 'docker-socket-mount', controls: ['NSA-POD-010'], note: 'the runtime socket arrives through a hostPath volume' },
  { type: 'mapped', concept: 'hostPort', controls: ['NSA-POD-011'], note: 'containers[*].ports[*].hostPort set and non-zero' },
  { type: 'mapped', concept: 'runAsNonRoot', controls: ['NSA-POD-001'], note: 'runAsNonRoot not true and runAsUser unset or 0' },
  {
    type: 'mapped',
    concept: 'runAsNonRoot',
    project: 'kubescape-regolibrary',
    controls: ['NSA-POD-001', 'NSA-POD-003'],
    accept: (f) => f.controlId === 'NSA-POD-001' || f.messageId === 'rootGroup',
    note: 'C-0013 also fails when runAsGroup is unset or 0 (catalog), which kubeharden reports under NSA-POD-003',
  },
  {
    type: 'mapped',
    concept: 'runAsNonRoot',
    project: 'kube-linter',
    controls: ['NSA-POD-001', 'NSA-POD-003'],
    accept: (f) => f.controlId === 'NSA-POD-001' || (f.messageId === 'rootGroup' && / is 0 /.test(f.message)),
    note: 'run-as-non-root also reports an explicit runAsGroup 0, which kubeharden reports under NSA-POD-003',
  },
  { type: 'mapped', concept: 'runAsUser0', controls: ['NSA-POD-002'], note: 'runAsUser: 0 on the pod or a container' },
  {
    type: 'mapped',
    concept: 'runAsUser-low-uid-gid',
    controls: ['NSA-POD-001', 'NSA-POD-002', 'NSA-POD-003'],
    accept: (f) => f.controlId !== 'NSA-POD-003' || f.messageId === 'rootGroup',
    note: 'kube-score wants runAsUser and runAsGroup >= 10000; NSA asks for non-root (non-zero) user and group',
  },
  { type: 'mapped', concept: 'fsGroup', controls: ['NSA-POD-003'], accept: (f) => f.messageId === 'rootFsGroup', note: 'fsGroup: 0' },
  {
    type: 'mapped',
    concept: 'supplementalGroups',
    controls: ['NSA-POD-003'],
    accept: (f) => f.messageId === 'rootSupplementalGroup',
    note: 'supplementalGroups contains 0',
  },
  { type: 'mapped', concept: 'readOnlyRootFilesystem', controls: ['NSA-POD-005'], note: 'readOnlyRootFilesystem not true (unset fails)' },
  { type: 'mapped', concept: 'allowPrivilegeEscalation', controls: ['NSA-POD-007'], note: 'allowPrivilegeEscalation not false (unset fails)' },
  { type: 'mapped', concept: 'capabilities-added', controls: ['NSA-POD-013'], note: 'capabilities.add beyond the allow-list (default NET_BIND_SERVICE)' },
  { type: 'mapped', concept: 'capabilities-drop-all', controls: ['NSA-POD-012'], note: 'capabilities.drop without ALL' },
  {
    type: 'mapped',
    concept: 'capabilities-drop-netraw',
    controls: ['NSA-POD-012', 'NSA-POD-013'],
    note: 'NET_RAW not dropped (NSA: drop ALL) or NET_RAW added',
  },
  { type: 'mapped', concept: 'seccomp', controls: ['NSA-POD-014'], note: 'effective seccompProfile unset or Unconfined; a kube-score WARNING is a failure' },
  { type: 'mapped', concept: 'apparmor', controls: ['NSA-POD-015'], note: 'AppArmor Unconfined or a disallowed annotation' },
  { type: 'mapped', concept: 'selinux', controls: ['NSA-POD-016'], note: 'seLinuxOptions with a non-container type, or a user/role' },
  {
    type: 'mapped',
    concept: 'linux-hardening(seccomp/apparmor/selinux/cap-drop)',
    controls: ['NSA-POD-017'],
    note: 'none of seccomp, AppArmor, SELinux options or capabilities.drop',
  },
  {
    type: 'mapped',
    concept: 'linux-hardening(seccomp/apparmor/selinux/cap-drop)',
    project: 'kubescape-regolibrary',
    controls: ['NSA-POD-014'],
    note: 'C-0055 now checks the seccomp profile only (catalog §8)',
  },
  { type: 'mapped', concept: 'procMount', controls: ['NSA-POD-018'], note: 'procMount other than Default' },
  { type: 'mapped', concept: 'sysctls', controls: ['NSA-POD-019'], note: 'a sysctl outside the PSS safe list' },
  { type: 'mapped', concept: 'windows-hostProcess', controls: ['NSA-POD-020'], note: 'windowsOptions.hostProcess: true' },
  { type: 'mapped', concept: 'volume-types', controls: ['NSA-POD-021'], note: 'a volume type outside the restricted list' },
  { type: 'mapped', concept: 'probe-lifecycle-host', controls: ['NSA-POD-022'], note: 'probe or lifecycle handler with a host' },
  {
    type: 'mapped',
    concept: 'automountServiceAccountToken',
    controls: ['NSA-POD-023'],
    note: 'effective automount (pod, then its ServiceAccount, then true) on the pod',
  },
  {
    type: 'mapped',
    concept: 'automountServiceAccountToken',
    project: 'kubescape-regolibrary',
    checks: ['automount-default-service-account'],
    controls: ['NSA-POD-024'],
    note: 'a ServiceAccount without automountServiceAccountToken: false',
  },
  {
    type: 'mapped',
    concept: 'automountServiceAccountToken',
    project: 'kubescape-regolibrary',
    checks: ['serviceaccount-token-mount'],
    controls: ['NSA-POD-025'],
    note: 'a pod that mounts the token of a ServiceAccount with RBAC bindings',
  },
  {
    type: 'mapped',
    concept: 'default-serviceaccount',
    controls: ['NSA-POD-025'],
    countWarnings: true,
    judgedWhenNotEvaluated: true,
    note: 'the catalog warns when serviceAccountName is unset or default (with or without bindings in the input)',
  },
  {
    type: 'mapped',
    concept: 'psa-namespace-labels',
    controls: ['NSA-POD-026'],
    note: 'Namespace without pod-security.kubernetes.io/enforce at baseline or restricted',
  },
  {
    type: 'mapped',
    concept: 'image-registry-allowlist',
    controls: ['NSA-POD-032'],
    settings: kubescapeRegistries,
    note: 'image registry not on the allow-list (the case\'s data.json list)',
  },
  { type: 'mapped', concept: 'image-latest-tag', controls: ['NSA-POD-033'], note: 'image tagged latest or untagged (a missing digest is only a warning)' },
  {
    type: 'mapped',
    concept: 'image-digest',
    controls: ['NSA-POD-033'],
    countWarnings: true,
    exclude: kubescapeDigestExemptions,
    note: 'image without a valid digest (a catalog warning)',
  },
  // ---- Network separation and hardening (NSA-NET) ----
  {
    type: 'mapped',
    concept: 'network-policy',
    controls: ['NSA-NET-007'],
    note: 'workload not selected by NetworkPolicies covering Ingress and Egress',
  },
  {
    type: 'mapped',
    concept: 'network-policy',
    project: 'kubescape-regolibrary',
    checks: ['internal-networking'],
    controls: ['NSA-NET-006'],
    note: 'Namespace without any NetworkPolicy (C-0054)',
  },
  {
    type: 'out-of-scope',
    concept: 'network-policy',
    project: 'kubescape-regolibrary',
    checks: ['dangling-networkpolicy'],
    reason: 'NetworkPolicy selecting no pod: NSA-NET-008 judges well-formedness, not whether a selector matches workloads',
  },
  {
    type: 'out-of-scope',
    concept: 'network-policy',
    project: 'kube-linter',
    checks: ['dangling-networkpolicy', 'dangling-networkpolicypeer-podselector'],
    reason: 'NetworkPolicy (or peer) selecting no pod: NSA-NET-008 judges well-formedness, not whether a selector matches workloads',
  },
  {
    type: 'out-of-scope',
    concept: 'network-policy',
    project: 'kube-score',
    checks: ['NetworkPolicy targets Pod'],
    reason: 'NetworkPolicy selecting no pod: NSA-NET-008 judges well-formedness, not whether a selector matches workloads',
  },
  { type: 'mapped', concept: 'ingress-tls', controls: ['NSA-NET-017'], note: 'Ingress without spec.tls' },
  {
    type: 'mapped',
    concept: 'cloud-metadata-access',
    controls: ['NSA-NET-009'],
    note: hostData,
  },
  { type: 'mapped', concept: 'cni-netpol-support', controls: ['NSA-NET-003'], note: hostData },
  {
    type: 'mapped',
    concept: 'resource-limits',
    controls: ['NSA-NET-012', 'NSA-NET-013'],
    note: 'a container without CPU or memory limits',
  },
  {
    type: 'mapped',
    concept: 'resource-limits',
    project: 'kube-score',
    controls: ['NSA-NET-012', 'NSA-NET-013', 'NSA-NET-014'],
    grades: { fail: ['NSA-NET-012', 'NSA-NET-013'], warn: ['NSA-NET-014'] },
    exclude: kubeScoreIgnoresLimits,
    note: 'CRITICAL = a limit missing (NET-012/013), WARNING = only a request missing (NET-014)',
  },
  { type: 'mapped', concept: 'resource-limits:cpu', controls: ['NSA-NET-012'], note: 'a container without resources.limits.cpu' },
  { type: 'mapped', concept: 'resource-limits:memory', controls: ['NSA-NET-013'], note: 'a container without resources.limits.memory' },
  {
    type: 'mapped',
    concept: 'resource-requests:cpu',
    controls: ['NSA-NET-014'],
    accept: withMessage(/\bcpu\b/i),
    note: 'a container without resources.requests.cpu',
  },
  {
    type: 'mapped',
    concept: 'resource-requests:memory',
    controls: ['NSA-NET-014'],
    accept: withMessage(/\bmemory\b/i),
    note: 'a container without resources.requests.memory',
  },
  {
    type: 'mapped',
    concept: 'resource-limits+requests:cpu',
    controls: ['NSA-NET-012', 'NSA-NET-014'],
    accept: (f) => f.controlId === 'NSA-NET-012' || /\bcpu\b/i.test(f.message),
    exclude: kubescapeResourceBounds,
    note: 'a container without CPU limit or request',
  },
  {
    type: 'mapped',
    concept: 'resource-limits+requests:memory',
    controls: ['NSA-NET-013', 'NSA-NET-014'],
    accept: (f) => f.controlId === 'NSA-NET-013' || /\bmemory\b/i.test(f.message),
    exclude: kubescapeResourceBounds,
    note: 'a container without memory limit or request',
  },
  // ---- Control plane (NSA-CP, NSA-AUTH, NSA-LOG, NSA-SEC on static pod manifests) ----
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-anonymous-auth-argument-is-set-to-false'],
    controls: ['NSA-AUTH-001'],
    note: 'kube-apiserver --anonymous-auth not false',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-token-auth-file-parameter-is-not-set'],
    controls: ['NSA-AUTH-003'],
    note: 'kube-apiserver --token-auth-file set',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-client-ca-file-argument-is-set-as-appropriate'],
    controls: ['NSA-AUTH-004'],
    note: 'kube-apiserver with no strong authenticator (client CA, OIDC, webhook)',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-authorization-mode-argument-includes-RBAC', 'rbac-enabled-native'],
    controls: ['NSA-AUTH-005'],
    note: 'kube-apiserver --authorization-mode without RBAC',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-authorization-mode-argument-is-not-set-to-AlwaysAllow'],
    controls: ['NSA-AUTH-006'],
    note: 'kube-apiserver --authorization-mode with AlwaysAllow',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: [
      'ensure-that-the-api-server-authorization-mode-argument-includes-Node',
      'ensure-that-the-admission-control-plugin-NodeRestriction-is-set',
    ],
    controls: ['NSA-AUTH-007'],
    note: 'kube-apiserver without the Node authorizer or NodeRestriction',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['insecure-port-flag'],
    controls: ['NSA-CP-001'],
    note: 'kube-apiserver --insecure-port not 0',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-tls-cert-file-and-tls-private-key-file-arguments-are-set-as-appropriate'],
    controls: ['NSA-CP-002'],
    accept: withMessageId('noCertificate'),
    note: 'kube-apiserver without --tls-cert-file/--tls-private-key-file',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: [
      'ensure-that-the-controller-manager-bind-address-argument-is-set-to-127.0.0.1',
      'ensure-that-the-scheduler-bind-address-argument-is-set-to-127.0.0.1',
    ],
    controls: ['NSA-CP-010'],
    note: 'controller-manager or scheduler --bind-address not 127.0.0.1',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-kubelet-client-certificate-and-kubelet-client-key-arguments-are-set-as-appropriate'],
    controls: ['NSA-CP-012'],
    accept: withMessageId('noClientCertificate'),
    note: 'kube-apiserver without a kubelet client certificate and key',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-kubelet-certificate-authority-argument-is-set-as-appropriate'],
    controls: ['NSA-CP-012'],
    accept: withMessageId('noKubeletCa'),
    note: 'kube-apiserver without --kubelet-certificate-authority',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-encryption-provider-config-argument-is-set-as-appropriate'],
    controls: ['NSA-SEC-001'],
    note: 'kube-apiserver without --encryption-provider-config',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-encryption-providers-are-appropriately-configured'],
    controls: ['NSA-SEC-002'],
    note: 'EncryptionConfiguration whose first provider for secrets is identity',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-audit-log-path-argument-is-set'],
    controls: ['NSA-LOG-001'],
    accept: withMessageId('noBackend'),
    note: 'kube-apiserver without an audit log path (or webhook)',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['k8s-audit-logs-enabled-native', 'k8s-audit-logs-enabled-native-cis'],
    controls: ['NSA-LOG-001'],
    accept: withMessageId('noPolicy'),
    note: 'kube-apiserver without --audit-policy-file (C-0067 and C-0160 check only the policy flag)',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['ensure-that-the-api-server-audit-log-maxage-argument-is-set-to-30-or-as-appropriate'],
    controls: ['NSA-LOG-007'],
    accept: (f) => f.messageId === 'maxAgeUnset' || f.messageId === 'maxAgeShort',
    note: 'kube-apiserver --audit-log-maxage unset or too low',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: [
      'ensure-that-the-api-server-audit-log-maxbackup-argument-is-set-to-10-or-as-appropriate',
      'ensure-that-the-api-server-audit-log-maxsize-argument-is-set-to-100-or-as-appropriate',
    ],
    controls: ['NSA-LOG-007'],
    accept: withMessageId('rotationUnset'),
    countWarnings: true,
    note: 'the catalog warns when --audit-log-maxbackup or --audit-log-maxsize is unset',
  },
  {
    type: 'mapped',
    concept: 'control-plane-config',
    checks: ['audit-policy-content'],
    controls: ['NSA-LOG-002', 'NSA-LOG-003', 'NSA-LOG-004', 'NSA-LOG-006'],
    note: 'audit policy contents',
  },
  {
    type: 'out-of-scope',
    concept: 'control-plane-config',
    checks: ['psp-enabled-native'],
    reason: 'C-0068 fails when the PodSecurityPolicy admission plugin is NOT enabled; the catalog asks the opposite (NSA-POD-030: PSP was removed in 1.25)',
  },
  {
    type: 'out-of-scope',
    concept: 'control-plane-config',
    reason: `a kube-apiserver, controller-manager, scheduler or kube-proxy flag that is ${cis}`,
  },
  {
    type: 'mapped',
    concept: 'etcd-config',
    checks: ['ensure-that-the-api-server-etcd-cafile-argument-is-set-as-appropriate'],
    controls: ['NSA-CP-003'],
    accept: withMessage(/--etcd-cafile/),
    note: 'kube-apiserver without --etcd-cafile',
  },
  {
    type: 'mapped',
    concept: 'etcd-config',
    checks: ['ensure-that-the-api-server-etcd-certfile-and-etcd-keyfile-arguments-are-set-as-appropriate'],
    controls: ['NSA-CP-003'],
    accept: withMessage(/--etcd-(certfile|keyfile)/),
    note: 'kube-apiserver without --etcd-certfile or --etcd-keyfile',
  },
  {
    type: 'mapped',
    concept: 'etcd-config',
    checks: ['etcd-tls-enabled'],
    controls: ['NSA-CP-004'],
    accept: withMessage(/--(cert|key)-file/),
    note: 'etcd without --cert-file or --key-file',
  },
  { type: 'mapped', concept: 'etcd-config', checks: ['etcd-client-auth-cert'], controls: ['NSA-CP-004'], accept: withMessageId('clientCertAuthOff'), note: 'etcd without --client-cert-auth=true' },
  { type: 'mapped', concept: 'etcd-config', checks: ['etcd-auto-tls-disabled'], controls: ['NSA-CP-004'], accept: withMessageId('autoTls'), note: 'etcd with --auto-tls=true' },
  {
    type: 'mapped',
    concept: 'etcd-config',
    checks: ['etcd-peer-tls-enabled'],
    controls: ['NSA-CP-005'],
    accept: withMessage(/--peer-(cert|key)-file/),
    note: 'etcd without --peer-cert-file or --peer-key-file',
  },
  { type: 'mapped', concept: 'etcd-config', checks: ['etcd-peer-client-auth-cert'], controls: ['NSA-CP-005'], accept: withMessageId('peerAuthOff'), note: 'etcd without --peer-client-cert-auth=true' },
  { type: 'mapped', concept: 'etcd-config', checks: ['etcd-peer-auto-tls-disabled'], controls: ['NSA-CP-005'], accept: withMessageId('autoTls'), note: 'etcd with --peer-auto-tls=true' },
  { type: 'mapped', concept: 'etcd-config', checks: ['etcd-unique-ca'], controls: ['NSA-CP-006'], note: 'etcd trusts the cluster CA' },
  { type: 'mapped', concept: 'etcd-config', checks: ['etcd-encryption-native'], controls: ['NSA-SEC-001'], note: 'no --encryption-provider-config' },
  { type: 'mapped', concept: 'etcd-encryption', controls: ['NSA-SEC-001'], note: hostData },
  {
    type: 'mapped',
    concept: 'kubelet-config',
    controls: ['NSA-AUTH-008', 'NSA-AUTH-009', 'NSA-AUTH-010', 'NSA-AUTH-011', 'NSA-CP-013', 'NSA-NET-015'],
    note: hostData,
  },
  { type: 'mapped', concept: 'node-file-permissions', controls: ['NSA-CP-008', 'NSA-SEC-004'], note: hostData },
  {
    type: 'mapped',
    concept: 'cloud-provider',
    controls: ['NSA-CP-011', 'NSA-SEC-001', 'NSA-LOG-001', 'NSA-NET-003'],
    note: `managed-cluster settings (endpoint access, KMS, audit logs, CNI); ${hostData}`,
  },
  {
    type: 'mapped',
    concept: 'cloud-provider',
    checks: ['encrypt-traffic-to-https-load-balancers-with-tls-certificates', 'ensure-https-loadbalancers-encrypted-with-tls-aws'],
    controls: ['NSA-NET-017'],
    note: 'LoadBalancer Service exposing plain HTTP without TLS termination',
  },
  {
    type: 'out-of-scope',
    concept: 'cloud-provider',
    checks: ['alert-container-optimized-os-not-in-use', 'alert-fargate-not-in-use'],
    reason: 'the choice of node OS image or of Fargate is not in the guidance',
  },
  {
    type: 'out-of-scope',
    concept: 'cloud-provider',
    checks: ['ensure-external-secrets-storage-is-in-use'],
    reason: 'an external secret store (Vault, CSI driver) is not asked for; the guidance asks for encryption at rest (NSA-SEC-001/002)',
  },
  {
    type: 'out-of-scope',
    concept: 'cloud-provider',
    checks: ['review-roles-with-aws-iam-authenticator'],
    reason: 'a manual review of the aws-auth ConfigMap',
  },
  // ---- Secrets (NSA-SEC) ----
  {
    type: 'mapped',
    concept: 'secrets-in-env',
    controls: ['NSA-SEC-005'],
    note: 'env value literal with a sensitive name or a secret-looking value',
  },
  {
    type: 'out-of-scope',
    concept: 'secrets-in-env',
    project: 'kubescape-regolibrary',
    checks: ['rule-secrets-in-env-var'],
    reason: 'C-0207 flags Secrets consumed through env (secretKeyRef/envFrom); NSA asks for credentials in Secrets, not for file mounts over env',
  },
  {
    type: 'out-of-scope',
    concept: 'secrets-in-env(secretKeyRef)',
    reason: 'flags Secrets consumed through env (secretKeyRef); NSA asks for credentials in Secrets, not for file mounts over env',
  },
  { type: 'mapped', concept: 'secrets-in-configmap', controls: ['NSA-SEC-005'], note: 'ConfigMap key/value that looks like a credential' },
  { type: 'mapped', concept: 'secrets-access', controls: ['NSA-SEC-006'], note: 'get/list/watch on secrets bound to a non-admin subject' },
  // ---- Authentication and authorization (NSA-AUTH) ----
  { type: 'mapped', concept: 'rbac-anonymous-binding', controls: ['NSA-AUTH-002'], note: 'binding to system:anonymous or system:unauthenticated' },
  {
    type: 'mapped',
    concept: 'rbac-system-authenticated',
    controls: ['NSA-AUTH-002'],
    countWarnings: true,
    note: 'the catalog warns on system:authenticated bound to non-default roles',
  },
  { type: 'mapped', concept: 'cluster-admin-binding', controls: ['NSA-AUTH-012'], note: 'cluster-admin (or equivalent) bound to a non-allow-listed subject' },
  { type: 'mapped', concept: 'rbac-wildcard', controls: ['NSA-AUTH-013'], note: '* in verbs, resources or apiGroups of a non-system role' },
  {
    type: 'mapped',
    concept: 'rbac-wildcard',
    project: 'polaris',
    checks: ['rolebindingClusterAdminRole'],
    controls: ['NSA-AUTH-012'],
    note: 'a RoleBinding to a Role with cluster-admin rules: NSA-AUTH-012 judges bindings of full-wildcard rules (NSA-AUTH-013 judges the role alone)',
  },
  { type: 'mapped', concept: 'exec-access', controls: ['NSA-AUTH-014'], note: 'create (or *) on pods/exec, pods/attach, pods/* or *' },
  {
    type: 'out-of-scope',
    concept: 'exec-access',
    project: 'polaris',
    checks: ['clusterrolePodExecAttach', 'rolePodExecAttach'],
    reason: 'judges a Role or ClusterRole that no binding grants to anyone; NSA-AUTH-014 judges subjects bound to exec/attach rules (Polaris\' binding checks of the same rules are judged)',
  },
  {
    type: 'mapped',
    concept: 'rbac-impersonate',
    controls: ['NSA-AUTH-015'],
    note: 'impersonate on users, groups, serviceaccounts or uids',
  },
  { type: 'mapped', concept: 'rbac-bind-escalate', controls: ['NSA-AUTH-015'], note: 'bind/escalate on roles or clusterroles' },
  { type: 'mapped', concept: 'rbac-create-sa-token', controls: ['NSA-AUTH-015'], note: 'create on serviceaccounts/token' },
  { type: 'mapped', concept: 'rbac-approve-csr', controls: ['NSA-AUTH-015'], note: 'approve on certificate signing requests' },
  { type: 'mapped', concept: 'rbac-default-sa-bindings', controls: ['NSA-AUTH-016'], note: 'a binding whose subject is a default ServiceAccount' },
  {
    type: 'out-of-scope',
    concept: 'rbac-sa-permissions',
    reason:
      'C-0053 (MITRE) lists every ServiceAccount a binding names, whatever the role grants and with no pod in the input: an inventory. The catalog judges a pod\'s token by what it grants (NSA-POD-025) and bindings of default ServiceAccounts (NSA-AUTH-016)',
  },
  { type: 'mapped', concept: 'rbac-workload-admin', controls: ['NSA-POD-025'], note: 'a pod whose mounted token grants write verbs cluster-wide or any access to Secrets' },
  { type: 'mapped', concept: 'rbac-workload-takeover', controls: ['NSA-POD-025'], note: 'a pod whose mounted token grants write verbs cluster-wide (pod creation included) or any access to Secrets' },
  // ---- Upgrades and vulnerabilities (NSA-UPG) ----
  {
    type: 'mapped',
    concept: 'deprecated-apiVersion',
    controls: ['NSA-UPG-004'],
    settings: kubeScoreVersion,
    countWarnings: true,
    note: 'apiVersion removed at the target Kubernetes version (kube-score: the version it ran with)',
  },
  { type: 'mapped', concept: 'cve-subpath-symlink', controls: ['NSA-UPG-002'], note: 'CVE-2021-25741: vulnerable kubelet and volumeMounts[].subPath' },
  { type: 'mapped', concept: 'cve-nginx-snippet', controls: ['NSA-UPG-002'], note: 'CVE-2021-25742: vulnerable ingress-nginx without allow-snippet-annotations: "false"' },
  { type: 'mapped', concept: 'cve-kernel', controls: ['NSA-UPG-002', 'NSA-UPG-005'], note: hostData },
  {
    type: 'mapped',
    concept: 'cve-aggregated-apiserver',
    controls: ['NSA-UPG-002'],
    exclude: () => 'the API server version comes in a Kubescape APIServerInfo object; kubeharden reads /version from the cluster',
    note: 'CVE-2022-3172: vulnerable API server with aggregated APIs',
  },
  { type: 'mapped', concept: 'k8s-version', controls: ['NSA-UPG-001'], note: 'Node kubelet version outside the supported window' },
  { type: 'mapped', concept: 'image-eol', controls: ['NSA-UPG-003'], note: 'end-of-life ingress-nginx controller image' },
  {
    type: 'mapped',
    concept: 'vuln-scan-results',
    controls: ['NSA-UPG-007'],
    exclude: () => 'vulnerabilities come as Kubescape ImageVulnerabilities objects; NSA-UPG-007 reads SBOM, OSV, Trivy or Grype evidence',
    note: 'image with fixable vulnerabilities at or above the threshold',
  },
  {
    type: 'mapped',
    concept: 'dashboard-workload',
    controls: ['NSA-UPG-006'],
    note: 'an admin UI (kubernetes-dashboard) still deployed',
  },
  // ---- Out of scope: no NSA control ----
  ...[
    ['psp:allowed-capabilities', 'judges the contents of PodSecurityPolicy objects (removed in 1.25); NSA-POD-030 flags any PSP, whatever it allows'],
    ['psp:allowprivilegeescalation', 'judges the contents of PodSecurityPolicy objects (removed in 1.25); NSA-POD-030 flags any PSP, whatever it allows'],
    ['psp:hostipc', 'judges the contents of PodSecurityPolicy objects (removed in 1.25); NSA-POD-030 flags any PSP, whatever it allows'],
    ['psp:hostnetwork', 'judges the contents of PodSecurityPolicy objects (removed in 1.25); NSA-POD-030 flags any PSP, whatever it allows'],
    ['psp:hostpid', 'judges the contents of PodSecurityPolicy objects (removed in 1.25); NSA-POD-030 flags any PSP, whatever it allows'],
    ['psp:privileged-container', 'judges the contents of PodSecurityPolicy objects (removed in 1.25); NSA-POD-030 flags any PSP, whatever it allows'],
    ['psp:required-drop-capabilities', 'judges the contents of PodSecurityPolicy objects (removed in 1.25); NSA-POD-030 flags any PSP, whatever it allows'],
    ['psp:root-container', 'judges the contents of PodSecurityPolicy objects (removed in 1.25); NSA-POD-030 flags any PSP, whatever it allows'],
    ['openshift-scc:privileged', 'OpenShift SecurityContextConstraints objects are not in the catalog'],
    ['fsGroupChangePolicy', 'fsGroupChangePolicy is a volume-ownership performance setting, not in the guidance'],
    ['windows-gmsa', 'Windows gMSA credential specs are not in the guidance'],
    ['windows-runAsUserName', 'Windows runAsUserName is not in the guidance (NSA-POD-020 covers HostProcess)'],
    ['image-pull-policy', 'imagePullPolicy is not in the guidance; pinning (NSA-POD-033) is'],
    ['image-registry-blocklist', 'the guidance asks for trusted registries (an allow-list, NSA-POD-032); a block-list has no equivalent'],
    ['image-old-k8s-registry', 'k8s.gcr.io is a frozen registry name, not an end-of-life component (NSA-UPG-003) or an untrusted registry'],
    ['sudo-entrypoint', 'sudo in a container command: image contents; NSA-POD-004 judges the image USER in Dockerfiles'],
    ['ssh-port-exposed', 'an SSH port on a Service is not in the guidance'],
    ['exposure', 'exposing a workload is not a finding in the guidance; NSA-NET-017 judges TLS on exposed Services, which these fixtures do not vary'],
    ['workload-mounts', 'inventories of workloads mounting Secrets, ConfigMaps or PVCs: no NSA control'],
    ['default-namespace', 'the guidance names default as the user namespace; NSA-NET-001 explicitly does not fail on it'],
    ['namespace-without-sa', 'a namespace without ServiceAccounts: no NSA control'],
    ['pv-encryption', 'PersistentVolume encryption: the guidance covers Secrets at rest (NSA-SEC-001/002) only'],
    ['inventory', 'Kubescape inventory rules (namespaces, webhooks): no pass/fail in the guidance'],
    ['manual', 'Kubescape manual-review rules'],
    ['agent-sandbox-crd', 'agent-sandbox CRDs (SandboxTemplate) are not in the catalog'],
    ['cronjob-inventory', 'a CronJob inventory: no NSA control'],
    ['deprecated-serviceAccount-field', 'the deprecated spec.serviceAccount field is not a removed apiVersion (NSA-UPG-004)'],
    ['serviceAccount-nonexistent', 'a reference to a missing ServiceAccount: a dangling reference, not in the guidance'],
    ['duplicate-env', 'duplicate environment variables: a correctness check, not in the guidance'],
    ['env-valueFrom-ref', 'env valueFrom references to missing objects: a correctness check'],
    ['rbac-create-pod', 'pod-creation rights: NSA-AUTH-015 lists escalate, bind, impersonate, token creation and CSR approval only'],
    ['rbac-create-pv', 'PersistentVolume creation rights: no NSA control'],
    ['rbac-delete-events', 'event deletion rights: no NSA control'],
    ['rbac-delete-rights', 'delete rights: no NSA control'],
    ['rbac-update-configmap', 'ConfigMap update rights: no NSA control'],
    ['rbac-proxy-subresource', 'nodes/proxy and services/proxy rights: no NSA control'],
    ['rbac-modify-webhooks', 'admission webhook modification rights: no NSA control'],
    ['rbac-portforward', 'port-forward rights: NSA-AUTH-014 covers exec and attach only'],
    ['rbac-dashboard-access', 'subjects bound to dashboard roles: no NSA control singles out the dashboard\'s RBAC'],
    ['privileged-port(<1024)', 'container ports below 1024: no NSA control (NET_BIND_SERVICE is allowed)'],
    ['resource-limits:ephemeral-storage', 'the guidance asks for CPU and memory limits only'],
    ['resource-requests-eq-limits', 'requests equal to limits (Guaranteed QoS) is not in the guidance'],
    ['resource-requests-eq-limits:cpu', 'requests equal to limits (Guaranteed QoS) is not in the guidance'],
    ['resource-requests-eq-limits:memory', 'requests equal to limits (Guaranteed QoS) is not in the guidance'],
    ['resource-requests-eq-limits:ephemeral-storage', 'requests equal to limits (Guaranteed QoS) is not in the guidance'],
    ['resource-limits-range(custom check)', 'a Polaris custom check (value ranges), not in the guidance'],
    ['naked-pod(custom check)', 'a Polaris custom check (naked pods), not in the guidance'],
    ['one-controller(custom check)', 'a Polaris custom check (one controller), not in the guidance'],
    ['naked-pod', 'pods without a controller: reliability, not in the guidance'],
    ['mixed(default config)', 'Polaris admission verdict under its default config, mixing reliability and security checks: no single control'],
    ['liveness-probe', 'reliability (probes), not in the guidance'],
    ['readiness-probe', 'reliability (probes), not in the guidance'],
    ['probes', 'reliability (probes), not in the guidance'],
    ['probe-port', 'probe ports that match no container port: a correctness check'],
    ['container-ports', 'container port naming and target ports: correctness checks'],
    ['replicas', 'reliability (replica counts), not in the guidance'],
    ['hpa', 'reliability (HorizontalPodAutoscaler settings), not in the guidance'],
    ['hpa-replicas', 'reliability (HorizontalPodAutoscaler settings), not in the guidance'],
    ['pdb', 'reliability (PodDisruptionBudgets), not in the guidance'],
    ['pdb-hpa', 'reliability (PodDisruptionBudgets), not in the guidance'],
    ['anti-affinity', 'reliability (scheduling), not in the guidance'],
    ['node-affinity', 'reliability (scheduling), not in the guidance'],
    ['topology-spread', 'reliability (scheduling), not in the guidance'],
    ['priority-class', 'reliability (scheduling), not in the guidance'],
    ['rollout-strategy', 'reliability (rollout strategy), not in the guidance'],
    ['restart-policy', 'reliability (restart policy), not in the guidance'],
    ['job-ttl', 'Job TTL after finishing: housekeeping, not in the guidance'],
    ['cronjob-config', 'CronJob deadlines and restart policy: reliability, not in the guidance'],
    ['dns-config', 'DNS config options: reliability, not in the guidance'],
    ['statefulset-service', 'StatefulSet serviceName: correctness, not in the guidance'],
    ['service-type', 'Service type NodePort: kube-score style advice; NSA-NET-017 judges TLS on exposed Services'],
    ['selector-mismatch', 'selectors that do not match the pod template: correctness'],
    ['dangling-ref', 'references to missing objects (Services, HPAs, Ingress backends): correctness; NSA-UPG-006 covers unused RBAC and idle workloads'],
    ['labels', 'label and annotation conventions: not in the guidance'],
    ['annotations', 'label and annotation conventions: not in the guidance'],
    ['namespace-set', 'objects without metadata.namespace: not in the guidance (NSA-NET-001 judges which namespace)'],
    ['sorted-keys', 'YAML key order: style'],
    ['schema-validation', 'schema validation of manifests: not in the guidance'],
    ['cel-custom', 'kube-linter custom CEL checks'],
    ['?', 'kube-score custom Go assertions (ignore annotations, lists, line numbers) without a grade'],
  ].map(([concept, reason]) => ({ type: 'out-of-scope' as const, concept: concept as string, reason: reason as string })),
];

/** The most specific entry for a case (checks beat project beats concept), or undefined when the concept is not covered. */
export function mappingFor(c: Pick<ConformanceCase, 'concept' | 'project' | 'check'>): MappingEntry | undefined {
  let best: MappingEntry | undefined;
  let bestScore = -1;
  for (const entry of conceptMappings) {
    if (entry.concept !== c.concept) continue;
    if (entry.project && entry.project !== c.project) continue;
    if (entry.checks && !entry.checks.includes(c.check)) continue;
    const score = (entry.checks ? 2 : 0) + (entry.project ? 1 : 0);
    if (score > bestScore) [best, bestScore] = [entry, score];
  }
  return best;
}
