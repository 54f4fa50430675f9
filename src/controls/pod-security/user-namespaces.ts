import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-036'),
    slug: 'user-namespaces',
    rationale:
      'With hostUsers: false a pod runs in its own user namespace: root in the container is an unprivileged user on the node, the closest Kubernetes comes to the rootless engines the guidance recommends.',
    remediation: 'Set hostUsers: false in pod specs where the nodes support user namespaces.',
    messages: {},
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
            # The pod gets its own user namespace: UID 0 inside is an unprivileged UID on the node.
            # Needs nodes whose kernel and container runtime support user namespaces.
            hostUsers: false
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
    `,
  },
  observe(workload, tally) {
    tally.set('total', (tally.get('total') ?? 0) + 1);
    if (workload.podSpec['hostUsers'] === false) tally.set('isolated', (tally.get('isolated') ?? 0) + 1);
  },
  conclude(tally) {
    const reason = `informational: ${tally.get('isolated') ?? 0} of ${tally.get('total') ?? 0} workloads run with hostUsers: false`;
    return { status: 'manual', reason };
  },
  *check() {},
});
