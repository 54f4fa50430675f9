import { ALL, ruleAllows, type ResourceRequest, type Rule } from './rules.js';
import type { Grant, RbacModel } from './model.js';
import { isAdminSubject, type AdminSubjects } from './subjects.js';

export type RiskId =
  | 'cluster-admin'
  | 'secrets-read'
  | 'exec-attach'
  | 'escalate-bind'
  | 'impersonate'
  | 'token-create'
  | 'csr-approve'
  | 'pod-create'
  | 'nodes-proxy'
  | 'wildcard';

export interface RiskMatch {
  /** The permission, as `verb resource` pairs: `get secrets`, `create pods/exec`. */
  readonly permission: string;
}

interface RiskDefinition {
  readonly id: RiskId;
  readonly title: string;
  readonly match: (rule: Rule) => RiskMatch | undefined;
}

const RBAC = 'rbac.authorization.k8s.io';
const CERTIFICATES = 'certificates.k8s.io';

/** Verbs that change state; with `*`, what "write verbs" means for the controls. */
export const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];
export const READ_SECRET_VERBS: readonly string[] = ['get', 'list', 'watch'];

/** Workload resources whose create runs a pod of the creator's choosing (with any ServiceAccount of the namespace). */
const POD_CREATORS: readonly (readonly [string, string])[] = [
  ['', 'pods'],
  ['', 'replicationcontrollers'],
  ['apps', 'deployments'],
  ['apps', 'replicasets'],
  ['apps', 'statefulsets'],
  ['apps', 'daemonsets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
];

/** The first of the requests the rule allows (on any object name), as a permission. */
function firstAllowed(rule: Rule, requests: readonly ResourceRequest[]): RiskMatch | undefined {
  for (const request of requests) {
    if (ruleAllows(rule, request, true)) {
      const sub = request.subresource ? `/${request.subresource}` : '';
      const group = request.group && request.group !== RBAC && request.group !== CERTIFICATES ? `.${request.group}` : '';
      return { permission: `${request.verb} ${request.resource}${group}${sub}` };
    }
  }
  return undefined;
}

function requests(verbs: readonly string[], targets: readonly (readonly [string, string, string?])[]): ResourceRequest[] {
  return verbs.flatMap((verb) =>
    targets.map(([group, resource, subresource]) => ({ verb, group, resource, ...(subresource ? { subresource } : {}) })),
  );
}

/** Every `*` in verbs, apiGroups or resources of a resource rule (or in nonResourceURLs). */
export function wildcardFields(rule: Rule): ('verbs' | 'apiGroups' | 'resources' | 'nonResourceURLs')[] {
  const fields: ('verbs' | 'apiGroups' | 'resources' | 'nonResourceURLs')[] = [];
  if (rule.verbs.includes(ALL)) fields.push('verbs');
  if (rule.apiGroups.includes(ALL)) fields.push('apiGroups');
  if (rule.resources.includes(ALL)) fields.push('resources');
  if (rule.nonResourceURLs.includes(ALL)) fields.push('nonResourceURLs');
  return fields;
}

/** verbs `*`, resources `*`, apiGroups `*` or `""`: everything (in the core group at least). */
export function isFullWildcard(rule: Rule): boolean {
  return rule.verbs.includes(ALL) && rule.resources.includes(ALL) && (rule.apiGroups.includes(ALL) || rule.apiGroups.includes(''));
}

/**
 * `create` on pods/exec or pods/attach. A rule listing `pods/*` counts too: the authorizer does not
 * expand it (only `*` and `*\/SUBRESOURCE` are wildcards there), but it states the intent to allow
 * every subresource, and the catalog lists it.
 */
const EXEC_ATTACH = requests(['create'], [['', 'pods', 'exec'], ['', 'pods', 'attach']]);
const EXEC_ATTACH_GET = requests(['get'], [['', 'pods', 'exec'], ['', 'pods', 'attach']]);
const SECRETS_READ = requests(READ_SECRET_VERBS, [['', 'secrets']]);
const ESCALATE_BIND = requests(['escalate', 'bind'], [[RBAC, 'roles'], [RBAC, 'clusterroles']]);
const IMPERSONATE = requests(['impersonate'], [['', 'users'], ['', 'groups'], ['', 'serviceaccounts'], ['authentication.k8s.io', 'uids']]);
const TOKEN_CREATE = requests(['create'], [['', 'serviceaccounts', 'token']]);
const SIGNER_APPROVE = requests(['approve'], [[CERTIFICATES, 'signers']]);
const CSR_APPROVAL = requests(['update'], [[CERTIFICATES, 'certificatesigningrequests', 'approval']]);
const POD_CREATE = requests(['create'], POD_CREATORS);
const NODES_PROXY = requests(['get', 'create', 'update', 'patch', 'delete'], [['', 'nodes', 'proxy']]);

export function execAttach(rule: Rule): RiskMatch | undefined {
  const match = firstAllowed(rule, EXEC_ATTACH);
  if (match) return match;
  if ((rule.verbs.includes('create') || rule.verbs.includes(ALL)) && rule.resources.includes('pods/*')) {
    if (rule.apiGroups.includes('') || rule.apiGroups.includes(ALL)) return { permission: 'create pods/*' };
  }
  return undefined;
}

/**
 * get on pods/exec or pods/attach: before Kubernetes 1.35 (or with the AuthorizePodWebsocketUpgradeCreatePermission
 * feature gate off) the API server authorizes a WebSocket exec or attach with get alone.
 */
export function execAttachOverWebSocket(rule: Rule): RiskMatch | undefined {
  return firstAllowed(rule, EXEC_ATTACH_GET);
}

/** get, list or watch on secrets; `namedOnly` says whether the rule is limited to some secrets by name. */
export function secretsRead(rule: Rule): (RiskMatch & { readonly namedOnly: boolean }) | undefined {
  const match = firstAllowed(rule, SECRETS_READ);
  return match ? { ...match, namedOnly: rule.resourceNames.length > 0 } : undefined;
}

/** Any verb on secrets. */
export function secretsAccess(rule: Rule): RiskMatch | undefined {
  if (!(rule.apiGroups.includes('') || rule.apiGroups.includes(ALL))) return undefined;
  if (!(rule.resources.includes('secrets') || rule.resources.includes(ALL))) return undefined;
  if (rule.verbs.length === 0) return undefined;
  const named = rule.resourceNames.length > 0 ? ` named ${rule.resourceNames.join(', ')}` : '';
  return { permission: describePermission(rule.verbs, ['secrets']) + named };
}

/** escalate or bind on roles/clusterroles, impersonate, create serviceaccounts/token, approving CSRs. */
export function escalation(rule: Rule): RiskMatch | undefined {
  return (
    escalateBind(rule) ?? impersonate(rule) ?? tokenCreate(rule) ?? csrApprove(rule)
  );
}

export function escalateBind(rule: Rule): RiskMatch | undefined {
  return firstAllowed(rule, ESCALATE_BIND);
}

export function impersonate(rule: Rule): RiskMatch | undefined {
  return firstAllowed(rule, IMPERSONATE);
}

export function tokenCreate(rule: Rule): RiskMatch | undefined {
  return firstAllowed(rule, TOKEN_CREATE);
}

/** Approving a CSR takes update on certificatesigningrequests/approval and approve on the signer. */
export function csrApprove(rule: Rule): RiskMatch | undefined {
  return (
firstAllowed(rule, SIGNER_APPROVE) ?? firstAllowed(rule, CSR_APPROVAL)
  );
}

export function podCreate(rule: Rule): RiskMatch | undefined {
  return firstAllowed(rule, POD_CREATE);
}

/** Any verb on nodes/proxy: the kubelet API, and with it exec into every pod of the node. */
export function nodesProxy(rule: Rule): RiskMatch | undefined {
  return firstAllowed(rule, NODES_PROXY);
}

/** `create, update pods`, `do anything to every resource`: verbs and resources as a permission. */
export function describePermission(verbs: readonly string[], resources: readonly string[]): string {
  const what = resources.map((r) => (r === ALL ? 'every resource' : r)).join(', ');
  return verbs.includes(ALL) ? `do anything to ${what}` : `${verbs.join(', ')} ${what}`;
}

/**
 * The review APIs: `create` on them asks the API server a question (is this token valid, may this user
 * do that) and stores nothing.
 */
const REVIEW_RESOURCES: ReadonlySet<string> = new Set([
  'tokenreviews', 'subjectaccessreviews', 'localsubjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews',
]);

/** A write verb (or `*`) on anything but the review APIs. */
export function writes(rule: Rule): RiskMatch | undefined {
  const verbs = rule.verbs.filter((v) => v === ALL || WRITE_VERBS.includes(v));
  if (verbs.length === 0) return undefined;
  if (rule.resources.length > 0) {
    const written = rule.resources.filter((r) => !REVIEW_RESOURCES.has(r));
    return written.length === 0 ? undefined : { permission: describePermission(verbs, written) };
  }
  return { permission: describePermission(verbs, rule.nonResourceURLs) };
}

export const risks: readonly RiskDefinition[] = [
  { id: 'cluster-admin', title: 'every verb on every resource', match: (r) => (isFullWildcard(r) ? { permission: '* on *' } : undefined) },
  { id: 'secrets-read', title: 'read Secrets', match: secretsRead },
  { id: 'exec-attach', title: 'exec or attach into pods', match: execAttach },
  { id: 'escalate-bind', title: 'escalate or bind roles', match: escalateBind },
  { id: 'impersonate', title: 'impersonate users, groups or ServiceAccounts', match: impersonate },
  { id: 'token-create', title: 'create ServiceAccount tokens', match: tokenCreate },
  { id: 'csr-approve', title: 'approve certificate signing requests', match: csrApprove },
  { id: 'pod-create', title: 'create pods or workloads', match: podCreate },
  { id: 'nodes-proxy', title: 'reach the kubelet API through nodes/proxy', match: nodesProxy },
  {
    id: 'wildcard',
    title: 'wildcard rules',
    match: (r) => {
      const fields = wildcardFields(r);
      return fields.length > 0 ? { permission: `* in ${fields.join(', ')}` } : undefined;
    },
  },
];

export interface RiskyGrant {
  readonly risk: RiskId;
  readonly permission: string;
  readonly grant: Grant;
  /** The subject is on the admin/controller allow-list. */
  readonly allowListed: boolean;
}

/** Every grant with a risky permission, one entry per risk, subject and binding (the first matching rule). */
export function riskyGrants(model: RbacModel, allow: AdminSubjects): RiskyGrant[] {
  const seen = new Set<string>();
  const out: RiskyGrant[] = [];
  for (const grant of model.grants) {
    for (const risk of risks) {
      const match = risk.match(grant.rule);
      if (!match) continue;
      const key = `${risk.id}\u0000${grant.binding.resource.id}\u0000${grant.subjectIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ risk: risk.id, permission: match.permission, grant, allowListed: isAdminSubject(grant.subject, allow) });
    }
  }
  return out;
}
