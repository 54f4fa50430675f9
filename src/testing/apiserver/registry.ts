// The resource types the test server serves: the built-in types a kubeharden scan reads (and the
// ones kubectl's discovery expects to see), plus the types CustomResourceDefinitions register.
import { asArray, asRecord, asString, asStringArray } from '../../core/values.js';

export interface Subresource {
  readonly name: string;
  readonly kind: string;
  readonly group?: string;
  readonly version?: string;
  readonly verbs: readonly string[];
}

export interface ResourceType {
  readonly group: string;
  /** Versions served, preferred first. Objects are stored once and served in every version (no conversion). */
  readonly versions: readonly string[];
  /** Plural name, as in URLs and RBAC rules. */
  readonly resource: string;
  readonly singularName: string;
  readonly kind: string;
  readonly listKind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly Subresource[];
  /** Only created, never stored or listed (access reviews). */
  readonly virtual?: boolean;
  /** Field selectors this type supports beyond metadata.name and metadata.namespace. */
  readonly selectableFields: readonly string[];
  /** Registered by a CustomResourceDefinition. */
  readonly custom?: boolean;
}

const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CLUSTER_VERBS = STANDARD_VERBS;
const CREATE_ONLY = ['create'];

interface BuiltinSpec {
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly verbs?: readonly string[];
  readonly subresources?: readonly (string | Subresource)[];
  readonly virtual?: boolean;
  readonly fields?: readonly string[];
}

function builtin(group: string, versions: readonly string[], specs: readonly BuiltinSpec[]): ResourceType[] {
  return specs.map((spec) => ({
    group,
    versions,
    resource: spec.resource,
    singularName: spec.kind.toLowerCase(),
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    namespaced: spec.namespaced,
    verbs: spec.verbs ?? (spec.namespaced ? STANDARD_VERBS : CLUSTER_VERBS),
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    subresources: (spec.subresources ?? []).map((sub) =>
      typeof sub === 'string' ? { name: sub, kind: spec.kind, verbs: ['get', 'patch', 'update'] } : sub,
    ),
    virtual: spec.virtual,
    selectableFields: spec.fields ?? [],
  }));
}

const ALL = ['all'];
const SCALE: Subresource = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };

export const BUILTIN_TYPES: readonly ResourceType[] = [
  ...builtin('', ['v1'], [
    { resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
    { resource: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'] },
    { resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'], fields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'] },
    { resource: 'limitranges', kind: 'LimitRange', namespaced: true, shortNames: ['limits'] },
    { resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', { name: 'finalize', kind: 'Namespace', verbs: ['update'] }], fields: ['status.phase'] },
    { resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status', { name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }], fields: ['spec.unschedulable'] },
    { resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], subresources: ['status'] },
    { resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, shortNames: ['pv'], subresources: ['status'] },
    {
      resource: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ALL,
      subresources: [
        'status', 'ephemeralcontainers', 'resize',
        { name: 'log', kind: 'Pod', verbs: ['get'] },
        { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
        { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
        { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
        { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
        { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      ],
      fields: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
    },
    { resource: 'podtemplates', kind: 'PodTemplate', namespaced: true },
    { resource: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true, shortNames: ['rc'], categories: ALL, subresources: ['status', SCALE], fields: ['status.replicas'] },
    { resource: 'resourcequotas', kind: 'ResourceQuota', namespaced: true, shortNames: ['quota'], subresources: ['status'] },
    { resource: 'secrets', kind: 'Secret', namespaced: true, fields: ['type'] },
    { resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'], subresources: [{ name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] }] },
    { resource: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ALL, subresources: ['status', { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }] },
  ]),
  ...builtin('apps', ['v1'], [
    { resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true },
    { resource: 'daemonsets', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], categories: ALL, subresources: ['status'] },
    { resource: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ALL, subresources: ['status', SCALE] },
    { resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ALL, subresources: ['status', SCALE], fields: ['status.replicas'] },
    { resource: 'statefulsets', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'], categories: ALL, subresources: ['status', SCALE] },
  ]),
  ...builtin('batch', ['v1'], [
    { resource: 'cronjobs', kind: 'CronJob', namespaced: true, shortNames: ['cj'], categories: ALL, subresources: ['status'] },
    { resource: 'jobs', kind: 'Job', namespaced: true, categories: ALL, subresources: ['status'], fields: ['status.successful'] },
  ]),
  ...builtin('autoscaling', ['v2', 'v1'], [
    { resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'], categories: ALL, subresources: ['status'] },
  ]),
  ...builtin('networking.k8s.io', ['v1'], [
    { resource: 'ingressclasses', kind: 'IngressClass', namespaced: false },
    { resource: 'ingresses', kind: 'Ingress', namespaced: true, shortNames: ['ing'], subresources: ['status'] },
    { resource: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] },
  ]),
  ...builtin('rbac.authorization.k8s.io', ['v1'], [
    { resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
    { resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
    { resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
    { resource: 'roles', kind: 'Role', namespaced: true },
  ]),
  ...builtin('policy', ['v1'], [
    { resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'], subresources: ['status'] },
  ]),
  ...builtin('admissionregistration.k8s.io', ['v1'], [
    { resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'] },
    { resource: 'validatingadmissionpolicies', kind: 'ValidatingAdmissionPolicy', namespaced: false, categories: ['api-extensions'], subresources: ['status'] },
    { resource: 'validatingadmissionpolicybindings', kind: 'ValidatingAdmissionPolicyBinding', namespaced: false, categories: ['api-extensions'] },
    { resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'] },
  ]),
  ...builtin('apiextensions.k8s.io', ['v1'], [
    { resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: ['status'] },
  ]),
  ...builtin('node.k8s.io', ['v1'], [{ resource: 'runtimeclasses', kind: 'RuntimeClass', namespaced: false }]),
  ...builtin('storage.k8s.io', ['v1'], [{ resource: 'storageclasses', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] }]),
  ...builtin('authentication.k8s.io', ['v1'], [
    { resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', namespaced: false, verbs: CREATE_ONLY, virtual: true },
    { resource: 'tokenreviews', kind: 'TokenReview', namespaced: false, verbs: CREATE_ONLY, virtual: true },
  ]),
  ...builtin('authorization.k8s.io', ['v1'], [
    { resource: 'localsubjectaccessreviews', kind: 'LocalSubjectAccessReview', namespaced: true, verbs: CREATE_ONLY, virtual: true },
    { resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: CREATE_ONLY, virtual: true },
    { resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: CREATE_ONLY, virtual: true },
    { resource: 'subjectaccessreviews', kind: 'SubjectAccessReview', namespaced: false, verbs: CREATE_ONLY, virtual: true },
  ]),
];

/** The types a CustomResourceDefinition registers (one type, served in each of its served versions). */
export function typeFromCrd(crd: Record<string, unknown>): ResourceType {
  const spec = asRecord(crd['spec']) ?? {};
  const names = asRecord(spec['names']) ?? {};
  const group = asString(spec['group']);
  const plural = asString(names['plural']);
  const kind = asString(names['kind']);
  const crdName = asString(asRecord(crd['metadata'])?.['name']) ?? '(unnamed)';
  if (group === undefined || plural === undefined || kind === undefined) {
    throw new Error(`CustomResourceDefinition ${crdName}: spec.group, spec.names.plural and spec.names.kind are required`);
  }
  const versions = asArray(spec['versions'])
    .map(asRecord)
    .filter((v): v is Record<string, unknown> => v !== undefined && v['served'] !== false);
  // The storage version is the preferred one in discovery, as on a real server.
  versions.sort((a, b) => Number(b['storage'] === true) - Number(a['storage'] === true));
  const versionNames = versions.map((v) => asString(v['name'])).filter((v): v is string => v !== undefined);
  if (versionNames.length === 0) throw new Error(`CustomResourceDefinition ${crdName}: no served version`);
  const subresourceSpecs = asRecord(versions[0]?.['subresources']) ?? {};
  const subresources: Subresource[] = [];
  if (subresourceSpecs['status'] !== undefined) subresources.push({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });
  if (subresourceSpecs['scale'] !== undefined) subresources.push(SCALE);
  const selectable = asArray(versions[0]?.['selectableFields'])
    .map((f) => asString(asRecord(f)?.['jsonPath']))
    .filter((f): f is string => f !== undefined)
    .map((f) => f.replace(/^\./, ''));
  return {
    group,
    versions: versionNames,
    resource: plural,
    singularName: asString(names['singular']) ?? kind.toLowerCase(),
    kind,
    listKind: asString(names['listKind']) ?? `${kind}List`,
    namespaced: asString(spec['scope']) !== 'Cluster',
    verbs: STANDARD_VERBS,
    shortNames: asStringArray(names['shortNames']),
    categories: asStringArray(names['categories']),
    subresources,
    selectableFields: selectable,
    custom: true,
  };
}

export function typeKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

/** Groups in the order a real server lists them: the built-in groups first, then custom ones by name. */
export function groupOrder(types: readonly ResourceType[]): string[] {
  const seen: string[] = [];
  for (const type of types) if (type.group !== '' && !type.custom && !seen.includes(type.group)) seen.push(type.group);
  const custom = [...new Set(types.filter((t) => t.custom).map((t) => t.group))].filter((g) => !seen.includes(g)).sort();
  return [...seen, ...custom];
}
