import { defineControl } from '../../core/control.js';
import { asArray, asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { safeSysctls } from '../../pss/checksBaseline.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, hostAccessNeeded, remove } from '../fixes.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-019'),
    slug: 'unsafe-sysctls',
    fixable: true,
    rationale:
      'Sysctls outside the namespaced safe set change kernel settings for the whole node, affecting every other pod on it.',
    remediation: 'Remove the unsafe sysctls; set node-wide kernel parameters on the node instead.',
    messages: { unsafe: 'The pod sets the sysctl {{sysctl}}, which is not in the safe set for {{version}}.' },
    example: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            securityContext:
              # Only namespaced sysctls of the Pod Security Standards' safe set: they affect this pod alone.
              sysctls:
                - name: net.ipv4.ip_local_port_range
                  value: "32768 60999"
                - name: net.ipv4.tcp_keepalive_time
                  value: "600"
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
    `,
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
        fix: fix([remove([...workload.podSpecPath, 'securityContext', 'sysctls', i])], hostAccessNeeded(workload, settings)),
      };
    }
  },
});
