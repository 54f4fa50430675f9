import { defineControl } from '../../core/control.js';
import { asArray, asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { safeSysctls } from '../../pss/checksBaseline.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-019'),
    slug: 'unsafe-sysctls',
    rationale:
      'Sysctls outside the namespaced safe set change kernel settings for the whole node, affecting every other pod on it.',
    remediation: 'Remove the unsafe sysctls; set node-wide kernel parameters on the node instead.',
    messages: { unsafe: 'The pod sets the sysctl {{sysctl}}, which is not in the safe set for {{version}}.' },
  },
  *check(workload, { settings }) {
    const safe = safeSysctls(settings.pssVersion.minor);
    const sysctls = asArray(workload.podSecurityContext['sysctls']);
    for (let i = 0; i < sysctls.length; i++) {
      const name = asRecord(sysctls[i])?.['name'];
      if (typeof name === 'string' && safe.has(name)) continue;
      yield {
        messageId: 'unsafe',
        data: { sysctl: String(name), version: `v1.${settings.pssVersion.minor}` },
        path: [...workload.podSpecPath, 'securityContext', 'sysctls', i, 'name'],
      };
    }
  },
});
