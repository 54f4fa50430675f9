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

const noPolicyEvidence =
  'the input holds no NetworkPolicy (nor Cilium policy) at all: the catalog makes a control whose evidence is missing not evaluated, never failed (its own example: "no NetworkPolicies were given"), so NSA-NET-007 is not evaluated';
const oneDirection =
  'the policies selecting the pod isolate it in one direction only: NSA-NET-007 asks for Ingress and Egress (the catalog: C-0030 passes on Ingress or Egress); the peer asks only that some policy select the pod';
const ciliumEmptySections =
  'the CiliumNetworkPolicy selects the pod with `ingress: []` and `egress: []`: an empty section does not put the endpoint in default deny (Cilium: "if omitted or empty, this rule does not apply"), so the pod stays open both ways';
const denyAllIsIsolation =
  'the policy lists the direction in policyTypes without rules for it: all traffic in that direction is denied, which isolates the pod (App. E\'s deny-all is written this way); Polaris wants explicit rules';
const aksArchitecture =
  'CIS AKS 5.4.5 as Kubescape implements it asks for internal Azure load balancers and the Application Gateway ingress class, an architecture choice; NSA-NET-017 judges TLS on exposure: the Ingress has TLS, and a Service of a public load balancer without plain-HTTP ports is listed for review (a warning), not failed';

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
  ...['missingNetworkPolicy/failure.netpol_missing_egress_rules', 'missingNetworkPolicy/failure.netpol_missing_ingress_rules'].map((caseId) => ({
    project: 'polaris' as const,
    caseId,
    expected: 'fail',
    ours: 'pass (NSA-NET-007)',
    reason: denyAllIsIsolation,
  })),
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
  ...['ingress-and-egress-blocked/pod', 'ingress-and-egress-blocked/cronjob', 'ensure_network_policy_configured_in_labels/failed_pod_no_networkpolicy'].map((caseId) => ({
    project: 'kubescape-regolibrary' as const,
    caseId,
    expected: 'fail',
    ours: 'not evaluated (NSA-NET-007)',
    reason: noPolicyEvidence,
  })),
  ...[
    'ingress-and-egress-blocked/only-egress-policy',
    'ingress-and-egress-blocked/cnp-only-egress',
    'ensure_network_policy_configured_in_labels/success_cronjob_label_match',
    'ensure_network_policy_configured_in_labels/success_deployment_label_match',
    'ensure_network_policy_configured_in_labels/success_pod_label_match',
    'ensure_network_policy_configured_in_labels/success_pod_no_pod_selector',
    'ensure_network_policy_configured_in_labels/success_pod_no_pod_selector_ns',
  ].map((caseId) => ({ project: 'kubescape-regolibrary' as const, caseId, expected: 'pass', ours: 'fail (NSA-NET-007)', reason: oneDirection })),
  {
    project: 'kubescape-regolibrary',
    caseId: 'ensure_network_policy_configured_in_labels/success_pod_cilium_label_match',
    expected: 'pass',
    ours: 'fail (NSA-NET-007)',
    reason: ciliumEmptySections,
  },
  ...[
    'encrypt-traffic-to-https-load-balancers-with-tls-certificates/failed_ingress_annotation_value',
    'encrypt-traffic-to-https-load-balancers-with-tls-certificates/failed_no_svc_loadbalancer',
    'encrypt-traffic-to-https-load-balancers-with-tls-certificates/failed_svc_annotation',
    'encrypt-traffic-to-https-load-balancers-with-tls-certificates/failed_svc_annotation_value',
  ].map((caseId) => ({ project: 'kubescape-regolibrary' as const, caseId, expected: 'fail', ours: 'pass (NSA-NET-017 warning for review)', reason: aksArchitecture })),
  {
    project: 'kubescape-regolibrary',
    caseId: 'ensure-https-loadbalancers-encrypted-with-tls-aws/success_none_https_loadbalancer',
    expected: 'pass',
    ours: 'fail (NSA-NET-017)',
    reason:
      'the public AWS load balancer serves port 80 as HTTP (aws-load-balancer-backend-protocol: http) without a certificate; Kubescape only judges HTTPS (443) listeners, NSA-NET-017 fails exposed plain-HTTP ports without TLS termination (catalog)',
  },
  // kube-linter
  ...['non-isolated-pod#2', 'non-isolated-pod#3'].map((caseId) => ({
    project: 'kube-linter' as const,
    caseId,
    expected: 'pass',
    ours: 'fail (NSA-NET-007)',
    reason: `${oneDirection} (the "dont-fire" policies have no policyTypes and no rules: ingress only)`,
  })),
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
  // Upgrades and secrets
  ...['cronjob-envfrom-secretref', 'cronjob-initcontainer-envfrom-secretref', 'pod-envfrom-secretref', 'pod-initcontainer-envfrom-secretref', 'workloads-envfrom-secretref', 'workloads-initcontainer-envfrom-secretref'].map((name) => ({
    project: 'kubescape-regolibrary' as const,
    caseId: `rule-credentials-in-env-var/${name}`,
    expected: 'fail',
    ours: 'pass (NSA-SEC-005)',
    reason: 'the container reads a Secret through envFrom.secretRef: that is the remediation the guidance and NSA-SEC-005 give (credentials in Secrets), not a credential in the pod spec',
  })),
  ...['pod', 'deployment'].map((name) => ({
    project: 'kubescape-regolibrary' as const,
    caseId: `rule-credentials-in-env-var/${name}`,
    expected: 'fail',
    ours: 'pass (NSA-SEC-005)',
    reason: 'Kubescape\'s loose value patterns (`_key_`, `JWT`) match the literals `my_key_value` and `JWT`, which are not credentials; NSA-SEC-005 matches sensitive names as whole words and credential-shaped values',
  })),
  ...['CVE-2022-0185/test_azure_pass', 'CVE-2022-0185/test_generic_pass'].map((caseId) => ({
    project: 'kubescape-regolibrary' as const,
    caseId,
    expected: 'pass',
    ours: 'fail (NSA-UPG-005)',
    reason: 'the kernel is patched for CVE-2022-0185 (Kubescape\'s question), but the node runs Ubuntu 20.04, whose standard support ended in April 2025: below NSA-UPG-005\'s default OS minimum (Ubuntu 22.04)',
  })),
  {
    project: 'kubescape-regolibrary',
    caseId: 'outdated-k8s-version/pass',
    expected: 'pass',
    ours: 'fail (NSA-UPG-001)',
    reason: 'the kubelet is v1.34, outside the supported window on the scan date (the three newest minors, v1.35 to v1.37); the fixture was written when v1.34 was supported',
  },
];
