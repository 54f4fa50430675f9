import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-009'),
    slug: 'host-network',
    rationale:
      "A pod on the host network bypasses NetworkPolicies, can bind to the node's ports and can reach services listening on the node's loopback interface.",
    remediation: 'Remove hostNetwork from the pod spec and expose the workload through a Service.',
    messages: { hostNetwork: 'The pod uses the host network (hostNetwork: true).' },
  },
  *check(workload) {
    if (workload.podSpec['hostNetwork'] === true) {
      yield { messageId: 'hostNetwork', path: [...workload.podSpecPath, 'hostNetwork'] };
    }
  },
});
