import { asRecord, asStringArray, detach } from '../core/values.js';

/** A PolicyRule as the RBAC authorizer reads it; absent lists are empty. */
export interface Rule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** A request to the API server on a resource, as the RBAC authorizer receives it. */
export interface ResourceRequest {
  readonly verb: string;
  /** API group; '' is the core group. */
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  /** The object's name; undefined for list, watch, create and deletecollection. */
  readonly name?: string;
}

/** A request to a path that is not a resource (`/healthz`, `/metrics`). */
export interface NonResourceRequest {
  readonly verb: string;
  readonly path: string;
}

export type Request = ResourceRequest | NonResourceRequest;

export const ALL = '*';

/** Reads one entry of `rules` from any YAML shape; undefined when it is not an object. */
export function readRule(value: unknown): Rule | undefined {
  const rule = asRecord(value);
  if (!rule) return undefined;
  const list = (field: string): string[] => asStringArray(rule[field]).map(detach);
  return {
    verbs: list('verbs'),
    apiGroups: list('apiGroups'),
    resources: list('resources'),
    resourceNames: list('resourceNames'),
    nonResourceURLs: list('nonResourceURLs'),
  };
}

export function isNonResourceRequest(request: Request): request is NonResourceRequest {
  return 'path' in request;
}

// The matchers below follow the RBAC authorizer (k8s.io/component-helpers/auth/rbac: VerbMatches,
// APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches).

export function verbMatches(rule: Rule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

export function apiGroupMatches(rule: Rule, group: string): boolean {
  return rule.apiGroups.some((g) => g === ALL || g === group);
}

/**
 * `*` matches every resource and subresource, `*\/scale` the scale subresource of every resource.
 * `pods/*` is NOT a wildcard for the authorizer: it only matches a subresource literally named `*`.
 */
export function resourceMatches(rule: Rule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some(
    (r) => r === ALL || r === combined || (subresource !== undefined && subresource !== '' && r === `*/${subresource}`),
  );
}

/** A rule without resourceNames applies to every name; with them, only to requests for those names. */
export function resourceNameMatches(rule: Rule, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  return name !== undefined && rule.resourceNames.includes(name);
}

/** `*` matches every path, `/apis/*` every path under `/apis/`. */
export function nonResourceURLMatches(rule: Rule, path: string): boolean {
  return rule.nonResourceURLs.some(
    (u) => u === ALL || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  );
}

/**
 * Whether the rule allows the request. `anyName`: a rule restricted by resourceNames counts for a
 * request without a name (it allows the request on some objects), as "who can get secrets" expects.
 */
export function ruleAllows(rule: Rule, request: Request, anyName = false): boolean {
  if (!verbMatches(rule, request.verb)) return false;
  if (isNonResourceRequest(request)) return nonResourceURLMatches(rule, request.path);
  if (rule.resources.length === 0) return false;
  if (!apiGroupMatches(rule, request.group)) return false;
  if (!resourceMatches(rule, request.resource, request.subresource)) return false;
  return (anyName && request.name === undefined) || resourceNameMatches(rule, request.name);
}

/** The same permission: the aggregation controller adds a rule only when no equal rule is there yet. */
export function sameRule(a: Rule, b: Rule): boolean {
  const same = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  return (
    same(a.verbs, b.verbs) &&
    same(a.apiGroups, b.apiGroups) &&
    same(a.resources, b.resources) &&
    same(a.resourceNames, b.resourceNames) &&
    same(a.nonResourceURLs, b.nonResourceURLs)
  );
}

/** `get, list on secrets, configmaps (names: a, b)`, for messages and tables. */
export function describeRule(rule: Rule): string {
  const verbs = rule.verbs.join(', ') || '(no verbs)';
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) return `${verbs} on ${rule.nonResourceURLs.join(', ')}`;
  const resources = rule.resources
    .map((r) => {
      const groups = rule.apiGroups.filter((g) => g !== '');
      return groups.length === 0 ? r : `${r} (${rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(', ')})`;
    })
    .join(', ');
  const names = rule.resourceNames.length > 0 ? ` (names: ${rule.resourceNames.join(', ')})` : '';
  return `${verbs} on ${resources || '(no resources)'}${names}`;
}

/** Well-known resources and their API groups, so that `who-can get deployments` needs no group. */
const knownGroups: Readonly<Record<string, string>> = {
  pods: '', services: '', secrets: '', configmaps: '', serviceaccounts: '', namespaces: '', nodes: '',
  persistentvolumes: '', persistentvolumeclaims: '', endpoints: '', events: '', replicationcontrollers: '',
  limitranges: '', resourcequotas: '', bindings: '', componentstatuses: '', podtemplates: '',
  deployments: 'apps', replicasets: 'apps', statefulsets: 'apps', daemonsets: 'apps', controllerrevisions: 'apps',
  jobs: 'batch', cronjobs: 'batch',
  roles: 'rbac.authorization.k8s.io', clusterroles: 'rbac.authorization.k8s.io',
  rolebindings: 'rbac.authorization.k8s.io', clusterrolebindings: 'rbac.authorization.k8s.io',
  ingresses: 'networking.k8s.io', networkpolicies: 'networking.k8s.io', ingressclasses: 'networking.k8s.io',
  horizontalpodautoscalers: 'autoscaling', poddisruptionbudgets: 'policy',
  certificatesigningrequests: 'certificates.k8s.io', signers: 'certificates.k8s.io',
  customresourcedefinitions: 'apiextensions.k8s.io', storageclasses: 'storage.k8s.io',
  volumeattachments: 'storage.k8s.io', csidrivers: 'storage.k8s.io', csinodes: 'storage.k8s.io',
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io',
  validatingwebhookconfigurations: 'admissionregistration.k8s.io',
  validatingadmissionpolicies: 'admissionregistration.k8s.io',
  validatingadmissionpolicybindings: 'admissionregistration.k8s.io',
  tokenreviews: 'authentication.k8s.io', subjectaccessreviews: 'authorization.k8s.io',
  selfsubjectaccessreviews: 'authorization.k8s.io', localsubjectaccessreviews: 'authorization.k8s.io',
  priorityclasses: 'scheduling.k8s.io', runtimeclasses: 'node.k8s.io', leases: 'coordination.k8s.io',
  endpointslices: 'discovery.k8s.io', apiservices: 'apiregistration.k8s.io',
  podsecuritypolicies: 'policy', users: '', groups: '', uids: 'authentication.k8s.io', userextras: 'authentication.k8s.io',
};

/**
 * Parses a resource as kubectl writes it: `pods`, `pods/exec`, `deployments.apps`,
 * `deployments.apps/scale`, `*`, or a non-resource path `/healthz`. A bare name must be a well-known
 * resource: without discovery, the group of a custom resource cannot be guessed.
 */
export function parseRequest(verb: string, text: string, name?: string): Request {
  if (!verb.trim()) throw new Error('the verb is empty');
  if (/\s/.test(verb)) throw new Error(`"${verb}" is not a verb`);
  if (text.startsWith('/')) return { verb, path: text };
  const slash = text.indexOf('/');
  const head = slash < 0 ? text : text.slice(0, slash);
  const subresource = slash < 0 ? undefined : text.slice(slash + 1);
  if (!head || subresource === '' || (subresource !== undefined && subresource.includes('/')) || /\s/.test(text)) {
    throw new Error(`"${text}" is not a resource: write it as RESOURCE, RESOURCE/SUBRESOURCE or RESOURCE.GROUP`);
  }
  const dot = head.indexOf('.');
  let resource = head;
  let group: string | undefined;
  if (dot >= 0) {
    resource = head.slice(0, dot);
    group = head.slice(dot + 1);
    if (group === 'core') group = '';
  } else if (resource === ALL) {
    group = ALL;
  } else {
    group = knownGroups[resource];
    if (group === undefined) {
      throw new Error(`unknown resource "${resource}": name its API group as RESOURCE.GROUP (for example widgets.example.com, or configmaps.core)`);
    }
  }
  return { verb, group, resource, ...(subresource ? { subresource } : {}), ...(name ? { name } : {}) };
}

/** `get pods/exec`, `create deployments.apps`, `get /healthz`. */
export function formatRequest(request: Request): string {
  if (isNonResourceRequest(request)) return `${request.verb} ${request.path}`;
  const group = request.group === '' ? '' : `.${request.group}`;
  const sub = request.subresource ? `/${request.subresource}` : '';
  const name = request.name ? ` ${request.name}` : '';
  return `${request.verb} ${request.resource}${group}${sub}${name}`;
}
