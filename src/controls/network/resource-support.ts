import { asRecord } from '../../core/values.js';
import type { ResourceIndex } from '../../engine/resource-index.js';
import { isQuantity, limitRangeDefaults, type ComputeResource } from '../../network/resource-policies.js';
import type { ContainerView } from '../../normalize/workload.js';

/**
 * Whether a container ends up without a limit (or request) for a resource once the API server and the
 * LimitRanger admission plugin have filled in what they fill in:
 * - the container's own value;
 * - for a request, the container's limit (the API server defaults a missing request to the limit);
 * - the pod-level resources of the pod spec (spec.resources, Kubernetes 1.32+), which bound all its containers;
 * - the default (or defaultRequest) of a LimitRange of the namespace.
 * Ephemeral containers take no resources and are not judged.
 */
export function missingResource(container: ContainerView, index: ResourceIndex, kind: 'limits' | 'requests', name: ComputeResource): boolean {
  if (container.role === 'ephemeral') return false;
  const own = asRecord(container.spec['resources']);
  if (isQuantity(asRecord(own?.[kind])?.[name])) return false;
  if (kind === 'requests' && isQuantity(asRecord(own?.['limits'])?.[name])) return false;
  const pod = asRecord(container.workload.podSpec['resources']);
  if (isQuantity(asRecord(pod?.[kind])?.[name])) return false;
  if (kind === 'requests' && isQuantity(asRecord(pod?.['limits'])?.[name])) return false;
  const defaults = limitRangeDefaults(index, container.workload.namespace);
  return (kind === 'limits' ? defaults.limits[name] : defaults.requests[name]) === undefined;
}
