import { defineControl } from '../../core/control.js';
import { asArray, asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-011'),
    slug: 'host-ports',
    rationale:
      "A hostPort binds the container to a port on the node's own addresses: it bypasses Services and NetworkPolicies and limits where the pod can be scheduled.",
    remediation: 'Remove hostPort and expose the container through a Service.',
    messages: { hostPort: 'Container "{{container}}" binds host port {{hostPort}}.' },
  },
  *check(container) {
    const ports = asArray(container.spec['ports']);
    for (let i = 0; i < ports.length; i++) {
      const hostPort = asRecord(ports[i])?.['hostPort'];
      if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
        yield { messageId: 'hostPort', data: { hostPort: String(hostPort) }, path: [...container.path, 'ports', i, 'hostPort'] };
      }
    }
  },
});
