import { defineControl } from '../../core/control.js';
import { asArray, asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, hostAccessNeeded, remove } from '../fixes.js';

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-011'),
    slug: 'host-ports',
    fixable: true,
    rationale:
      "A hostPort binds the container to a port on the node's own addresses: it bypasses Services and NetworkPolicies and limits where the pod can be scheduled.",
    remediation: 'Remove hostPort and expose the container through a Service.',
    messages: { hostPort: 'Container "{{container}}" binds host port {{hostPort}}.' },
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
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
                ports:
                  - containerPort: 8080   # no hostPort
      ---
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
  *check(container, { settings }) {
    const ports = asArray(container.spec['ports']);
    for (let i = 0; i < ports.length; i++) {
      const hostPort = asRecord(ports[i])?.['hostPort'];
      if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
        const path = [...container.path, 'ports', i, 'hostPort'];
        yield { messageId: 'hostPort', data: { hostPort: String(hostPort) }, path, fix: fix([remove(path)], hostAccessNeeded(container.workload, settings)) };
      }
    }
  },
});
