import { defineControl } from '../../core/control.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { ResourceIndex } from '../../engine/resource-index.js';
import type { Resource } from '../../core/resource.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, fixDefaults, set } from '../fixes.js';

const enforceLabel = 'pod-security.kubernetes.io/enforce';

/**
 * The constraints of Gatekeeper's pod-security-policy library that stand for the baseline level's core:
 * privileged containers, host namespaces, host ports, hostPath volumes and added capabilities. With all
 * of them denying in a namespace, the library does what an enforce label would.
 */
const gatekeeperBaselineKinds = [
  'K8sPSPPrivilegedContainer',
  'K8sPSPHostNamespace',
  'K8sPSPHostNetworkingPorts',
  'K8sPSPHostFilesystem',
  'K8sPSPCapabilities',
].map((kind) => `constraints.gatekeeper.sh/${kind}`);

export default defineControl({
  target: 'resource',
  kinds: ['/Namespace'],
  reads: ['kyverno.io/ClusterPolicy', ...gatekeeperBaselineKinds],
  meta: {
    ...catalogFields('NSA-POD-026'),
    slug: 'pod-security-admission-labels',
    fixable: true,
    rationale:
      'Pod Security Admission enforces the Pod Security Standards only in namespaces labelled for it. Without an enforce label of baseline or restricted, any pod, privileged or not, is admitted.',
    remediation: 'Label the namespace: pod-security.kubernetes.io/enforce=restricted (or baseline where restricted is not yet possible).',
    messages: {
      missing: 'Namespace "{{name}}" has no {{label}} label, so Pod Security Admission admits privileged pods.',
      privileged: 'Namespace "{{name}}" enforces the privileged level, which allows everything.',
    },
    example: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        labels:
          # Reject pods that violate the restricted Pod Security Standard...
          pod-security.kubernetes.io/enforce: restricted
          pod-security.kubernetes.io/enforce-version: latest
          # ...and report them in the audit log and in kubectl's warnings too.
          pod-security.kubernetes.io/audit: restricted
          pod-security.kubernetes.io/warn: restricted
    `,
  },
  *check(resource, { settings, index }) {
    if (settings.systemNamespaces.includes(resource.ref.name)) return;
    if (index.derive(hasPolicyEnginePodSecurity)) return;
    if (gatekeeperEnforcesBaseline(index, resource.ref.name)) return;
    const labels = asRecord(asRecord(resource.object['metadata'])?.['labels']);
    const value = asString(labels?.[enforceLabel]);
    const path = ['metadata', 'labels', enforceLabel];
    const level = fixDefaults(settings).level;
    if (value === undefined) yield { messageId: 'missing', data: { name: resource.ref.name, label: enforceLabel }, path, fix: fix([set(path, level)]) };
    else if (value === 'privileged') {
      const unsafe = `the namespace enforces privileged on purpose: its pods may need it; enforce ${level} once they pass it`;
      yield { messageId: 'privileged', data: { name: resource.ref.name }, path, fix: fix([set(path, level)], unsafe) };
    }
  },
});

/**
 * The ClusterPolicies of Kyverno's pod-security library (kyverno/policies, the kyverno-policies chart)
 * for the baseline level's core, by the names the library gives them.
 */
const kyvernoBaselinePolicies = [
  ['disallow-privileged-containers'],
  ['disallow-host-namespaces'],
  ['disallow-host-ports', 'disallow-host-ports-range'],
  ['disallow-host-path'],
  ['disallow-capabilities'],
];

function enforcingRules(policy: Resource): Record<string, unknown>[] {
  const spec = asRecord(policy.object['spec']);
  const action = asString(spec?.['validationFailureAction']) ?? 'Audit';
  return asArray(spec?.['rules']).flatMap((rule) => {
    const validate = asRecord(asRecord(rule)?.['validate']);
    const ruleAction = asString(validate?.['failureAction']) ?? action;
    return validate && ruleAction.toLowerCase() === 'enforce' ? [validate] : [];
  });
}

/**
 * Kyverno does the same job with a ClusterPolicy in Enforce mode that has a podSecurity rule at baseline
 * or restricted, or with the library's baseline policies all in Enforce mode.
 */
function hasPolicyEnginePodSecurity(index: ResourceIndex): boolean {
  const policies = index.list('kyverno.io/ClusterPolicy');
  const podSecurityRule = policies.some((policy) =>
    enforcingRules(policy).some((validate) => {
      const level = asString(asRecord(validate['podSecurity'])?.['level']);
      return level === 'baseline' || level === 'restricted';
    }),
  );
  if (podSecurityRule) return true;
  const enforcing = new Set(policies.filter((policy) => enforcingRules(policy).length > 0).map((policy) => policy.ref.name));
  return kyvernoBaselinePolicies.every((names) => names.some((name) => enforcing.has(name)));
}

/** Whether a constraint denies (not dryrun or warn) and its match takes in pods of the namespace. */
function constraintDeniesIn(constraint: Resource, namespace: string): boolean {
  const spec = asRecord(constraint.object['spec']);
  const action = asString(spec?.['enforcementAction']) ?? 'deny';
  if (action !== 'deny') return false;
  const match = asRecord(spec?.['match']);
  const names = (key: string) => asArray(match?.[key]).map((n) => asString(n));
  const matchesName = (pattern: string | undefined) =>
    pattern !== undefined && (pattern === namespace || (pattern.endsWith('*') && namespace.startsWith(pattern.slice(0, -1))));
  // A label or scope selector narrows the match in ways the input may not show: count it as not covering.
  if (match?.['namespaceSelector'] !== undefined || match?.['labelSelector'] !== undefined) return false;
  if (match?.['namespaces'] !== undefined && !names('namespaces').some(matchesName)) return false;
  if (names('excludedNamespaces').some(matchesName)) return false;
  const kinds = asArray(match?.['kinds']);
  if (kinds.length === 0) return true;
  return kinds.some((k) => {
    const entry = asRecord(k);
    const groups = asArray(entry?.['apiGroups']).map((g) => asString(g));
    const kindNames = asArray(entry?.['kinds']).map((n) => asString(n));
    return (groups.includes('') || groups.includes('*')) && (kindNames.includes('Pod') || kindNames.includes('*'));
  });
}

function gatekeeperEnforcesBaseline(index: ResourceIndex, namespace: string): boolean {
  return gatekeeperBaselineKinds.every((kind) => index.list(kind).some((constraint) => constraintDeniesIn(constraint, namespace)));
}
