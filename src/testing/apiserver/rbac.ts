// The RBAC authorizer, evaluated over the fixture's own Roles, ClusterRoles and bindings, plus the
// bootstrap policy every cluster has (discovery for authenticated users, /version and health for
// everyone, self access reviews). Members of system:masters are allowed everything.
import { asArray, asRecord, asString, asStringArray } from '../../core/values.js';
import type { ObjectStore } from './store.js';

export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
}

export interface ResourceAttributes {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly name?: string;
  /** '' or undefined: cluster scope (or all namespaces). */
  readonly namespace?: string;
}

export interface NonResourceAttributes {
  readonly verb: string;
  readonly path: string;
}

export type RequestAttributes = ({ readonly resourceRequest: true } & ResourceAttributes) | ({ readonly resourceRequest: false } & NonResourceAttributes);

export interface Decision {
  readonly allowed: boolean;
  readonly reason: string;
}

interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

interface Grant {
  readonly rules: readonly PolicyRule[];
  /** How the grant reads in a SubjectAccessReview reason. */
  readonly via: string;
}

interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

const DISCOVERY_URLS = ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'];
const PUBLIC_URLS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];

const BOOTSTRAP: readonly { readonly role: string; readonly groups: readonly string[]; readonly rules: readonly PolicyRule[] }[] = [
  {
    role: 'system:discovery',
    groups: ['system:authenticated'],
    rules: [{ verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: DISCOVERY_URLS }],
  },
  {
    role: 'system:public-info-viewer',
    groups: ['system:authenticated', 'system:unauthenticated'],
    rules: [{ verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: PUBLIC_URLS }],
  },
  {
    role: 'system:basic-user',
    groups: ['system:authenticated'],
    rules: [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], resourceNames: [], nonResourceURLs: [] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], resourceNames: [], nonResourceURLs: [] },
    ],
  },
];

function readRules(role: Record<string, unknown> | undefined): PolicyRule[] {
  return asArray(role?.['rules']).map((raw) => {
    const rule = asRecord(raw) ?? {};
    return {
      verbs: asStringArray(rule['verbs']),
      apiGroups: asStringArray(rule['apiGroups']),
      resources: asStringArray(rule['resources']),
      resourceNames: asStringArray(rule['resourceNames']),
      nonResourceURLs: asStringArray(rule['nonResourceURLs']),
    };
  });
}

function subjectMatches(subject: Subject, user: UserInfo): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      return user.name === `system:serviceaccount:${subject.namespace ?? ''}:${subject.name}`;
    default:
      return false;
  }
}

function describeSubject(subject: Subject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount "${subject.name}/${subject.namespace ?? ''}"` : `${subject.kind} "${subject.name}"`;
}

function ruleAllows(rule: PolicyRule, request: RequestAttributes): boolean {
  if (!rule.verbs.includes('*') && !rule.verbs.includes(request.verb)) return false;
  if (!request.resourceRequest) {
    return rule.nonResourceURLs.some((url) => url === '*' || url === request.path || (url.endsWith('*') && request.path.startsWith(url.slice(0, -1))));
  }
  if (!rule.apiGroups.includes('*') && !rule.apiGroups.includes(request.group)) return false;
  const combined = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  const resourceMatches = rule.resources.some(
    (resource) => resource === '*' || resource === combined || (request.subresource !== undefined && resource === `*/${request.subresource}`),
  );
  if (!resourceMatches) return false;
  return rule.resourceNames.length === 0 || (request.name !== undefined && request.name !== '' && rule.resourceNames.includes(request.name));
}

export class RbacAuthorizer {
  private readonly clusterRoles = new Map<string, PolicyRule[]>();
  private readonly roles = new Map<string, PolicyRule[]>();
  private readonly clusterBindings: { readonly name: string; readonly roleName: string; readonly subjects: Subject[] }[] = [];
  private readonly bindings: { readonly name: string; readonly namespace: string; readonly roleKind: string; readonly roleName: string; readonly subjects: Subject[] }[] = [];
  /** Per user: the grants that apply everywhere and those of each namespace. Fixtures never change. */
  private readonly grantCache = new Map<string, { readonly cluster: Grant[]; readonly namespaced: Map<string, Grant[]> }>();

  constructor(store: ObjectStore, private readonly allowAll = false) {
    const group = 'rbac.authorization.k8s.io';
    for (const item of store.list(group, 'ClusterRole')) this.clusterRoles.set(item.name, readRules(item.object));
    for (const item of store.list(group, 'Role')) this.roles.set(`${item.namespace}/${item.name}`, readRules(item.object));
    const subjectsOf = (object: Readonly<Record<string, unknown>>): Subject[] =>
      asArray(object['subjects']).flatMap((raw) => {
        const subject = asRecord(raw);
        const kind = asString(subject?.['kind']);
        const name = asString(subject?.['name']);
        return kind !== undefined && name !== undefined ? [{ kind, name, namespace: asString(subject?.['namespace']) }] : [];
      });
    for (const item of store.list(group, 'ClusterRoleBinding')) {
      const roleRef = asRecord(item.object['roleRef']);
      if (asString(roleRef?.['kind']) !== 'ClusterRole') continue;
      this.clusterBindings.push({ name: item.name, roleName: asString(roleRef?.['name']) ?? '', subjects: subjectsOf(item.object) });
    }
    for (const item of store.list(group, 'RoleBinding')) {
      const roleRef = asRecord(item.object['roleRef']);
      this.bindings.push({
        name: item.name,
        namespace: item.namespace,
        roleKind: asString(roleRef?.['kind']) ?? '',
        roleName: asString(roleRef?.['name']) ?? '',
        subjects: subjectsOf(item.object).map((s) => (s.kind === 'ServiceAccount' && s.namespace === undefined ? { ...s, namespace: item.namespace } : s)),
      });
    }
  }

  private grants(user: UserInfo): { readonly cluster: Grant[]; readonly namespaced: Map<string, Grant[]> } {
    const cacheKey = JSON.stringify([user.name, user.groups]);
    const cached = this.grantCache.get(cacheKey);
    if (cached !== undefined) return cached;
    const cluster: Grant[] = [];
    for (const bootstrap of BOOTSTRAP) {
      const group = bootstrap.groups.find((g) => user.groups.includes(g));
      if (group !== undefined) cluster.push({ rules: bootstrap.rules, via: `ClusterRoleBinding "${bootstrap.role}" of ClusterRole "${bootstrap.role}" to Group "${group}"` });
    }
    for (const binding of this.clusterBindings) {
      const subject = binding.subjects.find((s) => subjectMatches(s, user));
      const rules = this.clusterRoles.get(binding.roleName);
      if (subject !== undefined && rules !== undefined) {
        cluster.push({ rules, via: `ClusterRoleBinding "${binding.name}" of ClusterRole "${binding.roleName}" to ${describeSubject(subject)}` });
      }
    }
    const namespaced = new Map<string, Grant[]>();
    for (const binding of this.bindings) {
      const subject = binding.subjects.find((s) => subjectMatches(s, user));
      if (subject === undefined) continue;
      const rules = binding.roleKind === 'ClusterRole' ? this.clusterRoles.get(binding.roleName) : binding.roleKind === 'Role' ? this.roles.get(`${binding.namespace}/${binding.roleName}`) : undefined;
      if (rules === undefined) continue;
      const list = namespaced.get(binding.namespace) ?? [];
      list.push({ rules, via: `RoleBinding "${binding.name}/${binding.namespace}" of ${binding.roleKind} "${binding.roleName}" to ${describeSubject(subject)}` });
      namespaced.set(binding.namespace, list);
    }
    const grants = { cluster, namespaced };
    this.grantCache.set(cacheKey, grants);
    return grants;
  }

  authorize(user: UserInfo, request: RequestAttributes): Decision {
    if (this.allowAll) return { allowed: true, reason: '' };
    if (user.groups.includes('system:masters')) return { allowed: true, reason: 'allowed: member of system:masters' };
    const { cluster, namespaced } = this.grants(user);
    const candidates = [...cluster];
    if (request.resourceRequest && request.namespace) candidates.push(...(namespaced.get(request.namespace) ?? []));
    for (const grant of candidates) {
      if (grant.rules.some((rule) => ruleAllows(rule, request))) return { allowed: true, reason: `RBAC: allowed by ${grant.via}` };
    }
    return { allowed: false, reason: '' };
  }

  /** The rules that apply to a user in a namespace (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): { resourceRules: PolicyRule[]; nonResourceRules: PolicyRule[] } {
    if (this.allowAll || user.groups.includes('system:masters')) {
      return {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] }],
        nonResourceRules: [{ verbs: ['*'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['*'] }],
      };
    }
    const { cluster, namespaced } = this.grants(user);
    const rules = [...cluster, ...(namespaced.get(namespace) ?? [])].flatMap((g) => g.rules);
    return {
      resourceRules: rules.filter((r) => r.resources.length > 0),
      nonResourceRules: rules.filter((r) => r.nonResourceURLs.length > 0),
    };
  }
}

/** The message of a 403 as kube-apiserver words it. */
export function forbiddenMessage(user: UserInfo, request: RequestAttributes): string {
  if (!request.resourceRequest) return `forbidden: User "${user.name}" cannot ${request.verb} path "${request.path}"`;
  const qualified = request.group === '' ? request.resource : `${request.resource}.${request.group}`;
  const subject = request.name ? `${qualified} "${request.name}"` : qualified;
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  const scope = request.namespace ? `in the namespace "${request.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user.name}" cannot ${request.verb} resource "${resource}" in API group "${request.group}" ${scope}`;
}
