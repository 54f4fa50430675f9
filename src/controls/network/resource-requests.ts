import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { asRecord } from '../../core/values.js';
import { computeResources, isQuantity, LIMIT_RANGE_KIND } from '../../network/resource-policies.js';
import { missingResource } from './resource-support.js';
import { fix, resourceFixValue, set } from '../fixes.js';

const shown = { cpu: 'CPU', memory: 'memory' } as const;

export default defineControl({
  target: 'container',
  reads: [LIMIT_RANGE_KIND],
  meta: {
    ...catalogFields('NSA-NET-014'),
    // The catalog cites only "App. G"; the requirement comes from the resource policies section it illustrates.
    guidance: 'Resource policies (p.14–15); App. G',
    slug: 'resource-requests',
    fixable: true,
    rationale:
      'The scheduler places pods by their requests. A container without CPU and memory requests is scheduled as if it needed nothing, packs nodes beyond what they can run, and is the first to be evicted under pressure. Requests are also what a ResourceQuota counts.',
    remediation:
      'Set resources.requests.cpu and resources.requests.memory on every container and init container, or give the namespace a LimitRange with defaultRequest for containers.',
    messages: {
      noRequest: 'Container "{{container}}" has no {{resource}} request, and no LimitRange of namespace "{{namespace}}" gives it a default one.',
      requestFromLimit:
        'Container "{{container}}" sets no {{resource}} request, so the API server copies its {{resource}} limit ({{limit}}) into it: the pod is scheduled for its peak, not for what it usually needs.',
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
    for (const name of computeResources) {
      if (!missingResource(container, index, 'requests', name)) continue;
      // The API server defaults a missing request to the container's own limit: say so rather than "no request".
      const limit = asRecord(asRecord(container.spec['resources'])?.['limits'])?.[name];
      yield {
        ...(isQuantity(limit)
          ? { messageId: 'requestFromLimit' as const, data: { resource: shown[name], limit: String(limit) } }
          : { messageId: 'noRequest' as const, data: { resource: shown[name], namespace: container.workload.namespace || 'default' } }),
        path: [...container.path, 'resources', 'requests', name],
        fix: fix([set([...container.path, 'resources', 'requests', name], resourceFixValue(container, settings, 'requests', name))]),
      };
    }
  },
});
