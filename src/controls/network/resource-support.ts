import { asRecord } from '../../core/values.js';
import type { ResourceIndex } from '../../engine/resource-index.js';
import { isQuantity, limitRangeDefaults, type ComputeResource } from '../../network/resource-policies.js';
import type { ContainerView } from '../../normalize/workload.js';

/**
 * Whether a container is left without a limit (or request) for a resource:
 * - the container does not set it;
 * - the pod-level resources of the pod spec (spec.resources, Kubernetes 1.32+), which bound all its
 *   containers, do not set it either;
 * - and no LimitRange of the namespace gives a default (defaultRequest for requests), read as the API server
 *   stores the LimitRange (a missing default is the max; a missing defaultRequest the default, max or min).
 * A request left out next to a limit is a finding although the API server copies the limit into it: the
 * catalog asks for requests to be set, and a request equal to the limit is rarely the one intended.
 * Ephemeral containers take no resources and are not judged.
 */
export function missingResource(container: ContainerView, index: ResourceIndex, kind: 'limits' | 'requests', name: ComputeResource): boolean {
  if (container.role === 'ephemeral') return false;
  const own = asRecord(container.spec['resources']);
  if (isQuantity(asRecord(own?.[kind])?.[name])) return false;
  const pod = asRecord(container.workload.podSpec['resources']);
  if (isQuantity(asRecord(pod?.[kind])?.[name])) return false;
  const defaults = limitRangeDefaults(index, container.workload.namespace);
  return (kind === 'limits' ? defaults.limits[name] : defaults.requests[name]) === undefined;
}
