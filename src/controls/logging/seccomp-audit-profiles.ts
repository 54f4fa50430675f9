import { defineControl } from '../../core/control.js';
import { asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { securityContexts } from '../pod-security/support.js';
import { NODE_FILE } from '../../node/kinds.js';
import type { ControlContext } from '../../core/control.js';

export default defineControl({
  target: 'workload',
  reads: [NODE_FILE],
  meta: {
    ...catalogFields('NSA-LOG-012'),
    slug: 'seccomp-audit-profiles',
    rationale:
      'The guidance suggests running new workloads under a seccomp profile in audit mode (SCMP_ACT_LOG) to learn which system calls they make, then enforcing a profile built from that baseline. Localhost profiles are how pods use such node-local profiles.',
    remediation: 'Put audit profiles (defaultAction: SCMP_ACT_LOG) under /var/lib/kubelet/seccomp on the nodes, point new workloads at them with seccompProfile type Localhost, and move to an enforcing profile once the baseline is known.',
    messages: {},
    example: `apiVersion: v1
kind: Pod
metadata: {name: shop, namespace: shop}
spec:
  securityContext:
    seccompProfile: {type: Localhost, localhostProfile: profiles/shop-audit.json}
  containers: [{name: app, image: registry.example.com/shop:1.4.2}]
`,
  },
  observe(workload, tally) {
    tally.set('total', (tally.get('total') ?? 0) + 1);
    const profiles = new Set<string>();
    for (const { context } of securityContexts(workload)) {
      const profile = asRecord(context['seccompProfile']);
      if (asString(profile?.['type']) === 'Localhost') profiles.add(asString(profile?.['localhostProfile']) ?? '(unnamed)');
    }
    if (profiles.size > 0) tally.set('localhost', (tally.get('localhost') ?? 0) + 1);
    for (const profile of profiles) tally.set(`profile:${profile}`, (tally.get(`profile:${profile}`) ?? 0) + 1);
  },
  conclude(tally, ctx) {
    const profiles = [...tally.keys()].filter((k) => k.startsWith('profile:')).map((k) => k.slice('profile:'.length)).sort();
    const listed = profiles.length > 0 ? `: ${profiles.slice(0, 10).join(', ')}${profiles.length > 10 ? ', …' : ''}` : '';
    const reason =
      `informational: ${tally.get('localhost') ?? 0} of ${tally.get('total') ?? 0} workloads use Localhost seccomp profiles${listed}. ` +
      'Whether a profile audits (SCMP_ACT_LOG) is in the profile file on the node (/var/lib/kubelet/seccomp), which node scans read.' +
      nodeProfiles(ctx);
    return { status: 'manual', reason };
  },
  *check() {},
});

/** In a node scan: the seccomp profiles under the kubelet's seccomp folder, and which of them only log. */
function nodeProfiles(ctx: ControlContext): string {
  const profiles = ctx.index.list(NODE_FILE).filter((f) => asArrayOfStrings(f.object['roles']).includes('seccomp-profile'));
  if (profiles.length === 0) return '';
  const auditing = profiles.filter((f) => asString(f.object['seccompDefaultAction']) === 'SCMP_ACT_LOG').map((f) => asString(f.object['path']) ?? f.ref.name);
  const listed = auditing.length > 0 ? `: ${auditing.slice(0, 10).join(', ')}${auditing.length > 10 ? ', …' : ''}` : '';
  return ` On this node: ${profiles.length} seccomp profile${profiles.length > 1 ? 's' : ''}, ${auditing.length} in audit mode (defaultAction SCMP_ACT_LOG)${listed}.`;
}

function asArrayOfStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
