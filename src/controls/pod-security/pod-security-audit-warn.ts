import { defineControl } from '../../core/control.js';
import { asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { fix, set } from '../fixes.js';

const modes = ['audit', 'warn'] as const;
/** A pinned Pod Security Standards version this many minors behind the target is stale. */
const STALE_AFTER_MINORS = 3;

export default defineControl({
  target: 'resource',
  kinds: ['/Namespace'],
  meta: {
    ...catalogFields('NSA-POD-029'),
    slug: 'pod-security-audit-warn',
    fixable: true,
    rationale:
      'The audit and warn modes of Pod Security Admission report pods that break the restricted level without blocking them: audit writes it to the audit log, warn tells the user who applies the manifest. They show what the enforce label does not yet block.',
    remediation:
      'Label the namespace pod-security.kubernetes.io/audit=restricted and pod-security.kubernetes.io/warn=restricted, and keep *-version labels at latest or a current version.',
    messages: {
      missing: 'Namespace "{{name}}" has no {{label}} label: pods that break the restricted level go unreported.',
      notRestricted: 'Namespace "{{name}}" sets {{label}} to {{value}}, not restricted.',
      staleVersion: 'Namespace "{{name}}" pins {{label}} to {{value}}, {{behind}} minor versions behind v1.{{target}}.',
    },
    example: `apiVersion: v1
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
    const name = resource.ref.name;
    if (settings.systemNamespaces.includes(name)) return;
    const labels = asRecord(asRecord(resource.object['metadata'])?.['labels']);
    for (const mode of modes) {
      const label = `pod-security.kubernetes.io/${mode}`;
      const value = asString(labels?.[label]);
      // Audit and warn only report: raising them to restricted never blocks a pod.
      const labelFix = fix([set(['metadata', 'labels', label], 'restricted')]);
      if (value === undefined) yield { messageId: 'missing', data: { name, label }, path: ['metadata', 'labels'], fix: labelFix };
      else if (value !== 'restricted') yield { messageId: 'notRestricted', data: { name, label, value }, path: ['metadata', 'labels', label], fix: labelFix };
    }
    for (const mode of ['enforce', ...modes]) {
      const label = `pod-security.kubernetes.io/${mode}-version`;
      const value = asString(labels?.[label]);
      const minor = value === undefined ? undefined : /^v1\.(\d+)$/.exec(value)?.[1];
      if (minor === undefined) continue;
      const behind = settings.pssVersion.minor - Number(minor);
      if (behind >= STALE_AFTER_MINORS) {
        yield {
          messageId: 'staleVersion',
          data: { name, label, value, behind, target: settings.pssVersion.minor },
          path: ['metadata', 'labels', label],
          status: 'warning',
        };
      }
    }
  },
});
