import { defineControl } from '../../core/control.js';
import { inferredNamespace } from '../../core/resource.js';
import { catalogFields } from '../../guidance/lookup.js';

/** Namespaces Kubernetes creates itself; every other `kube-` name was made by someone. */
const builtinNamespaces = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export default defineControl({
  target: 'cluster',
  reads: ['/Namespace'],
  meta: {
    ...catalogFields('NSA-NET-002'),
    slug: 'namespace-hygiene',
    rationale:
      'Namespaces are how the guidance separates teams and applications: RBAC, network policies and resource quotas are scoped by them. A user namespace named kube-* is mistaken for a system namespace, and is often excluded from the very checks and policies meant for user workloads. Everything in one namespace means no separation at all.',
    remediation: 'Rename kube-* namespaces; give each team or application its own namespace.',
    messages: {
      reservedPrefix: 'Namespace "{{name}}" uses the kube- prefix that Kubernetes reserves for its own namespaces.',
      singleNamespace: 'All {{workloads}} workloads sit in one namespace, "{{name}}": nothing separates them.',
    },
    example: `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: billing}
`,
  },
  applies(cluster) {
    return cluster.namespaces.length > 0 ? undefined : { status: 'not-evaluated', reason: 'the input names no namespace: no Namespace objects and no namespaced objects' };
  },
  *check(cluster) {
    for (const namespace of cluster.namespaces) {
      if (!namespace.name.startsWith('kube-') || builtinNamespaces.has(namespace.name)) continue;
      yield {
        messageId: 'reservedPrefix',
        data: { name: namespace.name },
        path: ['metadata', 'name'],
        subject: namespace.resource ?? inferredNamespace(namespace.name),
      };
    }
    const withWorkloads = cluster.namespaces.filter((n) => n.workloads > 0);
    const only = withWorkloads[0];
    const workloads = only?.workloads ?? 0;
    // One workload alone in its namespace is separated from everything else; two or more are not.
    if (withWorkloads.length === 1 && only && workloads > 1 && !only.system) {
      yield {
        messageId: 'singleNamespace',
        data: { name: only.name, workloads },
        path: ['metadata', 'name'],
        subject: only.resource ?? inferredNamespace(only.name),
        status: 'warning',
      };
    }
  },
});
