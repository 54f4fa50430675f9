import type { Resource } from '../core/resource.js';
import { DEFAULT_NAMESPACE } from '../core/resource.js';
import { kindKey } from '../normalize/pod-spec-paths.js';

/**
 * Read-only lookups over the kinds that controls declare they read (`reads`), built once per scan
 * before any control runs, for cross-resource controls (ServiceAccount automount, NetworkPolicy
 * selection, LimitRange defaults, RBAC). Only those kinds are kept for the whole scan: the rest of
 * the input streams past. A namespaced resource without a namespace in a manifest is in `default`,
 * where `kubectl apply` puts it with a default context; lookups of cluster-scoped kinds ignore it.
 */
export class ResourceIndex {
  private readonly byKind = new Map<string, Resource[]>();
  private readonly byName = new Map<string, Resource[]>();
  private readonly byNamespace = new Map<string, Map<string, Resource[]>>();
  private readonly derived = new Map<(index: ResourceIndex) => unknown, unknown>();

  constructor(
    resources: Iterable<Resource>,
    /** The kinds this index holds; asking for another kind is a programming error. */
    readonly kinds: ReadonlySet<string>,
    /** Per kind, which of its resources are kept (the others are not needed by any control). */
    keep: ReadonlyMap<string, (resource: Resource) => boolean> = new Map(),
  ) {
    for (const resource of resources) {
      const key = kindKey(resource.ref.apiVersion, resource.ref.kind);
      if (!kinds.has(key)) continue;
      const wanted = keep.get(key);
      if (wanted && !wanted(resource)) continue;
      let list = this.byKind.get(key);
      if (!list) this.byKind.set(key, (list = []));
      list.push(resource);
      const named = nameKey(key, resource.ref.namespace, resource.ref.name);
      const same = this.byName.get(named);
      if (same) same.push(resource);
      else this.byName.set(named, [resource]);
    }
  }

  /** All resources of one kind (`group/Kind`, core group empty), in every namespace. */
  list(kind: string): readonly Resource[] {
    return this.byKind.get(this.declared(kind)) ?? [];
  }

  /** The resources of one namespaced kind in one namespace (no namespace: `default`). */
  inNamespace(kind: string, namespace: string | undefined): readonly Resource[] {
    let grouped = this.byNamespace.get(this.declared(kind));
    if (!grouped) {
      grouped = new Map();
      for (const resource of this.list(kind)) {
        const ns = resource.ref.namespace || DEFAULT_NAMESPACE;
        const list = grouped.get(ns);
        if (list) list.push(resource);
        else grouped.set(ns, [resource]);
      }
      this.byNamespace.set(kind, grouped);
    }
    return grouped.get(namespace || DEFAULT_NAMESPACE) ?? [];
  }

  /**
   * The resource of that kind, namespace and name. One scan may hold several (an app and its hardened
   * twin, staging and production overlays): the one nearest to `near` wins, by file, then folder.
   */
  get(kind: string, namespace: string | undefined, name: string, near?: Resource): Resource | undefined {
    const candidates = this.byName.get(nameKey(this.declared(kind), namespace, name));
    if (!candidates || candidates.length < 2 || !near) return candidates?.[0];
    const from = originFile(near);
    let best = candidates[0];
    let bestScore = -1;
    for (const candidate of candidates) {
      const score = sharedPrefixLength(from, originFile(candidate));
      if (score > bestScore) [best, bestScore] = [candidate, score];
    }
    return best;
  }

  /**
   * A value computed from the whole index once per scan and shared by every call (for example the set of
   * namespaces labelled untrusted), so that a control does not recompute it for each subject.
   * `compute` must be a module-level function: it is the cache key.
   */
  derive<T>(compute: (index: ResourceIndex) => T): T {
    if (!this.derived.has(compute)) this.derived.set(compute, compute(this));
    return this.derived.get(compute) as T;
  }

  private declared(kind: string): string {
    if (!this.kinds.has(kind)) throw new Error(`the index holds no ${kind}: declare it in the control's reads`);
    return kind;
  }
}

function nameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace || DEFAULT_NAMESPACE}\u0000${name}`;
}

function originFile(resource: Resource): string {
  return resource.origin.type === 'file' ? resource.origin.file : '';
}

function sharedPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a === b ? Number.MAX_SAFE_INTEGER : i;
}
