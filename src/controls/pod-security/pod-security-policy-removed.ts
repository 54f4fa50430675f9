import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';

export default defineControl({
  target: 'resource',
  kinds: ['policy/PodSecurityPolicy', 'extensions/PodSecurityPolicy'],
  meta: {
    ...catalogFields('NSA-POD-030'),
    slug: 'pod-security-policy-removed',
    rationale:
      'PodSecurityPolicy was removed in Kubernetes 1.25: a PodSecurityPolicy manifest no longer protects anything, yet it suggests that pods are guarded.',
    remediation: 'Replace PodSecurityPolicies with Pod Security Admission namespace labels or a policy engine (Kyverno, Gatekeeper).',
    messages: { removed: 'PodSecurityPolicy "{{name}}" has no effect on Kubernetes {{version}} (removed in 1.25).' },
    example: yaml`
      # No PodSecurityPolicy: Pod Security Admission labels on each namespace take its place.
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
        labels:
          pod-security.kubernetes.io/enforce: restricted
          pod-security.kubernetes.io/audit: restricted
          pod-security.kubernetes.io/warn: restricted
    `,
  },
  *check(resource, { settings }) {
    if (settings.pssVersion.minor < 25) return;
    yield { messageId: 'removed', data: { name: resource.ref.name, version: `v1.${settings.pssVersion.minor}` }, path: ['kind'] };
  },
});
