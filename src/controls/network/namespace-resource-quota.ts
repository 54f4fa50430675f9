import { defineControl } from '../../core/control.js';
import { asRecord } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { isQuantity, RESOURCE_QUOTA_KIND } from '../../network/resource-policies.js';
import { joinWords, requireKind } from './support.js';

/** The App. G quota keys; `cpu` and `memory` are the older names of `requests.cpu` and `requests.memory`. */
const required: readonly (readonly [string, ...string[]])[] = [
  ['requests.cpu', 'cpu'],
  ['requests.memory', 'memory'],
  ['limits.cpu'],
  ['limits.memory'],
];

export default defineControl({
  target: 'namespace',
  reads: [RESOURCE_QUOTA_KIND],
  precondition: (ctx) => requireKind(ctx, RESOURCE_QUOTA_KIND, 'ResourceQuota'),
  meta: {
    ...catalogFields('NSA-NET-011'),
    slug: 'namespace-resource-quota',
    rationale:
      'A ResourceQuota bounds what a whole namespace may consume. Without one, a runaway deployment (or an attacker creating pods) in one namespace can exhaust the cluster for every other tenant. The guidance asks for a quota per namespace over CPU and memory requests and limits (App. G).',
    remediation: 'Apply an App. G-style ResourceQuota to the namespace, with requests.cpu, requests.memory, limits.cpu and limits.memory in spec.hard.',
    messages: {
      noQuota: 'Namespace "{{namespace}}" has no ResourceQuota.',
      incomplete: 'No ResourceQuota of namespace "{{namespace}}" bounds {{missing}} in spec.hard.',
    },
    example: `apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: shop}
spec:
  hard:
    requests.cpu: "8"
    requests.memory: 16Gi
    limits.cpu: "16"
    limits.memory: 32Gi
`,
  },
  *check(namespace, { index }) {
    if (namespace.system) return;
    const quotas = index.inNamespace(RESOURCE_QUOTA_KIND, namespace.name);
    const first = quotas[0];
    if (!first) {
      yield { messageId: 'noQuota', data: { namespace: namespace.name }, path: ['metadata', 'name'] };
      return;
    }
    const hards = quotas.map((q) => asRecord(asRecord(q.object['spec'])?.['hard']) ?? {});
    const missing = required.filter((names) => !hards.some((hard) => names.some((n) => isQuantity(hard[n])))).map((names) => names[0]);
    if (missing.length === 0) return;
    yield {
      messageId: 'incomplete',
      data: { namespace: namespace.name, missing: joinWords(missing) },
      path: ['spec', 'hard'],
      subject: first,
      status: 'warning',
    };
  },
});
