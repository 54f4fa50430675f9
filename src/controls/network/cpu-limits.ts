import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { LIMIT_RANGE_KIND } from '../../network/resource-policies.js';
import { missingResource } from './resource-support.js';
import { fix, resourceFixValue, set } from '../fixes.js';

export default defineControl({
  target: 'container',
  reads: [LIMIT_RANGE_KIND],
  meta: {
    ...catalogFields('NSA-NET-012'),
    slug: 'cpu-limits',
    fixable: true,
    rationale:
      'A container without a CPU limit can take every core of its node and starve the pods next to it, the kubelet and the container runtime. The guidance asks that every container have a CPU limit, set on the container or by a LimitRange default of its namespace.',
    remediation: 'Set resources.limits.cpu on every container and init container, or give the namespace a LimitRange with a default CPU limit for containers.',
    messages: {
      noLimit: 'Container "{{container}}" has no CPU limit, and no LimitRange of namespace "{{namespace}}" gives it a default one.',
    },
    example: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - name: app
      image: registry.example.com/web:1.4.2
      resources:
        requests: {cpu: 100m, memory: 128Mi}
        limits: {cpu: 500m, memory: 256Mi}
`,
  },
  *check(container, { index, settings }) {
    if (missingResource(container, index, 'limits', 'cpu')) {
      const path = [...container.path, 'resources', 'limits', 'cpu'];
      yield { messageId: 'noLimit', data: { namespace: container.workload.namespace || 'default' }, path, fix: fix([set(path, resourceFixValue(container, settings, 'limits', 'cpu'))]) };
    }
  },
});
