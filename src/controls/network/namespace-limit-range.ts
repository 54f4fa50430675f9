import { defineControl } from '../../core/control.js';
import { asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { computeResources, containerItems, isQuantity, LIMIT_RANGE_KIND } from '../../network/resource-policies.js';
import { joinWords, requireKind } from './support.js';

const fields = ['default', 'defaultRequest', 'max'] as const;

export default defineControl({
  target: 'namespace',
  reads: [LIMIT_RANGE_KIND],
  precondition: (ctx) => requireKind(ctx, LIMIT_RANGE_KIND, 'LimitRange'),
  meta: {
    ...catalogFields('NSA-NET-010'),
    slug: 'namespace-limit-range',
    rationale:
      'A LimitRange gives every container of its namespace default requests and limits, and caps what one container may ask for. Without one, a single container that forgets its limits (or asks for a node\'s worth) can starve the other tenants of the cluster: the guidance\'s resource policies start with a LimitRange per namespace (App. F).',
    remediation:
      'Apply an App. F-style LimitRange to the namespace: a type: Container item with default, defaultRequest and max for cpu and memory.',
    messages: {
      noLimitRange: 'Namespace "{{namespace}}" has no LimitRange.',
      incomplete: 'No LimitRange of namespace "{{namespace}}" sets {{missing}} for containers (type: Container).',
    },
    example: `apiVersion: v1
kind: LimitRange
metadata: {name: container-limits, namespace: shop}
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 128Mi}
      default: {cpu: 500m, memory: 512Mi}
      max: {cpu: "2", memory: 2Gi}
`,
  },
  *check(namespace, { index }) {
    if (namespace.system) return;
    const limitRanges = index.inNamespace(LIMIT_RANGE_KIND, namespace.name);
    const first = limitRanges[0];
    if (!first) {
      yield { messageId: 'noLimitRange', data: { namespace: namespace.name }, path: ['metadata', 'name'] };
      return;
    }
    const items = limitRanges.flatMap(containerItems);
    const missing = fields.flatMap((field) =>
      computeResources.filter((name) => !items.some(({ item }) => isQuantity(asRecord(item[field])?.[name]))).map((name) => `${field}.${name}`),
    );
    if (missing.length === 0) return;
    const owner = limitRanges.find((r) => containerItems(r).length > 0) ?? first;
    yield {
      messageId: 'incomplete',
      data: { namespace: namespace.name, missing: joinWords(missing) },
      path: containerItems(owner)[0]?.path ?? ['spec', 'limits'],
      subject: owner,
      status: 'warning',
    };
  },
});
