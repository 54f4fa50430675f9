import { defineControl, type ControlContext, type Tally } from '../../core/control.js';
import { DEFAULT_NAMESPACE } from '../../core/resource.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import type { ResourceIndex } from '../../engine/resource-index.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { WorkloadView } from '../../normalize/workload.js';
import type { BindingDefinition, Grant, RbacModel } from '../../rbac/model.js';
import { secretsAccess, writes, type RiskMatch } from '../../rbac/risk.js';
import { describeSubject, isAdminSubject, serviceAccountOf, type AdminSubjects } from '../../rbac/subjects.js';
import { isStaticPod } from './support.js';
import {
  allowList,
  allowListPrecondition,
  describeBinding,
  describeRole,
  describeScope,
  RBAC_KINDS,
  rbacModel,
  unknownRoleVerdict,
} from '../authorization/support.js';

/** The ServiceAccount a pod runs as, and the field that names it (or where that field belongs). */
function serviceAccount(workload: WorkloadView): { name: string; path: (string | number)[]; named: boolean } {
  const spec = workload.podSpec;
  const name = asString(spec['serviceAccountName']);
  if (name) return { name, path: [...workload.podSpecPath, 'serviceAccountName'], named: true };
  const legacy = asString(spec['serviceAccount']);
  if (legacy) return { name: legacy, path: [...workload.podSpecPath, 'serviceAccount'], named: true };
  return { name: 'default', path: [...workload.podSpecPath, 'serviceAccountName'], named: false };
}

/** A projected volume with a serviceAccountToken source mounts a token whatever automount says. */
function projectsToken(workload: WorkloadView): boolean {
  return asArray(workload.podSpec['volumes']).some((volume) =>
    asArray(asRecord(asRecord(volume)?.['projected'])?.['sources']).some((source) => asRecord(source)?.['serviceAccountToken'] !== undefined),
  );
}

/** What the pod decides about its token: 'yes', 'no', or 'account' when its ServiceAccount decides. */
function podTokenChoice(workload: WorkloadView): 'yes' | 'no' | 'account' {
  if (isStaticPod(workload)) return 'no';
  if (projectsToken(workload)) return 'yes';
  const automount = workload.podSpec['automountServiceAccountToken'];
  return automount === false ? 'no' : automount === true ? 'yes' : 'account';
}

function accountMountsToken(index: ResourceIndex, namespace: string, name: string, near?: WorkloadView): boolean {
  const account = index.get('/ServiceAccount', namespace, name, near?.resource);
  return account?.object['automountServiceAccountToken'] !== false;
}

/** Write verbs cluster-wide, or any verb on Secrets anywhere: a token worth stealing. */
function overPrivileged(grant: Grant): RiskMatch | undefined {
  return secretsAccess(grant.rule) ?? (grant.namespace === undefined ? writes(grant.rule) : undefined);
}

interface Assessment {
  readonly grant?: Grant;
  readonly match?: RiskMatch;
  /** Bindings to the ServiceAccount (or its groups) whose role is unknown. */
  readonly unknown: readonly BindingDefinition[];
}

function assess(model: RbacModel, allow: AdminSubjects, namespace: string, name: string): Assessment | undefined {
  if (isAdminSubject({ kind: 'ServiceAccount', name, namespace }, allow)) return undefined;
  for (const grant of model.grantsOfServiceAccount(namespace, name)) {
    if (isAdminSubject(grant.subject, allow)) continue;
    const match = overPrivileged(grant);
    if (match) return { grant, match, unknown: [] };
  }
  const groups = new Set(['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated']);
  const unknown = model.unknownRoleBindings.filter(
    (b) =>
      b.subjects.some(({ subject }) => {
        if (subject.kind === 'Group') return groups.has(subject.name);
        const sa = serviceAccountOf(subject);
        return sa?.namespace === namespace && sa.name === name;
      }),
  );
  return { unknown };
}

const tallySeparator = '\u0000';

/** One assessment per ServiceAccount for the whole scan: many workloads share an account. */
const assessments = (): Map<string, Assessment | undefined> => new Map();

function assessOnce(ctx: ControlContext, namespace: string, name: string): Assessment | undefined {
  const cache = ctx.index.derive(assessments);
  const key = namespace + tallySeparator + name;
  if (!cache.has(key)) cache.set(key, assess(rbacModel(ctx), allowList(ctx), namespace, name));
  return cache.get(key);
}

/**
 * At the end: not evaluated without any binding in the input (no pod can fail then), or when no pod
 * failed but some pod's ServiceAccount is bound to an unknown role.
 */
function conclude(tally: Tally, ctx: ControlContext) {
  const model = rbacModel(ctx);
  if (model.bindings.length === 0) {
    return {
      status: 'not-evaluated' as const,
      reason: 'no RoleBinding or ClusterRoleBinding in the input, so what the pods\' ServiceAccounts may do cannot be judged',
    };
  }
  const allow = allowList(ctx);
  const unknown = new Set<BindingDefinition>();
  for (const key of tally.keys()) {
    const [choice, namespace = '', name = ''] = key.split(tallySeparator);
    if (choice === 'account' && !accountMountsToken(ctx.index, namespace, name)) continue;
    const result = assess(model, allow, namespace, name);
    if (result?.match) return undefined;
    for (const binding of result?.unknown ?? []) unknown.add(binding);
  }
  return unknown.size > 0 ? unknownRoleVerdict([...unknown]) : undefined;
}

export default defineControl({
  target: 'workload',
  reads: [...RBAC_KINDS, '/ServiceAccount'],
  precondition: allowListPrecondition,
  observe(workload, tally) {
    const choice = podTokenChoice(workload);
    if (choice === 'no') return;
    const key = [choice, workload.namespace ?? DEFAULT_NAMESPACE, serviceAccount(workload).name].join(tallySeparator);
    tally.set(key, (tally.get(key) ?? 0) + 1);
  },
  conclude,
  meta: {
    ...catalogFields('NSA-POD-025'),
    slug: 'dedicated-service-accounts',
    rationale:
      'A pod with a mounted token gives whoever runs code in it the permissions of its ServiceAccount. When that account can write cluster-wide or touch Secrets, one compromised container is a compromised cluster; when it is the shared default account, every pod of the namespace carries the same permissions.',
    remediation:
      'Give each application its own ServiceAccount (serviceAccountName) bound to a namespaced Role with only what it needs, or set automountServiceAccountToken: false when it does not call the API.',
    messages: {
      overPrivileged: 'The pod runs as {{subject}} with its token mounted, and it can {{permission}} {{scope}} through {{role}} ({{binding}}).',
      defaultAccount: 'The pod runs as the namespace\'s default ServiceAccount with its token mounted: give it a dedicated ServiceAccount.',
    },
    example: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: shop
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: api-config-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: api-config-reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: api-config-reader
subjects:
  - kind: ServiceAccount
    name: api
    namespace: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      serviceAccountName: api
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
`,
  },
  *check(workload, ctx) {
    const choice = podTokenChoice(workload);
    const namespace = workload.namespace ?? DEFAULT_NAMESPACE;
    const account = serviceAccount(workload);
    if (choice === 'no' || (choice === 'account' && !accountMountsToken(ctx.index, namespace, account.name, workload))) return;
    const result = assessOnce(ctx, namespace, account.name);
    if (!result) return;
    if (result.grant && result.match) {
      yield {
        messageId: 'overPrivileged',
        data: {
          subject: describeSubject({ kind: 'ServiceAccount', name: account.name, namespace }),
          permission: result.match.permission,
          scope: describeScope(result.grant),
          role: describeRole(result.grant.role, result.grant.rule),
          binding:
            describeBinding(result.grant.binding) +
            (result.grant.subject.kind === 'Group' ? ` to its ${describeSubject(result.grant.subject)}` : ''),
        },
        path: account.path,
      };
    } else if (account.name === 'default') {
      yield { messageId: 'defaultAccount', path: account.path, status: 'warning' };
    }
  },
});
