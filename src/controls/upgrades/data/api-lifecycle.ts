/**
 * API versions Kubernetes deprecated and then stopped serving, from the official Deprecated API Migration
 * Guide (kubernetes.io/docs/reference/using-api/deprecation-guide/, every "Removed APIs by release" section:
 * v1.16, v1.22, v1.25, v1.26, v1.27, v1.29, v1.32). `deprecatedIn` is the minor from which the API server
 * answers with "… is deprecated in v1.N+, unavailable in v1.M+"; for the APIs removed in v1.16, which
 * predate those warnings, it is the release that introduced the replacement and announced the deprecation.
 */
export interface RemovedApi {
  /** API group, '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Minor version (1.x) from which the API version is deprecated. */
  readonly deprecatedIn: number;
  /** Minor version (1.x) that no longer serves it. */
  readonly removedIn: number;
  /**
   * What to use instead when it was deprecated: an apiVersion, or a description when the API has no
   * successor. A replacement that was later deprecated in turn has its own row (see resolveReplacement).
   */
  readonly replacement: string;
  /** Minor version (1.x) from which the replacement is served. */
  readonly replacementSince: number;
}

const row = (
  apiVersion: string,
  kinds: readonly string[],
  deprecatedIn: number,
  removedIn: number,
  replacement: string,
  replacementSince: number,
): RemovedApi[] => {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  return kinds.map((kind) => ({ group, version, kind, deprecatedIn, removedIn, replacement, replacementSince }));
};

export const removedApis: readonly RemovedApi[] = [
  // v1.32
  ...row('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], 29, 32, 'flowcontrol.apiserver.k8s.io/v1', 29),
  // v1.29
  ...row('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], 26, 29, 'flowcontrol.apiserver.k8s.io/v1beta3', 26),
  // v1.27
  ...row('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 24, 27, 'storage.k8s.io/v1', 24),
  // v1.26
  ...row('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], 23, 26, 'flowcontrol.apiserver.k8s.io/v1beta2', 23),
  ...row('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 23, 26, 'autoscaling/v2', 23),
  // v1.25
  ...row('batch/v1beta1', ['CronJob'], 21, 25, 'batch/v1', 21),
  ...row('discovery.k8s.io/v1beta1', ['EndpointSlice'], 21, 25, 'discovery.k8s.io/v1', 21),
  ...row('events.k8s.io/v1beta1', ['Event'], 22, 25, 'events.k8s.io/v1', 19),
  ...row('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 22, 25, 'autoscaling/v2beta2', 12),
  ...row('policy/v1beta1', ['PodDisruptionBudget'], 21, 25, 'policy/v1', 21),
  ...row('policy/v1beta1', ['PodSecurityPolicy'], 21, 25, 'Pod Security Admission (PodSecurityPolicy has no successor API; a policy engine covers the rest)', 23),
  ...row('node.k8s.io/v1beta1', ['RuntimeClass'], 22, 25, 'node.k8s.io/v1', 20),
  // v1.22
  ...row('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 16, 22, 'admissionregistration.k8s.io/v1', 16),
  ...row('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 16, 22, 'apiextensions.k8s.io/v1', 16),
  ...row('apiregistration.k8s.io/v1beta1', ['APIService'], 19, 22, 'apiregistration.k8s.io/v1', 10),
  ...row('authentication.k8s.io/v1beta1', ['TokenReview'], 19, 22, 'authentication.k8s.io/v1', 6),
  ...row('authorization.k8s.io/v1beta1', ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview', 'SelfSubjectRulesReview'], 19, 22, 'authorization.k8s.io/v1', 6),
  ...row('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 19, 22, 'certificates.k8s.io/v1', 19),
  ...row('coordination.k8s.io/v1beta1', ['Lease'], 19, 22, 'coordination.k8s.io/v1', 14),
  ...row('extensions/v1beta1', ['Ingress'], 14, 22, 'networking.k8s.io/v1beta1', 14),
  ...row('networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], 19, 22, 'networking.k8s.io/v1', 19),
  ...row('rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 17, 22, 'rbac.authorization.k8s.io/v1', 8),
  ...row('scheduling.k8s.io/v1beta1', ['PriorityClass'], 14, 22, 'scheduling.k8s.io/v1', 14),
  ...row('storage.k8s.io/v1beta1', ['CSIDriver', 'StorageClass', 'VolumeAttachment'], 19, 22, 'storage.k8s.io/v1', 19),
  ...row('storage.k8s.io/v1beta1', ['CSINode'], 17, 22, 'storage.k8s.io/v1', 17),
  // v1.16
  ...row('extensions/v1beta1', ['NetworkPolicy'], 9, 16, 'networking.k8s.io/v1', 8),
  ...row('extensions/v1beta1', ['PodSecurityPolicy'], 11, 16, 'policy/v1beta1', 10),
  ...row('extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet'], 9, 16, 'apps/v1', 9),
  ...row('apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet'], 9, 16, 'apps/v1', 9),
  ...row('apps/v1beta2', ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet'], 9, 16, 'apps/v1', 9),
];

function lifecycleKey(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}

const byApiVersionAndKind = new Map(
  removedApis.map((api) => [lifecycleKey(api.group ? `${api.group}/${api.version}` : api.version, api.kind), api]),
);

/** The lifecycle entry of an object's apiVersion and kind, when that API version was deprecated. */
export function removedApiFor(apiVersion: string, kind: string): RemovedApi | undefined {
  return byApiVersionAndKind.get(lifecycleKey(apiVersion.trim(), kind));
}

/** The `group/Kind` keys of every kind that has a deprecated API version, for the control's dispatch. */
export const removedApiKinds: readonly string[] = [...new Set(removedApis.map((api) => `${api.group}/${api.kind}`))];

/**
 * The replacement to recommend for a target version: the row's own replacement, or, when that was
 * deprecated in turn by the target and its successor is served there, the successor (v1beta1 → v1beta2 →
 * v1beta3 → v1 for flow control), so the advice never names a version the target no longer serves.
 */
export function resolveReplacement(api: RemovedApi, target: number): { replacement: string; since: number } {
  let current = { replacement: api.replacement, since: api.replacementSince };
  for (let step = 0; step < removedApis.length; step++) {
    const next = removedApiFor(current.replacement, api.kind);
    if (!next || next.deprecatedIn > target || next.replacementSince > target) break;
    current = { replacement: next.replacement, since: next.replacementSince };
  }
  return current;
}
