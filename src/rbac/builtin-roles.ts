import type { Rule } from './rules.js';

/**
 * The roles every cluster has without them being in any manifest: the RBAC bootstrap policy of the API
 * server (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy, testdata
 * cluster-roles.yaml and namespace-roles.yaml, Kubernetes 1.33). A binding to one of these names is
 * judged with these rules unless the input defines the role itself. The controller roles
 * (`system:controller:*` ClusterRoles) are left out: nothing but the control plane binds them, and a
 * binding to one that the input lacks is reported as an unknown role rather than guessed.
 */
export interface BuiltinRole {
  readonly kind: 'ClusterRole' | 'Role';
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** matchLabels of the aggregationRule's single selector, for the aggregated roles (admin, edit, view). */
  readonly aggregateLabels?: Readonly<Record<string, string>>;
  readonly rules: readonly Rule[];
}

const R = ['get', 'list', 'watch'];
const W = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const EVENTS = ['create', 'patch', 'update'];

function r(apiGroups: string[], resources: string[], verbs: string[], resourceNames: string[] = []): Rule {
  return { verbs, apiGroups, resources, resourceNames, nonResourceURLs: [] };
}

function url(nonResourceURLs: string[], verbs: string[]): Rule {
  return { verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs };
}

const defaults = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const aggregateTo = (role: string) => ({ ...defaults, [`rbac.authorization.k8s.io/aggregate-to-${role}`]: 'true' });

function clusterRole(name: string, rules: Rule[], labels: Record<string, string> = defaults): BuiltinRole {
  return { kind: 'ClusterRole', name, labels, rules };
}

function aggregated(name: string, from: string, labels: Record<string, string>): BuiltinRole {
  return { kind: 'ClusterRole', name, labels, aggregateLabels: { [`rbac.authorization.k8s.io/aggregate-to-${from}`]: 'true' }, rules: [] };
}

function role(namespace: string, name: string, rules: Rule[]): BuiltinRole {
  return { kind: 'Role', name, namespace, labels: defaults, rules };
}

const approver = (signer: string) => [r(['certificates.k8s.io'], ['signers'], ['approve'], [`kubernetes.io/${signer}`])];

export const builtinRoles: readonly BuiltinRole[] = [
  aggregated('admin', 'admin', defaults),
  clusterRole('cluster-admin', [r(['*'], ['*'], ['*']), url(['*'], ['*'])]),
  aggregated('edit', 'edit', aggregateTo('admin')),
  aggregated('view', 'view', aggregateTo('edit')),
  clusterRole(
    'system:aggregate-to-admin',
    [
      r(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
      r(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], RW),
    ],
    aggregateTo('admin'),
  ),
  clusterRole(
    'system:aggregate-to-edit',
    [
      r([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], R),
      r([''], ['serviceaccounts'], ['impersonate']),
      r([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], W),
      r([''], ['pods/eviction'], ['create']),
      r(
        [''],
        ['configmaps', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'],
        W,
      ),
      r([''], ['serviceaccounts/token'], ['create']),
      r(['', 'events.k8s.io'], ['events'], W),
      r(
        ['apps'],
        ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'],
        W,
      ),
      r(['autoscaling'], ['horizontalpodautoscalers'], W),
      r(['batch'], ['cronjobs', 'jobs'], W),
      r(
        ['extensions'],
        ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'],
        W,
      ),
      r(['policy'], ['poddisruptionbudgets'], W),
      r(['networking.k8s.io'], ['ingresses', 'networkpolicies'], W),
      r(['coordination.k8s.io'], ['leases'], RW),
      r(['resource.k8s.io'], ['resourceclaims', 'resourceclaimtemplates'], W),
    ],
    aggregateTo('edit'),
  ),
  clusterRole(
    'system:aggregate-to-view',
    [
      r(
        [''],
        ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status'],
        R,
      ),
      r(
        [''],
        ['bindings', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status'],
        R,
      ),
      r([''], ['namespaces'], R),
      r(['', 'events.k8s.io'], ['events'], R),
      r(['discovery.k8s.io'], ['endpointslices'], R),
      r(
        ['apps'],
        [
          'controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
          'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status',
        ],
        R,
      ),
      r(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], R),
      r(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], R),
      r(
        ['extensions'],
        [
          'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status',
          'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale',
        ],
        R,
      ),
      r(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], R),
      r(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], R),
      r(['resource.k8s.io'], ['resourceclaims', 'resourceclaims/status', 'resourceclaimtemplates'], R),
    ],
    aggregateTo('view'),
  ),
  clusterRole('system:auth-delegator', [
    r(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    r(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
  ]),
  clusterRole('system:basic-user', [
    r(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']),
    r(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
  ]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [
    r(['certificates.k8s.io'], ['certificatesigningrequests/nodeclient'], ['create']),
  ]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [
    r(['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient'], ['create']),
  ]),
  clusterRole('system:certificates.k8s.io:kube-apiserver-client-approver', approver('kube-apiserver-client')),
  clusterRole('system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', approver('kube-apiserver-client-kubelet')),
  clusterRole('system:certificates.k8s.io:kubelet-serving-approver', approver('kubelet-serving')),
  clusterRole('system:certificates.k8s.io:legacy-unknown-approver', approver('legacy-unknown')),
  clusterRole('system:discovery', [
    url(['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], ['get']),
  ]),
  clusterRole('system:heapster', [r([''], ['events', 'namespaces', 'nodes', 'pods'], R), r(['extensions'], ['deployments'], R)]),
  clusterRole('system:kube-aggregator', [r([''], ['endpoints', 'services'], R)]),
  clusterRole('system:kube-controller-manager', [
    r(['', 'events.k8s.io'], ['events'], EVENTS),
    r(['coordination.k8s.io'], ['leases'], ['create']),
    r(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-controller-manager']),
    r([''], ['secrets', 'serviceaccounts'], ['create']),
    r([''], ['secrets'], ['delete']),
    r([''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts'], ['get']),
    r([''], ['secrets', 'serviceaccounts'], ['update']),
    r(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    r(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
    r(['*'], ['*'], ['list', 'watch']),
    r([''], ['serviceaccounts/token'], ['create']),
  ]),
  clusterRole('system:kube-dns', [r([''], ['endpoints', 'services'], ['list', 'watch'])]),
  clusterRole('system:kube-scheduler', [
    r(['', 'events.k8s.io'], ['events'], EVENTS),
    r(['coordination.k8s.io'], ['leases'], ['create']),
    r(['coordination.k8s.io'], ['leases'], ['get', 'list', 'update', 'watch'], ['kube-scheduler']),
    r(['coordination.k8s.io'], ['leasecandidates'], RW),
    r([''], ['nodes'], R),
    r([''], ['pods'], ['delete', 'get', 'list', 'watch']),
    r([''], ['bindings', 'pods/binding'], ['create']),
    r([''], ['pods/status'], ['patch', 'update']),
    r([''], ['replicationcontrollers', 'services'], R),
    r(['apps', 'extensions'], ['replicasets'], R),
    r(['apps'], ['statefulsets'], R),
    r(['policy'], ['poddisruptionbudgets'], R),
    r([''], ['persistentvolumeclaims', 'persistentvolumes'], R),
    r(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    r(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
    r(['storage.k8s.io'], ['csinodes'], R),
    r(['storage.k8s.io'], ['volumeattachments'], R),
    r([''], ['namespaces'], R),
    r(['storage.k8s.io'], ['csidrivers'], R),
    r(['storage.k8s.io'], ['csistoragecapacities'], R),
    r(['resource.k8s.io'], ['deviceclasses'], R),
    r(['resource.k8s.io'], ['resourceclaims'], ['get', 'list', 'patch', 'update', 'watch']),
    r(['resource.k8s.io'], ['resourceclaims/status'], ['get', 'list', 'patch', 'update', 'watch']),
    r([''], ['pods/finalizers'], ['update']),
    r(['resource.k8s.io'], ['resourceslices'], R),
    r(['resource.k8s.io'], ['resourceclaims'], ['create', 'delete']),
  ]),
  clusterRole('system:kubelet-api-admin', [
    r([''], ['nodes'], R),
    r([''], ['nodes'], ['proxy']),
    r([''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats'], ['*']),
    r([''], ['nodes/configz', 'nodes/healthz', 'nodes/pods'], ['*']),
  ]),
  clusterRole('system:monitoring', [
    url(['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*', '/statusz'], ['get']),
    r([''], ['nodes/metrics'], ['get']),
  ]),
  clusterRole('system:node', [
    r(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    r(['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews'], ['create']),
    r([''], ['services'], R),
    r([''], ['nodes'], ['create', 'get', 'list', 'watch']),
    r([''], ['nodes/status'], ['patch', 'update']),
    r([''], ['nodes'], ['patch', 'update']),
    r(['', 'events.k8s.io'], ['events'], EVENTS),
    r([''], ['pods'], R),
    r([''], ['pods'], ['create', 'delete']),
    r([''], ['pods/status'], ['patch', 'update']),
    r([''], ['pods/eviction'], ['create']),
    r([''], ['configmaps', 'secrets'], R),
    r([''], ['persistentvolumeclaims', 'persistentvolumes'], ['get']),
    r([''], ['endpoints'], ['get']),
    r(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch']),
    r(['coordination.k8s.io'], ['leases'], ['create', 'delete', 'get', 'patch', 'update']),
    r(['storage.k8s.io'], ['volumeattachments'], ['get']),
    r([''], ['serviceaccounts/token'], ['create']),
    r([''], ['persistentvolumeclaims/status'], ['get', 'patch', 'update']),
    r(['storage.k8s.io'], ['csidrivers'], R),
    r(['storage.k8s.io'], ['csinodes'], ['create', 'delete', 'get', 'patch', 'update']),
    r(['node.k8s.io'], ['runtimeclasses'], R),
    r(['resource.k8s.io'], ['resourceclaims'], ['get']),
    r(['resource.k8s.io'], ['resourceslices'], ['deletecollection']),
    r([''], ['serviceaccounts'], ['get']),
  ]),
  clusterRole('system:node-bootstrapper', [r(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch'])]),
  clusterRole('system:node-problem-detector', [
    r([''], ['nodes'], ['get']),
    r([''], ['nodes/status'], ['patch']),
    r(['', 'events.k8s.io'], ['events'], EVENTS),
  ]),
  clusterRole('system:node-proxier', [
    r([''], ['endpoints', 'services'], ['list', 'watch']),
    r([''], ['nodes'], R),
    r(['', 'events.k8s.io'], ['events'], EVENTS),
    r(['networking.k8s.io'], ['servicecidrs'], ['list', 'watch']),
    r(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch']),
  ]),
  clusterRole('system:persistent-volume-provisioner', [
    r([''], ['persistentvolumes'], ['create', 'delete', 'get', 'list', 'watch']),
    r([''], ['persistentvolumeclaims'], ['get', 'list', 'update', 'watch']),
    r(['storage.k8s.io'], ['storageclasses'], R),
    r([''], ['events'], ['watch']),
    r(['', 'events.k8s.io'], ['events'], EVENTS),
  ]),
  clusterRole('system:public-info-viewer', [url(['/healthz', '/livez', '/readyz', '/version', '/version/'], ['get'])]),
  clusterRole('system:service-account-issuer-discovery', [
    url(['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'], ['get']),
  ]),
  clusterRole('system:volume-scheduler', [
    r([''], ['persistentvolumes'], ['get', 'list', 'patch', 'update', 'watch']),
    r(['storage.k8s.io'], ['storageclasses'], R),
    r([''], ['persistentvolumeclaims'], ['get', 'list', 'patch', 'update', 'watch']),
  ]),
  role('kube-public', 'system:controller:bootstrap-signer', [
    r([''], ['configmaps'], R),
    r([''], ['configmaps'], ['update'], ['cluster-info']),
    r(['', 'events.k8s.io'], ['events'], EVENTS),
  ]),
  role('kube-system', 'extension-apiserver-authentication-reader', [
    r([''], ['configmaps'], R, ['extension-apiserver-authentication']),
  ]),
  role('kube-system', 'system::leader-locking-kube-controller-manager', [
    r([''], ['configmaps'], ['watch']),
    r([''], ['configmaps'], ['get', 'update'], ['kube-controller-manager']),
  ]),
  role('kube-system', 'system::leader-locking-kube-scheduler', [
    r([''], ['configmaps'], ['watch']),
    r([''], ['configmaps'], ['get', 'update'], ['kube-scheduler']),
  ]),
  role('kube-system', 'system:controller:bootstrap-signer', [r([''], ['secrets'], R)]),
  role('kube-system', 'system:controller:cloud-provider', [r([''], ['configmaps'], ['create', 'get', 'list', 'watch'])]),
  role('kube-system', 'system:controller:token-cleaner', [
    r([''], ['secrets'], ['delete', 'get', 'list', 'watch']),
    r(['', 'events.k8s.io'], ['events'], EVENTS),
  ]),
];

/** The user-facing default ClusterRoles; with the `system:` prefix, what "system role" means here. */
export const DEFAULT_USER_ROLES: ReadonlySet<string> = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** Roles the bootstrap policy binds to every authenticated user (ClusterRoleBindings of the same names). */
export const DEFAULT_AUTHENTICATED_ROLES: ReadonlySet<string> = new Set(['system:basic-user', 'system:discovery', 'system:public-info-viewer']);

/** A system role: named `system:…`, or one of the default user-facing ClusterRoles the API server maintains. */
export function isSystemRoleName(name: string, kind: 'Role' | 'ClusterRole'): boolean {
  return name.startsWith('system:') || (kind === 'ClusterRole' && DEFAULT_USER_ROLES.has(name));
}
