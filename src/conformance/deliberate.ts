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

const oneDirection =
  'the policies selecting the pod isolate it in one direction only: NSA-NET-007 asks for Ingress and Egress (the catalog: C-0030 passes on Ingress or Egress); the peer asks only that some policy select the pod';
const ciliumEmptySections =
  'the CiliumNetworkPolicy selects the pod with `ingress: []` and `egress: []`: an empty section does not put the endpoint in default deny (Cilium: "if omitted or empty, this rule does not apply"), so the pod stays open both ways';
const denyAllIsIsolation =
  'the policy lists the direction in policyTypes without rules for it: all traffic in that direction is denied, which isolates the pod (App. E\'s deny-all is written this way); Polaris wants explicit rules';
const aksArchitecture =
  'CIS AKS 5.4.5 as Kubescape implements it asks for internal Azure load balancers and the Application Gateway ingress class, an architecture choice; NSA-NET-017 judges TLS on exposure: the Ingress has TLS, and a Service of a public load balancer without plain-HTTP ports is listed for review (a warning), not failed';
const sevenVerbs =
  'the rule lists seven verbs (get, list, watch, create, update, patch, delete) on "*" resources, which Polaris counts as cluster-admin; NSA-AUTH-012 fails "*" verbs on "*" resources (catalog), and the list leaves out escalate, bind, impersonate and deletecollection. NSA-AUTH-013 still reports the role\'s "*" resources and apiGroups';
const coreGroupWildcard =
  'apiGroups [""] with "*" verbs on "*" resources, which Polaris calls a safer subset; the catalog counts "*" verbs and resources with apiGroups "*" or "" as cluster-admin (NSA-AUTH-012): every core resource, Secrets, pods/exec and ServiceAccount tokens included';
const bindingNameExemption =
  'Polaris exempts bindings by their name (the system: prefix, gce:podsecuritypolicy:calico-sa), which whoever may create a binding can choose; NSA-AUTH-012/014 judge the subjects, and User testuser is not on the admin allow-list';
const defaultBindingNames =
  'Polaris exempts bindings named like the default ClusterRoleBindings; this one gives User testuser create on the subresource through the role as the input defines it. NSA-AUTH-014 judges subjects: the real default bindings bind system:masters and kube-system controller ServiceAccounts, which the allow-list holds, not testuser';
const getExecAttach =
  'get (not create) on pods/exec or pods/attach, here through "*" resources or "*" apiGroups: the catalog fails create or "*" only (NSA-AUTH-014); kubeharden warns, since get is enough for a WebSocket exec or attach before Kubernetes 1.35 (or with AuthorizePodWebsocketUpgradeCreatePermission off)';

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
  // Polaris RBAC: cluster-admin (rolebindingClusterAdminRole is Polaris' rbac-wildcard concept) and exec/attach
  ...['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole'].flatMap((check) => [
    ...['all_verbs', 'all_verbs_different_order'].map((name) => ({
      project: 'polaris' as const,
      caseId: `${check}/failure.${name}`,
      expected: 'fail',
      ours: 'pass (NSA-AUTH-012)',
      reason: sevenVerbs,
    })),
    { project: 'polaris' as const, caseId: `${check}/success.explicit_apigroups`, expected: 'pass', ours: 'fail (NSA-AUTH-012)', reason: coreGroupWildcard },
    ...['gce_calico_binding', 'system_prefix_binding'].map((name) => ({
      project: 'polaris' as const,
      caseId: `${check}/success.${name}`,
      expected: 'pass',
      ours: 'fail (NSA-AUTH-012)',
      reason: bindingNameExemption,
    })),
  ]),
  ...['clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach'].flatMap((check) => [
    ...['get_attach_and_exec_using_resource_wildcard', 'get_attach_using_apigroup_wildcard', 'get_exec_using_apigroup_wildcard'].map((name) => ({
      project: 'polaris' as const,
      caseId: `${check}/failure.${name}`,
      expected: 'fail',
      ours: 'pass with a warning (NSA-AUTH-014)',
      reason: getExecAttach,
    })),
    ...['gce_calico_binding', 'system_prefix_binding'].map((name) => ({
      project: 'polaris' as const,
      caseId: `${check}/success.${name}`,
      expected: 'pass',
      ours: 'fail (NSA-AUTH-014)',
      reason: bindingNameExemption,
    })),
  ]),
  ...['defaultclusterrolebinding_clusteradmin', 'defaultclusterrolebinding_system-controller-generic-garbage-collector'].map((name) => ({
    project: 'polaris' as const,
    caseId: `clusterrolebindingPodExecAttach/success.${name}`,
    expected: 'pass',
    ours: 'fail (NSA-AUTH-014)',
    reason: defaultBindingNames,
  })),
  {
    project: 'polaris',
    caseId: 'rolebindingRolePodExecAttach/success.role_binding_cluster_role_binding',
    expected: 'pass',
    ours: 'fail (NSA-AUTH-014)',
    reason: 'Polaris splits the check by roleRef kind: this check only follows RoleBindings to Roles, and the binding references ClusterRole all-operations ("*" on "*"), which its rolebindingClusterRolePodExecAttach check would fail. NSA-AUTH-014 judges every binding: User example-user can create pods/exec in my-namespace',
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
  // Kubescape RBAC
  {
    project: 'kubescape-regolibrary',
    caseId: 'anonymous-access-enabled/fail',
    expected: 'fail',
    ours: 'pass (NSA-AUTH-002)',
    reason: 'the bootstrap binding system:public-info-viewer gives system:unauthenticated get on /healthz, /livez, /readyz and /version; the catalog allow-lists it (NSA-AUTH-002), C-0262 flags every binding of system:unauthenticated',
  },
  {
    project: 'kubescape-regolibrary',
    caseId: 'cluster-admin-role/clusterrole-rolebinding',
    expected: 'pass',
    ours: 'fail (NSA-AUTH-012)',
    reason: 'C-0185 looks at ClusterRoleBindings only; the catalog fails any (Cluster)RoleBinding of cluster-admin (NSA-AUTH-012): this RoleBinding gives User jane full control of kube-system, its Secrets and the controllers\' ServiceAccount tokens included',
  },
  {
    project: 'kubescape-regolibrary',
    caseId: 'ensure-default-service-accounts-has-only-default-roles/passed_rolebinding_one_subject',
    expected: 'pass',
    ours: 'fail (NSA-AUTH-016)',
    reason: 'C-0225 takes the label kubernetes.io/bootstrapping: rbac-defaults as proof of a default binding, and anyone who writes the binding can set it; NSA-AUTH-016 fails any binding of a default ServiceAccount outside the allow-list (the bootstrap policy binds none)',
  },
  {
    project: 'kubescape-regolibrary',
    caseId: 'system-authenticated-allowed-to-take-over-cluster/success',
    expected: 'pass',
    ours: 'warning (NSA-AUTH-002)',
    reason: 'the catalog warns on Group system:authenticated bound to any role but the defaults for all users (system:basic-user, system:discovery, system:public-info-viewer), whatever it grants: here ClusterRole system:viewer. C-0265 alerts only on sensitive permissions, and its runner does not even see the role (second document of the file)',
  },
  {
    project: 'kubescape-regolibrary',
    caseId: 'workload-with-administrative-roles/pass-wl-limited-permissions',
    expected: 'pass',
    ours: 'fail (NSA-POD-025)',
    reason: 'the pod mounts the token of ServiceAccount default/default, which ClusterRole test gives "*" on secrets cluster-wide; NSA-POD-025 fails a mounted token with any access to Secrets (catalog), C-0272 only alerts on roles it deems administrative',
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
  ...['host-ipc#3', 'host-network#3', 'host-pid#3', 'default-service-account#3'].map((caseId) => ({
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
  // Kubescape control plane
  ...['etcd-unique-ca/fail-same-key-file', 'etcd-unique-ca/rke2-args-fail'].map((caseId) => ({
    project: 'kubescape-regolibrary' as const,
    caseId,
    expected: 'fail on the etcd and the kube-apiserver Pods',
    ours: 'fail on the etcd Pod (NSA-CP-006)',
    reason: "the fix is etcd's: its --trusted-ca-file must name a CA of its own, so the finding points at that flag; the API server's --client-ca-file is right as it is",
  })),
];
