import { defineControl } from '../../core/control.js';
import { asArray, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { ResourceIndex } from '../../engine/resource-index.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, fixDefaults, set } from '../fixes.js';

const enforceLabel = 'pod-security.kubernetes.io/enforce';

export default defineControl({
  target: 'resource',
  kinds: ['/Namespace'],
  reads: ['kyverno.io/ClusterPolicy'],
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

/** A Kyverno ClusterPolicy in Enforce mode with a podSecurity rule at baseline or restricted does the same job. */
function hasPolicyEnginePodSecurity(index: ResourceIndex): boolean {
  return index.list('kyverno.io/ClusterPolicy').some((policy) => {
    const spec = asRecord(policy.object['spec']);
    const action = asString(spec?.['validationFailureAction']) ?? 'Audit';
    return asArray(spec?.['rules']).some((rule) => {
      const validate = asRecord(asRecord(rule)?.['validate']);
      const level = asString(asRecord(validate?.['podSecurity'])?.['level']);
      const ruleAction = asString(validate?.['failureAction']) ?? action;
      return (level === 'baseline' || level === 'restricted') && ruleAction.toLowerCase() === 'enforce';
    });
  });
}
