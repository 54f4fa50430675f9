import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, hostAccessNeeded, remove } from '../fixes.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-009'),
    slug: 'host-network',
    fixable: true,
    rationale:
      "A pod on the host network bypasses NetworkPolicies, can bind to the node's ports and can reach services listening on the node's loopback interface.",
    remediation: 'Remove hostNetwork from the pod spec and expose the workload through a Service.',
    messages: { hostNetwork: 'The pod uses the host network (hostNetwork: true).' },
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
            hostNetwork: false   # the default: the pod gets its own network namespace
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
                ports:
                  - containerPort: 8080
      ---
      # Clients reach the pods through a Service instead of the node's address.
      apiVersion: v1
      kind: Service
      metadata:
        name: web
        namespace: shop
      spec:
        selector: {app: web}
        ports:
          - port: 80
            targetPort: 8080
    `,
  },
  *check(workload, { settings }) {
    if (workload.podSpec['hostNetwork'] === true) {
      const path = [...workload.podSpecPath, 'hostNetwork'];
      yield { messageId: 'hostNetwork', path, fix: fix([remove(path)], hostAccessNeeded(workload, settings)) };
    }
  },
});
