import type { ControlContext, ControlReport, ControlVerdict } from '../../core/control.js';
import { builtinRoles } from '../../rbac/builtin-roles.js';
import {
  buildRbacModel,
  CLUSTER_ROLE_BINDING,
  ROLE_BINDING,
  type BindingDefinition,
  type Grant,
  type RbacModel,
  type RoleDefinition,
  type RuleSource,
} from '../../rbac/model.js';
import type { RiskMatch } from '../../rbac/risk.js';
import type { Rule } from '../../rbac/rules.js';
import { adminSubjects, describeSubject, isAdminSubject, type AdminSubjects, type Subject } from '../../rbac/subjects.js';

export { RBAC_KINDS } from '../../rbac/model.js';

/** The binding kinds grant controls judge: a finding about a grant belongs to the binding that grants it. */
export const bindingKinds: readonly string[] = [ROLE_BINDING, CLUSTER_ROLE_BINDING];

export function rbacModel(ctx: ControlContext): RbacModel {
  return ctx.index.derive(buildRbacModel);
}

export function allowList(ctx: ControlContext): AdminSubjects {
  return adminSubjects(ctx.settings.adminSubjects);
}

/** A control that uses the allow-list cannot be judged with an unreadable one. */
export function allowListPrecondition(ctx: ControlContext): ControlVerdict | undefined {
  const { errors } = allowList(ctx);
  return errors.length > 0 ? { status: 'not-evaluated', reason: `the adminSubjects setting cannot be read: ${errors.join('; ')}` } : undefined;
}

/** `ClusterRole "edit" (built-in)`, `Role "shop/reader"`, with where an aggregated rule comes from. */
export function describeRole(role: RoleDefinition, rule?: Rule & { source?: RuleSource }): string {
  const name = role.namespace ? `${role.namespace}/${role.name}` : role.name;
  const builtin = role.origin === 'builtin' ? ' (built-in)' : '';
  // Where an aggregated rule comes from matters when the input wrote it (how admin, edit and view
  // aggregate their own built-in parts is no news).
  const source = rule?.source;
  const from = source?.resource && source.name !== role.name ? `, rule aggregated from ${source.kind} "${source.name}"` : '';
  return `${role.kind} "${name}"${builtin}${from}`;
}

export function describeRoleRef(binding: BindingDefinition): string {
  return binding.role ? describeRole(binding.role) : `${binding.roleRef.kind} "${binding.roleRef.name}"`;
}

export function describeBinding(binding: BindingDefinition): string {
  return `${binding.kind} "${binding.namespace ? binding.namespace + '/' : ''}${binding.name}"`;
}

export function describeScope(grant: Pick<Grant, 'namespace'>): string {
  return grant.namespace === undefined ? 'cluster-wide' : `in namespace "${grant.namespace}"`;
}

export function bindingScope(binding: BindingDefinition): string {
  return binding.kind === 'ClusterRoleBinding' ? 'cluster-wide' : `in namespace "${binding.namespace ?? ''}"`;
}

export interface SubjectGrant {
  readonly subject: Subject;
  readonly index: number;
  readonly grant: Grant;
  readonly match: RiskMatch;
}

/**
 * For each subject of the binding outside the allow-list, the first grant whose rule `match`es: one
 * finding per subject, naming the role and one permission that carries the risk.
 */
export function riskySubjects(
  binding: BindingDefinition,
  model: RbacModel,
  allow: AdminSubjects,
  match: (rule: Grant['rule'], grant: Grant) => RiskMatch | undefined,
): SubjectGrant[] {
  const out: SubjectGrant[] = [];
  const grants = model.grantsOfBinding(binding);
  for (const { subject, index } of binding.subjects) {
    if (isAdminSubject(subject, allow)) continue;
    for (const grant of grants) {
      if (grant.subjectIndex !== index) continue;
      const found = match(grant.rule, grant);
      if (found) {
        out.push({ subject, index, grant, match: found });
        break;
      }
    }
  }
  return out;
}

/** Message data for a grant finding: subject, permission, scope, role. */
export function grantData(found: SubjectGrant): Record<string, string> {
  return {
    subject: describeSubject(found.subject),
    permission: found.match.permission,
    scope: describeScope(found.grant),
    role: describeRole(found.grant.role, found.grant.rule),
  };
}

/** A binding whose grants a control needs but cannot know: its role is neither in the input nor built in. */
export function unknownRoleBindings(model: RbacModel, allow: AdminSubjects, relevant: (b: BindingDefinition) => boolean = () => true): BindingDefinition[] {
  return model.unknownRoleBindings.filter((b) => relevant(b) && b.subjects.some((s) => !isAdminSubject(s.subject, allow)));
}

export function unknownRoleVerdict(unknown: readonly BindingDefinition[]): ControlVerdict {
  const listed = unknown
    .slice(0, 3)
    .map((b) => `${describeBinding(b)} -> ${b.roleRef.kind} "${b.roleRef.name}"`)
    .join(', ');
  const more = unknown.length > 3 ? ` and ${unknown.length - 3} more` : '';
  const count = unknown.length === 1 ? '1 binding references a role' : `${unknown.length} bindings reference roles`;
  return {
    status: 'not-evaluated',
    reason: `${count} that the input does not define and that is not built in, so what they grant cannot be judged: ${listed}${more}. Add the roles to the input.`,
  };
}

/**
 * The verdict at the end of a scan for a control that judges grants: when no binding fails it but some
 * binding's role is unknown, the control is not evaluated (never passed on what could not be seen).
 */
export function concludeGrants(
  ctx: ControlContext,
  judge: (binding: BindingDefinition, ctx: ControlContext) => Iterable<ControlReport<string>>,
  relevant?: (b: BindingDefinition) => boolean,
): ControlVerdict | undefined {
  const model = rbacModel(ctx);
  const unknown = unknownRoleBindings(model, allowList(ctx), relevant);
  if (unknown.length === 0) return undefined;
  for (const binding of model.bindings) {
    for (const report of judge(binding, ctx)) if (report.status !== 'warning') return undefined;
  }
  return unknownRoleVerdict(unknown);
}

/**
 * Whether the role grants nothing beyond the built-in role of the same name: a rule is covered when a
 * built-in rule allows at least everything it lists.
 */
export function grantsNoMoreThanBuiltin(role: RoleDefinition): boolean {
  const builtin = builtinRoles.find((b) => b.kind === role.kind && b.name === role.name);
  if (!builtin) return false;
  const within = (list: readonly string[], allowed: readonly string[]): boolean => list.every((v) => allowed.includes(v));
  return role.rules.every((rule) =>
    builtin.rules.some(
      (b) =>
        within(rule.verbs, b.verbs) &&
        within(rule.apiGroups, b.apiGroups) &&
        within(rule.resources, b.resources) &&
        within(rule.nonResourceURLs, b.nonResourceURLs) &&
        (b.resourceNames.length === 0 || (rule.resourceNames.length > 0 && within(rule.resourceNames, b.resourceNames))),
    ),
  );
}
