import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { yaml } from '../../core/yaml-text.js';
import { fix, hostAccessNeeded, remove } from '../fixes.js';

export default defineControl({
  target: 'workload',
  meta: {
    ...catalogFields('NSA-POD-008'),
    slug: 'host-pid-ipc',
    fixable: true,
    rationale:
      "Sharing the host's process or IPC namespace lets the pod see and signal every process on the node, read their environment and attach to shared memory.",
    remediation: 'Remove hostPID and hostIPC from the pod spec (or set them to false).',
    messages: { hostNamespace: 'The pod shares the host {{namespace}} namespace ({{field}}: true).' },
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
            # The defaults, spelled out: the pod has its own process and IPC namespaces,
            # so it can neither see nor signal the node's processes.
            hostPID: false
            hostIPC: false
            containers:
              - name: web
                image: registry.example.com/shop/web:1.4.2
    `,
  },
  *check(workload, { settings }) {
    for (const [field, namespace] of [['hostPID', 'process'], ['hostIPC', 'IPC']] as const) {
      if (workload.podSpec[field] === true) {
        const path = [...workload.podSpecPath, field];
        yield { messageId: 'hostNamespace', data: { field, namespace }, path, fix: fix([remove(path)], hostAccessNeeded(workload, settings)) };
      }
    }
  },
});
