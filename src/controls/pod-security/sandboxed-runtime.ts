import { defineControl } from '../../core/control.js';
import { asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import type { ResourceIndex } from '../../engine/resource-index.js';
import { yaml } from '../../core/yaml-text.js';

export const UNTRUSTED_NAMESPACE_LABEL = 'kubeharden.io/untrusted';
const sandboxHandlers = /^(runsc|gvisor|kata|kata-.*|.*-kata|firecracker|.*fc|crun-vm)$/i;

export default defineControl({
  target: 'workload',
  reads: ['/Namespace', 'node.k8s.io/RuntimeClass'],
  meta: {
    ...catalogFields('NSA-POD-034'),
    slug: 'sandboxed-runtime',
    heuristic: true,
    rationale:
      'Untrusted code shares the host kernel unless it runs in a sandboxed runtime (gVisor, Kata Containers): one kernel exploit then reaches the node.',
    remediation: `Run pods of namespaces labelled ${UNTRUSTED_NAMESPACE_LABEL}=true with a sandboxed RuntimeClass (gVisor runsc or Kata).`,
    messages: {
      noSandbox: 'The pod runs in the untrusted namespace "{{namespace}}" without a sandboxed runtime class.',
      notSandbox: 'The pod runs in the untrusted namespace "{{namespace}}" with RuntimeClass "{{runtimeClass}}", whose handler {{handler}} is not a sandbox.',
    },
    example: yaml`
      # Tenants' code runs in a namespace marked untrusted...
      apiVersion: v1
      kind: Namespace
      metadata:
        name: tenant-jobs
        labels:
          kubeharden.io/untrusted: "true"
      ---
      # ...with a RuntimeClass whose handler is a sandbox (gVisor).
      apiVersion: node.k8s.io/v1
      kind: RuntimeClass
      metadata:
        name: gvisor
      handler: runsc
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: build-runner
        namespace: tenant-jobs
      spec:
        selector:
          matchLabels: {app: build-runner}
        template:
          metadata:
            labels: {app: build-runner}
          spec:
            runtimeClassName: gvisor
            containers:
              - name: runner
                image: registry.example.com/ci/build-runner:5.1.0
    `,
  },
  observe(workload, tally) {
    const runtimeClass = asString(workload.podSpec['runtimeClassName']) ?? 'none (the node default)';
    tally.set(runtimeClass, (tally.get(runtimeClass) ?? 0) + 1);
  },
  conclude(tally, { index }) {
    if (index.derive(untrustedNamespaces).size > 0) return undefined;
    const inventory = [...tally].map(([name, count]) => `${name} (${count})`).join(', ');
    return {
      status: 'manual',
      reason: `no Namespace labelled ${UNTRUSTED_NAMESPACE_LABEL}=true; runtime classes in use: ${inventory || 'no workloads'}`,
    };
  },
  *check(workload, { index }) {
    const namespace = workload.namespace ?? '';
    if (!index.derive(untrustedNamespaces).has(namespace)) return;
    const path = [...workload.podSpecPath, 'runtimeClassName'];
    const runtimeClass = asString(workload.podSpec['runtimeClassName']);
    if (!runtimeClass) {
      yield { messageId: 'noSandbox', data: { namespace }, path };
      return;
    }
    const handler = asString(index.get('node.k8s.io/RuntimeClass', undefined, runtimeClass, workload.resource)?.object['handler']);
    if (handler !== undefined && !sandboxHandlers.test(handler)) {
      yield { messageId: 'notSandbox', data: { namespace, runtimeClass, handler }, path };
    }
  },
});

function untrustedNamespaces(index: ResourceIndex): Set<string> {
  return new Set(
    index
      .list('/Namespace')
      .filter((ns) => asString(asRecord(asRecord(ns.object['metadata'])?.['labels'])?.[UNTRUSTED_NAMESPACE_LABEL]) === 'true')
      .map((ns) => ns.ref.name),
  );
}
