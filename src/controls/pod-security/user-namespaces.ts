import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-036'),
    slug: 'user-namespaces',
    rationale:
      'With hostUsers: false a pod runs in its own user namespace: root in the container is an unprivileged user on the node, the closest Kubernetes comes to the rootless engines the guidance recommends.',
    remediation: 'Set hostUsers: false in pod specs where the nodes support user namespaces.',
    messages: {},
  },
  precondition({ index }) {
    const total = index.workloads.length;
    const isolated = index.workloads.filter((w) => w.podSpec['hostUsers'] === false).length;
    return { status: 'manual', reason: `informational: ${isolated} of ${total} workloads run with hostUsers: false` };
  },
  *check() {},
});
