// LimitRange and ResourceQuota semantics (the guidance's "resource policies"), gathered per namespace once
// per scan.

import type { Path } from '../core/path.js';
import type { Resource } from '../core/resource.js';
import { asArray, asRecord } from '../core/values.js';
import type { ResourceIndex } from '../engine/resource-index.js';

export const LIMIT_RANGE_KIND = '/LimitRange';
export const RESOURCE_QUOTA_KIND = '/ResourceQuota';

export type ComputeResource = 'cpu' | 'memory';
export const computeResources: readonly ComputeResource[] = ['cpu', 'memory'];

/** A quantity is set when it is a non-empty string or a number (`cpu: 1`). */
export function isQuantity(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/** Where a default comes from: the LimitRange and the field that gives it. */
export interface DefaultSource {
  readonly resource: Resource;
  readonly path: Path;
}

/** What the LimitRanger admission plugin fills in for a container of the namespace that leaves a field out. */
export interface ContainerDefaults {
  readonly limits: Readonly<Partial<Record<ComputeResource, DefaultSource>>>;
  readonly requests: Readonly<Partial<Record<ComputeResource, DefaultSource>>>;
}

/** The `type: Container` items of a LimitRange, with their paths. */
export function containerItems(limitRange: Resource): { item: Record<string, unknown>; path: Path }[] {
  const items: { item: Record<string, unknown>; path: Path }[] = [];
  asArray(asRecord(limitRange.object['spec'])?.['limits']).forEach((entry, i) => {
    const item = asRecord(entry);
    if (item && item['type'] === 'Container') items.push({ item, path: ['spec', 'limits', i] });
  });
  return items;
}

/**
 * The container defaults of a namespace's LimitRanges, after the API server's own defaulting of the
 * LimitRange (SetDefaults_LimitRangeItem): a missing default limit is the max; a missing default request is
 * the default limit, else the max, else the min.
 */
export function containerDefaults(limitRanges: readonly Resource[]): ContainerDefaults {
  const limits: Partial<Record<ComputeResource, DefaultSource>> = {};
  const requests: Partial<Record<ComputeResource, DefaultSource>> = {};
  for (const limitRange of limitRanges) {
    for (const { item, path } of containerItems(limitRange)) {
      for (const name of computeResources) {
        const from = (field: string): DefaultSource | undefined =>
          isQuantity(asRecord(item[field])?.[name]) ? { resource: limitRange, path: [...path, field, name] } : undefined;
        const limit = limits[name] ?? from('default') ?? from('max');
        const request = requests[name] ?? from('defaultRequest') ?? from('default') ?? from('max') ?? from('min');
        if (limit) limits[name] = limit;
        if (request) requests[name] = request;
      }
    }
  }
  return { limits, requests };
}

class ResourcePolicies {
  private readonly defaults = new Map<string, ContainerDefaults>();
  constructor(private readonly index: ResourceIndex) {}

  containerDefaults(namespace: string | undefined): ContainerDefaults {
    const key = namespace ?? '';
    let found = this.defaults.get(key);
    if (!found) this.defaults.set(key, (found = containerDefaults(this.index.inNamespace(LIMIT_RANGE_KIND, namespace))));
    return found;
  }
}

function buildResourcePolicies(index: ResourceIndex): ResourcePolicies {
  return new ResourcePolicies(index);
}

/** The scan's LimitRange defaults per namespace, computed once per namespace. Reads `/LimitRange`. */
export function limitRangeDefaults(index: ResourceIndex, namespace: string | undefined): ContainerDefaults {
  return index.derive(buildResourcePolicies).containerDefaults(namespace);
}
