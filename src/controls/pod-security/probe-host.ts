import { defineControl } from '../../core/control.js';
import type { Path } from '../../core/path.js';
import { asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, remove } from '../fixes.js';

const handlers: readonly Path[] = [
  ['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop'],
];

export default defineControl({
  target: 'container',
  meta: {
    ...catalogFields('NSA-POD-022'),
    slug: 'probe-host',
    fixable: true,
    rationale:
      'A probe or lifecycle hook with a host field makes the kubelet connect to an arbitrary address from the node: a server-side request forgery from a trusted position.',
    remediation: 'Remove the host field from httpGet and tcpSocket probes and lifecycle hooks.',
    messages: { host: 'Container "{{container}}" {{handler}} connects to host "{{host}}".' },
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
                # Probes and hooks without a host field target the pod's own IP.
                livenessProbe:
                  httpGet:
                    path: /healthz
                    port: 8080
                readinessProbe:
                  tcpSocket:
                    port: 8080
                lifecycle:
                  preStop:
                    httpGet:
                      path: /drain
                      port: 8080
    `,
  },
  *check(container) {
    // On the host network the pod's address is the node's: a server listening on loopback only (as
    // node agents' health servers do) no longer answers once the host field is gone.
    const hostNetwork = container.workload.podSpec['hostNetwork'] === true;
    for (const handler of handlers) {
      let node: Record<string, unknown> | undefined = container.spec;
      for (const step of handler) node = asRecord(node?.[step as string]);
      for (const action of ['httpGet', 'tcpSocket']) {
        const host = asRecord(node?.[action])?.['host'];
        if (host === undefined || host === null || host === '') continue;
        yield {
          messageId: 'host',
          data: { handler: handler.join('.'), host: String(host) },
          path: [...container.path, ...handler, action, 'host'],
          fix: fix(
            [remove([...container.path, ...handler, action, 'host'])],
            hostNetwork
              ? `the pod uses the host network: its server may listen on ${String(host)} only, and without the host field the kubelet connects to the node's address`
              : undefined,
          ),
        };
      }
    }
  },
});
