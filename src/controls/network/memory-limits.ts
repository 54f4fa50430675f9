import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { LIMIT_RANGE_KIND } from '../../network/resource-policies.js';
import { missingResource } from './resource-support.js';
import { fix, resourceFixValue, set } from '../fixes.js';

export default defineControl({
  target: 'container',
  reads: [LIMIT_RANGE_KIND],
  meta: {
    ...catalogFields('NSA-NET-013'),
    slug: 'memory-limits',
    fixable: true,
    rationale:
      'A container without a memory limit can grow until the node runs out of memory; the kernel then kills processes of other pods, or the kubelet evicts them. The guidance asks for memory limits on every container, set on the container or by a LimitRange default.',
    remediation: 'Set resources.limits.memory on every container and init container, or give the namespace a LimitRange with a default memory limit for containers.',
    messages: {
      noLimit: 'Container "{{container}}" has no memory limit, and no LimitRange of namespace "{{namespace}}" gives it a default one.',
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
    if (missingResource(container, index, 'limits', 'memory')) {
      const path = [...container.path, 'resources', 'limits', 'memory'];
      yield { messageId: 'noLimit', data: { namespace: container.workload.namespace || 'default' }, path, fix: fix([set(path, resourceFixValue(container, settings, 'limits', 'memory'))]) };
    }
  },
});
