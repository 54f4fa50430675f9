import { DEFAULT_NAMESPACE, type Resource } from '../core/resource.js';
import { asArray, asRecord, asString, detach } from '../core/values.js';
import type { ResourceIndex } from '../engine/resource-index.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { builtinRoles, isSystemRoleName } from './builtin-roles.js';
import { isNonResourceRequest, parseRequest, readRule, ruleAllows, sameRule, type Request, type Rule } from './rules.js';
import { readLabels, readSelector, selectorMatches, type Labels, type LabelSelector } from './selectors.js';
import { serviceAccountGroups, serviceAccountOf, type Subject } from './subjects.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const ROLE = `${RBAC_GROUP}/Role`;
export const CLUSTER_ROLE = `${RBAC_GROUP}/ClusterRole`;
export const ROLE_BINDING = `${RBAC_GROUP}/RoleBinding`;
export const CLUSTER_ROLE_BINDING = `${RBAC_GROUP}/ClusterRoleBinding`;
/** The kinds the RBAC model is built from: controls that query it declare them all in `reads`. */
export const RBAC_KINDS: readonly string[] = [ROLE, CLUSTER_ROLE, ROLE_BINDING, CLUSTER_ROLE_BINDING];

export type RoleKind = 'Role' | 'ClusterRole';

/** Where a rule is written: the role that declares it (for aggregated rules, the aggregated role) and its index. */
export interface RuleSource {
  readonly kind: RoleKind;
  readonly name: string;
  readonly namespace?: string;
  readonly index: number;
  readonly resource?: Resource;
}

export interface RoleRule extends Rule {
  readonly source: RuleSource;
}

export interface RoleDefinition {
  readonly kind: RoleKind;
  readonly name: string;
  /** Roles only. */
  readonly namespace?: string;
  /** 'input' when a manifest defines it, 'builtin' for the bootstrap policy's roles. */
  readonly origin: 'input' | 'builtin';
  readonly resource?: Resource;
  readonly labels: Labels;
  /** Set for aggregated ClusterRoles: their rules are those of the ClusterRoles these select. */
  readonly aggregation?: readonly LabelSelector[];
  /** The effective rules: for an aggregated ClusterRole, the aggregate, then the rules it already holds. */
  readonly rules: readonly RoleRule[];
  /** Named `system:…` or one of the default user-facing roles (cluster-admin, admin, edit, view). */
  readonly system: boolean;
}

export interface BindingSubject {
  readonly subject: Subject;
  /** Index in the binding's `subjects`, for the finding's path. */
  readonly index: number;
}

export type BindingStatus =
  /** The role was found (in the input or built in). */
  | 'resolved'
  /** The role is neither in the input nor built in: what the binding grants cannot be judged. */
  | 'unknown-role'
  /** The API server would reject the binding (a ClusterRoleBinding to a Role, a roleRef without a name). */
  | 'invalid';

export interface BindingDefinition {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  /** RoleBindings only: the namespace the grants apply in. */
  readonly namespace?: string;
  readonly resource: Resource;
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects: readonly BindingSubject[];
  readonly status: BindingStatus;
  readonly role?: RoleDefinition;
}

/** One permission one subject holds: "subject can RULE in NAMESPACE (or cluster-wide), via binding X and role Y". */
export interface Grant {
  readonly subject: Subject;
  readonly subjectIndex: number;
  readonly binding: BindingDefinition;
  readonly role: RoleDefinition;
  readonly rule: RoleRule;
  /** The namespace the grant applies in; undefined for cluster-wide grants (ClusterRoleBindings). */
  readonly namespace?: string;
}

/**
 * The namespace of a namespaced RBAC object: one without metadata.namespace is created in `default`,
 * as the index keys it, so that its Role, its ServiceAccount subjects and its pods meet there.
 */
function namespaceOf(resource: Resource): string {
  return resource.ref.namespace || DEFAULT_NAMESPACE;
}

/**
 * Effective permissions of every subject of the input: Roles and ClusterRoles (aggregated as the
 * aggregation controller does, with the built-in roles where the input lacks them) resolved through
 * RoleBindings and ClusterRoleBindings into grants. Built once per scan (`index.derive(buildRbacModel)`);
 * every query is a pure function of it.
 */
export class RbacModel {
  readonly bindings: readonly BindingDefinition[];
  readonly grants: readonly Grant[];
  /** Bindings whose role is neither in the input nor built in. */
  readonly unknownRoleBindings: readonly BindingDefinition[];
  private readonly grantsByBinding = new Map<BindingDefinition, Grant[]>();
  /** Grants by `ServiceAccount NS/NAME` (either spelling of the subject) or `Group NAME`. */
  private readonly grantsBySubject = new Map<string, Grant[]>();
  private readonly clusterRoles: ReadonlyMap<string, readonly RoleDefinition[]>;
  private readonly roles: ReadonlyMap<string, readonly RoleDefinition[]>;
  private readonly bindingsById: ReadonlyMap<string, BindingDefinition>;

  constructor(resources: Iterable<Resource>) {
    const clusterRoles = new Map<string, RoleDefinition[]>();
    const roles = new Map<string, RoleDefinition[]>();
    const bindingResources: Resource[] = [];
    for (const resource of resources) {
      const key = kindKey(resource.ref.apiVersion, resource.ref.kind);
      if (key === CLUSTER_ROLE) push(clusterRoles, resource.ref.name, readRole(resource, 'ClusterRole'));
      else if (key === ROLE) push(roles, roleKey(namespaceOf(resource), resource.ref.name), readRole(resource, 'Role'));
      else if (key === ROLE_BINDING || key === CLUSTER_ROLE_BINDING) bindingResources.push(resource);
    }
    for (const builtin of builtinRoles) {
      const definition: MutableRole = {
        kind: builtin.kind,
        name: builtin.name,
        ...(builtin.namespace ? { namespace: builtin.namespace } : {}),
        origin: 'builtin',
        labels: builtin.labels,
        ...(builtin.aggregateLabels ? { aggregation: [readSelector({ matchLabels: builtin.aggregateLabels })] } : {}),
        rules: builtin.rules.map((rule, index) => ({
          ...rule,
          source: { kind: builtin.kind, name: builtin.name, ...(builtin.namespace ? { namespace: builtin.namespace } : {}), index },
        })),
        system: true,
      };
      // What the input defines is what the cluster gets: a built-in stands in only for what is missing.
      if (builtin.kind === 'ClusterRole' && !clusterRoles.has(builtin.name)) clusterRoles.set(builtin.name, [definition]);
      const namespacedKey = roleKey(builtin.namespace ?? '', builtin.name);
      if (builtin.kind === 'Role' && !roles.has(namespacedKey)) roles.set(namespacedKey, [definition]);
    }
    aggregate(clusterRoles);
    this.clusterRoles = clusterRoles;
    this.roles = roles;
    const bindings: BindingDefinition[] = [];
    const byId = new Map<string, BindingDefinition>();
    for (const resource of bindingResources) {
      const binding = this.readBinding(resource);
      bindings.push(binding);
      byId.set(resource.id, binding);
    }
    this.bindings = bindings;
    this.bindingsById = byId;
    this.unknownRoleBindings = bindings.filter((b) => b.status === 'unknown-role');
    const grants: Grant[] = [];
    for (const binding of bindings) {
      const own = grantsOf(binding);
      this.grantsByBinding.set(binding, own);
      for (const grant of own) {
        grants.push(grant);
        const key = subjectKey(grant.subject);
        if (key) push(this.grantsBySubject, key, grant);
      }
    }
    this.grants = grants;
  }

  /** The binding a RoleBinding or ClusterRoleBinding resource defines (read now if the model lacks it). */
  binding(resource: Resource): BindingDefinition {
    return this.bindingsById.get(resource.id) ?? this.readBinding(resource);
  }

  /** Every grant of one binding. */
  grantsOfBinding(binding: BindingDefinition): readonly Grant[] {
    return this.grantsByBinding.get(binding) ?? grantsOf(binding);
  }

  /**
   * Who can make the request: every grant whose rule allows it. With a namespace, the grants effective
   * there (cluster-wide ones and those of RoleBindings in that namespace); without, grants anywhere.
   * A rule limited by resourceNames counts for requests without a name (it allows them on those names).
   * The request may be written as kubectl does: `whoCan('create', 'pods/exec', 'shop')`.
   */
  whoCan(request: Request, namespace?: string): Grant[];
  whoCan(verb: string, resource: string, namespace?: string): Grant[];
  whoCan(first: Request | string, second?: string, third?: string): Grant[] {
    const request = typeof first === 'string' ? parseRequest(first, second ?? '') : first;
    const namespace = typeof first === 'string' ? third : second;
    return this.grants.filter((grant) => {
      if (isNonResourceRequest(request) && grant.namespace !== undefined) return false;
      if (namespace !== undefined && grant.namespace !== undefined && grant.namespace !== namespace) return false;
      return ruleAllows(grant.rule, request, true);
    });
  }

  /**
   * The grants a ServiceAccount holds: bound to it by name (as a ServiceAccount or as its user name), or
   * to a group every ServiceAccount of its namespace is in.
   */
  grantsOfServiceAccount(namespace: string, name: string): Grant[] {
    const effective = namespace || DEFAULT_NAMESPACE;
    const keys = [serviceAccountKey(effective, name), ...serviceAccountGroups(effective).map(groupKey)];
    return keys.flatMap((key) => this.grantsBySubject.get(key) ?? []);
  }

  /** The roles a binding could reference, for tests and diagnostics. */
  role(kind: RoleKind, name: string, namespace?: string, near?: Resource): RoleDefinition | undefined {
    const candidates = kind === 'ClusterRole' ? this.clusterRoles.get(name) : this.roles.get(roleKey(namespace || DEFAULT_NAMESPACE, name));
    return nearest(candidates, near);
  }

  private readBinding(resource: Resource): BindingDefinition {
    const object = resource.object;
    const cluster = kindKey(resource.ref.apiVersion, resource.ref.kind) === CLUSTER_ROLE_BINDING;
    // A ClusterRoleBinding is cluster-scoped: a metadata.namespace written on it is ignored by the API server.
    const namespace = cluster ? undefined : namespaceOf(resource);
    const ref = asRecord(object['roleRef']);
    const roleRef = { kind: detach(asString(ref?.['kind']) ?? ''), name: detach(asString(ref?.['name']) ?? '') };
    const subjects: BindingSubject[] = [];
    asArray(object['subjects']).forEach((entry, index) => {
      const subject = readSubject(entry, namespace);
      if (subject) subjects.push({ subject, index });
    });
    const base = {
      kind: cluster ? ('ClusterRoleBinding' as const) : ('RoleBinding' as const),
      name: resource.ref.name,
      ...(namespace !== undefined ? { namespace } : {}),
      resource,
      roleRef,
      subjects,
    };
    const validKind = roleRef.kind === 'ClusterRole' || (!cluster && roleRef.kind === 'Role');
    if (!validKind || !roleRef.name) return { ...base, status: 'invalid' };
    const role = this.role(roleRef.kind as RoleKind, roleRef.name, namespace, resource);
    return role ? { ...base, status: 'resolved', role } : { ...base, status: 'unknown-role' };
  }
}

type MutableRole = { -readonly [K in keyof RoleDefinition]: RoleDefinition[K] };

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function serviceAccountKey(namespace: string, name: string): string {
  return `ServiceAccount\u0000${namespace}\u0000${name}`;
}

function groupKey(name: string): string {
  return `Group\u0000${name}`;
}

function subjectKey(subject: Subject): string | undefined {
  if (subject.kind === 'Group') return groupKey(subject.name);
  const sa = serviceAccountOf(subject);
  return sa ? serviceAccountKey(sa.namespace, sa.name) : undefined;
}

function roleKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

function readRole(resource: Resource, kind: RoleKind): MutableRole {
  const object = resource.object;
  const metadata = asRecord(object['metadata']);
  const namespace = kind === 'Role' ? namespaceOf(resource) : undefined;
  const rules: RoleRule[] = [];
  asArray(object['rules']).forEach((entry, index) => {
    const rule = readRule(entry);
    if (rule) rules.push({ ...rule, source: { kind, name: resource.ref.name, ...(namespace !== undefined ? { namespace } : {}), index, resource } });
  });
  const aggregationRule = kind === 'ClusterRole' ? asRecord(object['aggregationRule']) : undefined;
  const selectors = aggregationRule ? asArray(aggregationRule['clusterRoleSelectors']).map(readSelector) : undefined;
  return {
    kind,
    name: resource.ref.name,
    ...(namespace !== undefined ? { namespace } : {}),
    origin: 'input',
    resource,
    labels: readLabels(metadata?.['labels']),
    ...(selectors ? { aggregation: selectors } : {}),
    rules,
    system: isSystemRoleName(resource.ref.name, kind),
  };
}

function readSubject(value: unknown, bindingNamespace: string | undefined): Subject | undefined {
  const subject = asRecord(value);
  const kind = asString(subject?.['kind']);
  const name = asString(subject?.['name']);
  if (!name || (kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount')) return undefined;
  if (kind !== 'ServiceAccount') return { kind, name: detach(name) };
  // The authorizer reads a ServiceAccount subject without namespace as one of the binding's namespace;
  // a ClusterRoleBinding has none to lend (the API server requires it there).
  const namespace = asString(subject?.['namespace']) || bindingNamespace;
  if (namespace === undefined) return undefined;
  return { kind, name: detach(name), namespace: detach(namespace) };
}

/**
 * Sets the rules of every aggregated ClusterRole to the rules of the ClusterRoles its selectors match,
 * as the clusterrole-aggregation controller does (matches in name order, a rule added once, the role
 * itself skipped). Aggregated roles can select aggregated roles (admin selects edit, edit selects view):
 * repeated until nothing changes. The rules the object already holds are kept after the aggregate: in
 * an object read from a cluster (`kubectl get clusterrole -o yaml`, a scan filtered by label) they are
 * what the controller aggregated from roles the input may not hold, and a role that cannot be seen is
 * no reason to drop what it grants.
 */
function aggregate(clusterRoles: Map<string, MutableRole[]>): void {
  const all = [...clusterRoles.values()].flat().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const aggregated = all.filter((r) => r.aggregation);
  const held = new Map(aggregated.map((role) => [role, role.rules]));
  for (const role of aggregated) role.rules = [];
  for (let changed = true, rounds = 0; changed && rounds <= all.length; rounds++) {
    changed = false;
    for (const role of aggregated) {
      const rules: RoleRule[] = [];
      for (const selector of role.aggregation ?? []) {
        for (const other of all) {
          if (other === role || other.name === role.name || !selectorMatches(selector, other.labels)) continue;
          for (const rule of other.rules) if (!rules.some((r) => sameRule(r, rule))) rules.push(rule);
        }
      }
      for (const rule of held.get(role) ?? []) if (!rules.some((r) => sameRule(r, rule))) rules.push(rule);
      if (rules.length !== role.rules.length) {
        role.rules = rules;
        changed = true;
      }
    }
  }
}

/** Of several definitions with one name (overlays, a hardened twin), the one nearest to `near` by file. */
function nearest<T extends { resource?: Resource }>(candidates: readonly T[] | undefined, near?: Resource): T | undefined {
  if (!candidates || candidates.length < 2 || !near) return candidates?.[0];
  const from = fileOf(near);
  let best = candidates[0];
  let bestScore = -1;
  for (const candidate of candidates) {
    const to = candidate.resource ? fileOf(candidate.resource) : '';
    let score = 0;
    while (score < from.length && score < to.length && from[score] === to[score]) score++;
    if (from === to) score = Number.MAX_SAFE_INTEGER;
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return best;
}

function fileOf(resource: Resource): string {
  return resource.origin.type === 'file' ? resource.origin.file : '';
}

function grantsOf(binding: BindingDefinition): Grant[] {
  const role = binding.role;
  if (binding.status !== 'resolved' || !role) return [];
  const grants: Grant[] = [];
  for (const { subject, index } of binding.subjects) {
    for (const rule of role.rules) {
      // Non-resource URLs are cluster-wide: the authorizer honours them through ClusterRoleBindings only.
      if (binding.kind === 'RoleBinding' && rule.resources.length === 0) continue;
      grants.push({
        subject,
        subjectIndex: index,
        binding,
        role,
        rule,
        ...(binding.kind === 'RoleBinding' ? { namespace: binding.namespace ?? DEFAULT_NAMESPACE } : {}),
      });
    }
  }
  return grants;
}

/** The model of a scan, built once: pass this function itself to `ctx.index.derive`. */
export function buildRbacModel(index: ResourceIndex): RbacModel {
  return new RbacModel(RBAC_KINDS.flatMap((kind) => index.list(kind)));
}
