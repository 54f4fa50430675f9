import type { Resource } from '../core/resource.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import type { WorkloadView } from '../normalize/workload.js';

/**
 * Read-only lookups over every resource of one scan, built once, for cross-resource controls
 * (ServiceAccount automount, NetworkPolicy selection, LimitRange defaults, RBAC).
 * Resources without a namespace in a manifest share the key '' (the namespace they will be applied to).
 */
export class ResourceIndex {
  private readonly byKind = new Map<string, Resource[]>();
  private readonly byName = new Map<string, Resource>();

  constructor(
    readonly resources: readonly Resource[],
    readonly workloads: readonly WorkloadView[],
  ) {
    for (const resource of resources) {
      const key = kindKey(resource.ref.apiVersion, resource.ref.kind);
      let list = this.byKind.get(key);
      if (!list) this.byKind.set(key, (list = []));
      list.push(resource);
      this.byName.set(nameKey(key, resource.ref.namespace, resource.ref.name), resource);
    }
  }

  /** All resources of one kind (`group/Kind`, core group empty), optionally in one namespace. */
  list(kind: string, namespace?: string): readonly Resource[] {
    const all = this.byKind.get(kind) ?? [];
    return namespace === undefined ? all : all.filter((r) => (r.ref.namespace ?? '') === namespace);
  }

  get(kind: string, namespace: string | undefined, name: string): Resource | undefined {
    return this.byName.get(nameKey(kind, namespace, name));
  }

  has(kind: string): boolean {
    return (this.byKind.get(kind)?.length ?? 0) > 0;
  }
}

function nameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
