import type { Resource } from '../core/resource.js';
import { ResourceIndex } from '../engine/resource-index.js';
import type { ScanSettings } from '../engine/settings.js';
import { buildRbacModel, RBAC_KINDS, type BindingDefinition, type Grant, type RbacModel } from './model.js';
import { riskyGrants, risks, type RiskId } from './risk.js';
import { adminSubjects } from './subjects.js';

export interface SubjectRef {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  readonly namespace?: string;
}

export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Where the object is defined, when it comes from a file. */
  readonly file?: string;
}

export interface RiskyPermissionEntry {
  readonly risk: RiskId;
  /** What the risk is, in words: "read Secrets". */
  readonly title: string;
  /** The permission that carries the risk: "get secrets". */
  readonly permission: string;
  readonly subject: SubjectRef;
  readonly binding: ObjectRef;
  readonly role: ObjectRef & { readonly builtin: boolean };
  /** 'cluster-wide', or the namespace the grant applies in. */
  readonly scope: string;
  /** The subject is on the admin/controller allow-list (adminSubjects). */
  readonly allowListed: boolean;
}

export interface UnknownRoleEntry {
  readonly binding: ObjectRef;
  readonly roleRef: { readonly kind: string; readonly name: string };
}

/** The "risky permissions" section of a scan report: plain data, sorted, ready to render. */
export interface RiskyPermissionsSection {
  readonly permissions: readonly RiskyPermissionEntry[];
  /** Risky permissions per risk, of subjects outside the allow-list. */
  readonly counts: Readonly<Record<RiskId, number>>;
  /** Bindings whose role is neither in the input nor built in: what they grant is not known. */
  readonly unknownRoles: readonly UnknownRoleEntry[];
}

/**
 * The risky permissions of the input's RBAC objects: Secrets reads, exec/attach, escalate/bind,
 * impersonation, token creation, CSR approval, pod creation, nodes/proxy and wildcards, each with its
 * subject, binding, role and scope. `source` is the scan's index (it must hold the RBAC kinds, see
 * RBAC_KINDS; undefined otherwise) or the resources themselves. No I/O.
 */
export function riskyPermissions(
  source: ResourceIndex | Iterable<Resource>,
  settings: Pick<ScanSettings, 'adminSubjects'>,
): RiskyPermissionsSection | undefined {
  let model: RbacModel;
  if (source instanceof ResourceIndex) {
    if (!RBAC_KINDS.every((k) => source.kinds.has(k))) return undefined;
    model = source.derive(buildRbacModel);
  } else {
    model = buildRbacModel(new ResourceIndex(source, new Set(RBAC_KINDS)));
  }
  const allow = adminSubjects(settings.adminSubjects);
  const titles = new Map(risks.map((r) => [r.id, r.title]));
  const counts = Object.fromEntries(risks.map((r) => [r.id, 0])) as Record<RiskId, number>;
  const permissions = riskyGrants(model, allow).map((risky): RiskyPermissionEntry => {
    if (!risky.allowListed) counts[risky.risk]++;
    return {
      risk: risky.risk,
      title: titles.get(risky.risk) ?? risky.risk,
      permission: risky.permission,
      subject: { ...risky.grant.subject },
      binding: bindingRef(risky.grant.binding),
      role: roleRef(risky.grant),
      scope: risky.grant.namespace === undefined ? 'cluster-wide' : risky.grant.namespace,
      allowListed: risky.allowListed,
    };
  });
  const order = new Map(risks.map((r, i) => [r.id, i]));
  permissions.sort(
    (a, b) =>
      Number(a.allowListed) - Number(b.allowListed) ||
      (order.get(a.risk) ?? 0) - (order.get(b.risk) ?? 0) ||
      compare(subjectKey(a.subject), subjectKey(b.subject)) ||
      compare(a.binding.name, b.binding.name),
  );
  const unknownRoles = model.bindings
    .filter((b) => b.status === 'unknown-role')
    .map((b) => ({ binding: bindingRef(b), roleRef: { ...b.roleRef } }));
  return { permissions, counts, unknownRoles };
}

export function bindingRef(binding: BindingDefinition): ObjectRef {
  const origin = binding.resource.origin;
  return {
    kind: binding.kind,
    name: binding.name,
    ...(binding.namespace ? { namespace: binding.namespace } : {}),
    ...(origin.type === 'file' ? { file: origin.file } : {}),
  };
}

function roleRef(grant: Grant): ObjectRef & { builtin: boolean } {
  const role = grant.role;
  const origin = role.resource?.origin;
  return {
    kind: role.kind,
    name: role.name,
    ...(role.namespace ? { namespace: role.namespace } : {}),
    ...(origin?.type === 'file' ? { file: origin.file } : {}),
    builtin: role.origin === 'builtin',
  };
}

function subjectKey(subject: SubjectRef): string {
  return `${subject.kind}/${subject.namespace ?? ''}/${subject.name}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
