import type { ProjectName } from './model.js';

/**
 * Cases where kubeharden deliberately judges differently from a peer: the NSA guidance or the control
 * catalog (its Kubescape column and §10) reads the field differently, or the fixture is a known peer
 * quirk. Each entry is one case; docs/conformance.md carries the same table for readers. A listed case
 * that agrees again is reported as stale, so the list cannot silently hide a change.
 */
export interface DeliberateDifference {
  readonly project: ProjectName;
  readonly caseId: string;
  /** What the peer expects. */
  readonly expected: string;
  /** What kubeharden does. */
  readonly ours: string;
  readonly reason: string;
}

const namedCapabilityList =
  'drops a list of named capabilities instead of ALL; NSA App. C (requiredDropCapabilities: [ALL]) and NSA-POD-012 require ALL, Polaris also accepts its list of default capabilities';
const everyHostPath = 'NSA forbids every hostPath volume (Table I, App. C); NSA-POD-010 only passes allow-listed read-only paths, and no allow-list is configured';
const deploymentConfigWithoutContainers =
  'fixture quirk: this DeploymentConfig has a pod template without containers (invalid, containers is required); kubeharden recognises apps.openshift.io DeploymentConfig like any custom workload kind, by spec.template.spec.containers, so the object is not a workload. With a container it is flagged';

export const deliberateDifferences: readonly DeliberateDifference[] = [
  // Polaris
  { project: 'polaris', caseId: 'insecureCapabilities/success', expected: 'pass', ours: 'fail (NSA-POD-012)', reason: namedCapabilityList },
  { project: 'polaris', caseId: 'insecureCapabilities/success.case', expected: 'pass', ours: 'fail (NSA-POD-012)', reason: namedCapabilityList },
  { project: 'polaris', caseId: 'insecureCapabilities/success.pod', expected: 'pass', ours: 'fail (NSA-POD-012)', reason: namedCapabilityList },
  {
    project: 'polaris',
    caseId: 'linuxHardening/failure.drop_capabilities_but_add_all',
    expected: 'fail',
    ours: 'pass (NSA-POD-017)',
    reason: 'drop: [ALL] is hardening for NSA-POD-017, which fails only when none of seccomp, AppArmor, SELinux options or capabilities.drop is set (catalog, C-0055 original semantics); the added ALL is reported by NSA-POD-013',
  },
  // Kubescape
  {
    project: 'kubescape-regolibrary',
    caseId: 'alert-mount-potential-credentials-paths/deployment_no_cloud_provider_pass',
    expected: 'pass',
    ours: 'fail (NSA-POD-010)',
    reason: `${everyHostPath}; Kubescape only flags the credential paths of the cloud provider it detects`,
  },
  {
    project: 'kubescape-regolibrary',
    caseId: 'alert-mount-potential-credentials-paths/pod_eks_passed',
    expected: 'pass',
    ours: 'fail (NSA-POD-010)',
    reason: `${everyHostPath}; Kubescape only flags the credential paths of the cloud provider it detects`,
  },
  {
    project: 'kubescape-regolibrary',
    caseId: 'immutable-container-filesystem/pod-ephemeralcontainer',
    expected: 'fail',
    ours: 'pass (NSA-POD-005)',
    reason: 'only the ephemeral debug container lacks readOnlyRootFilesystem; the catalog scopes NSA-POD-005 to containers and initContainers (as C-0017 is documented), the rule also flags ephemeral containers',
  },
  {
    project: 'kubescape-regolibrary',
    caseId: 'pod-security-admission-applied-2/test',
    expected: 'pass',
    ours: 'fail (NSA-POD-026)',
    reason: 'Kubescape accepts any MutatingWebhookConfiguration on pods as a substitute for PSA labels; the catalog skips NSA-POD-026 only for known equivalent engines (Kyverno PSS policies, Gatekeeper PSP-library constraints), and this webhook (pod-label-add) is neither',
  },
  ...['cronjob', 'pod', 'workload'].map((c) => ({
    project: 'kubescape-regolibrary' as const,
    caseId: `set-fsgroup-value/${c}`,
    expected: 'fail',
    ours: 'pass (NSA-POD-003)',
    reason: 'fsGroup is unset; NSA-POD-003 fails fsGroup 0 only (an unset fsGroup adds no group), C-0211 asks for fsGroup to be set',
  })),
  {
    project: 'kubescape-regolibrary',
    caseId: 'set-procmount-default/workload',
    expected: 'fail',
    ours: 'pass (NSA-POD-018)',
    reason: 'container "php" has no procMount, which Kubernetes treats as Default; C-0211 wants procMount: Default written out when the ProcMountType feature gate is on, PSS and NSA-POD-018 allow it unset',
  },
  ...['cronjob', 'pod', 'workloads'].map((c) => ({
    project: 'kubescape-regolibrary' as const,
    caseId: `set-seLinuxOptions/${c}`,
    expected: 'fail',
    ours: 'pass (NSA-POD-016)',
    reason: 'seLinuxOptions is unset; NSA-POD-016 (PSS baseline SELinux) restricts the values that are set and does not require the field, C-0211 asks for it to be set. A pod with no LSM at all is NSA-POD-017\'s finding',
  })),
  // kube-linter
  ...['docker-sock#0', 'docker-sock#1'].map((caseId) => ({
    project: 'kube-linter' as const,
    caseId,
    expected: 'pass',
    ours: 'fail (NSA-POD-010)',
    reason: `the "dont-fire" object mounts hostPath /var/run/thing.sock, which kube-linter ignores (it looks for docker.sock); ${everyHostPath}`,
  })),
  ...['drop-net-raw-capability#0', 'drop-net-raw-capability#1'].map((caseId) => ({
    project: 'kube-linter' as const,
    caseId,
    expected: 'pass',
    ours: 'fail (NSA-POD-012)',
    reason: 'the container sets no capabilities at all, which kube-linter skips; NSA App. C requires dropping ALL (NSA-POD-012), so NET_RAW is kept',
  })),
  ...['host-ipc#3', 'host-network#3', 'host-pid#3'].map((caseId) => ({
    project: 'kube-linter' as const,
    caseId,
    expected: 'fail',
    ours: 'pass',
    reason: deploymentConfigWithoutContainers,
  })),
  // kube-score
  ...['security:TestContainerSeccompAllGood#1', 'security:TestContainerSeccompAllGoodAnnotation#1'].map((caseId) => ({
    project: 'kube-score' as const,
    caseId,
    expected: 'pass (OK)',
    ours: 'fail (NSA-POD-014)',
    reason: 'peer mistake: the only seccomp setting is the annotation seccomp.security.alpha.kubernetes.io/defaultProfileName, a PodSecurityPolicy annotation that does nothing on a Pod (the pod annotation is seccomp.security.alpha.kubernetes.io/pod); the pod runs Unconfined',
  })),
  // Kubescape control plane
  ...[
    'ensure-that-the-api-server-audit-log-maxage-argument-is-set-to-30-or-as-appropriate/failed',
    'ensure-that-the-api-server-audit-log-maxage-argument-is-set-to-30-or-as-appropriate/rke2-args-fail',
    'ensure-that-the-api-server-audit-log-maxbackup-argument-is-set-to-10-or-as-appropriate/failed',
    'ensure-that-the-api-server-audit-log-maxbackup-argument-is-set-to-10-or-as-appropriate/rke2-args',
    'ensure-that-the-api-server-audit-log-maxsize-argument-is-set-to-100-or-as-appropriate/failed',
    'ensure-that-the-api-server-audit-log-maxsize-argument-is-set-to-100-or-as-appropriate/rke2-args',
  ].map((caseId) => ({
    project: 'kubescape-regolibrary' as const,
    caseId,
    expected: 'fail',
    ours: 'not evaluated (NSA-LOG-007)',
    reason:
      'the fixture sets no --audit-log-path: the catalog judges retention and rotation only for an API server that writes an audit log file (NSA-LOG-001 reports the missing log); with a log path, a maxage under --audit-log-max-age (1825 days, App. M) fails',
  })),
  ...['etcd-unique-ca/fail-same-key-file', 'etcd-unique-ca/rke2-args-fail'].map((caseId) => ({
    project: 'kubescape-regolibrary' as const,
    caseId,
    expected: 'fail on the etcd and the kube-apiserver Pods',
    ours: 'fail on the etcd Pod (NSA-CP-006)',
    reason: "the fix is etcd's: its --trusted-ca-file must name a CA of its own, so the finding points at that flag; the API server's --client-ca-file is right as it is",
  })),
];
