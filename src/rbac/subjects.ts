export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** A binding subject; ServiceAccounts always carry their namespace (resolved from the binding when omitted). */
export interface Subject {
  readonly kind: SubjectKind;
  readonly name: string;
  readonly namespace?: string;
}

const serviceAccountUserPrefix = 'system:serviceaccount:';

/**
 * The ServiceAccount a subject names, if any: a ServiceAccount subject, or a User subject written as the
 * ServiceAccount's user name (`system:serviceaccount:NS:NAME`), which the authorizer treats the same.
 */
export function serviceAccountOf(subject: Subject): { namespace: string; name: string } | undefined {
  if (subject.kind === 'ServiceAccount') return { namespace: subject.namespace ?? '', name: subject.name };
  if (subject.kind === 'User' && subject.name.startsWith(serviceAccountUserPrefix)) {
    const rest = subject.name.slice(serviceAccountUserPrefix.length);
    const colon = rest.indexOf(':');
    if (colon > 0 && colon < rest.length - 1) return { namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
  }
  return undefined;
}

/** The groups the API server puts every ServiceAccount of a namespace in. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
}

/** `User "jane"`, `Group "dev"`, `ServiceAccount "shop/api"`. */
export function describeSubject(subject: Subject): string {
  const sa = serviceAccountOf(subject);
  if (sa && subject.kind === 'ServiceAccount') return `ServiceAccount "${sa.namespace ? sa.namespace + '/' : ''}${sa.name}"`;
  return `${subject.kind} "${subject.name}"`;
}

/**
 * Subjects whose broad permissions are expected. Each entry is `User:NAME`, `Group:NAME` or
 * `ServiceAccount:NAMESPACE:NAME`; NAME (and NAMESPACE) may end in `*` to match by prefix. A
 * wildcard never matches a namespace's `default` ServiceAccount: every pod that names no
 * ServiceAccount runs as it, so its bindings must be listed one by one to be allowed.
 */
export const defaultAdminSubjects: readonly string[] = [
  // The API server's superuser group: authorization is skipped for it, and kubeadm binds cluster-admin to it.
  'Group:system:masters',
  // kubeadm (1.29+) binds cluster-admin to this group for the credentials in admin.conf.
  'Group:kubeadm:cluster-admins',
  // Control-plane components; the bootstrap policy binds their system: roles to these user names.
  'User:system:kube-controller-manager',
  'User:system:kube-scheduler',
  'User:system:kube-proxy',
  // Kubelets: bound to system:node, and narrowed to their own node's objects by the Node authorizer and NodeRestriction.
  'Group:system:nodes',
  // Controllers running with --use-service-account-credentials and cluster add-ons (DNS, CNI, kube-proxy) live here.
  'ServiceAccount:kube-system:*',
];

interface SubjectPattern {
  readonly kind: SubjectKind;
  readonly namespace?: string;
  readonly name: string;
}

export interface AdminSubjects {
  readonly patterns: readonly SubjectPattern[];
  /** Entries that could not be read, with why. */
  readonly errors: readonly string[];
}

export function parseSubjectPattern(text: string): SubjectPattern {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount') {
    throw new Error(`admin subject "${text}": start it with User:, Group: or ServiceAccount:`);
  }
  if (kind === 'ServiceAccount') {
    const split = rest.indexOf(':');
    const namespace = split < 0 ? '' : rest.slice(0, split);
    const name = split < 0 ? '' : rest.slice(split + 1);
    if (!namespace || !name) throw new Error(`admin subject "${text}": write ServiceAccount:NAMESPACE:NAME`);
    return { kind, namespace, name };
  }
  if (!rest) throw new Error(`admin subject "${text}": write ${kind}:NAME`);
  return { kind, name: rest };
}

const compiled = new WeakMap<readonly string[], AdminSubjects>();

/** Reads the adminSubjects setting once per list. */
export function adminSubjects(entries: readonly string[]): AdminSubjects {
  let result = compiled.get(entries);
  if (!result) {
    const patterns: SubjectPattern[] = [];
    const errors: string[] = [];
    for (const entry of entries) {
      try {
        patterns.push(parseSubjectPattern(entry.trim()));
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
    result = { patterns, errors };
    compiled.set(entries, result);
  }
  return result;
}

function matchesText(pattern: string, value: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : pattern === value;
}

/** Whether the subject is on the admin/controller allow-list. */
export function isAdminSubject(subject: Subject, allow: AdminSubjects): boolean {
  const sa = serviceAccountOf(subject);
  return allow.patterns.some((p) => {
    if (sa) {
      if (p.kind !== 'ServiceAccount') return p.kind === subject.kind && p.name === subject.name;
      if (sa.name === 'default' && p.name !== 'default') return false;
      return matchesText(p.namespace ?? '', sa.namespace) && matchesText(p.name, sa.name);
    }
    return p.kind === subject.kind && matchesText(p.name, subject.name);
  });
}
