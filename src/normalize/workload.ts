import { getAtPath, type Path } from '../core/path.js';
import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString, detach } from '../core/values.js';
import { builtinPodTemplateLocations, kindKey, type PodTemplateLocation } from './pod-spec-paths.js';

export type ContainerRole = 'init' | 'main' | 'ephemeral';

/** A value of the effective security context, with where it came from, so checks and fixes target the right field. */
export interface Effective<T> {
  readonly value: T | undefined;
  readonly from: 'container' | 'pod' | 'unset';
  /** The field that set the value; for 'unset', the container field where it belongs. */
  readonly path: Path;
}

export interface EffectiveSecurityContext {
  readonly runAsNonRoot: Effective<unknown>;
  readonly runAsUser: Effective<unknown>;
  readonly runAsGroup: Effective<unknown>;
  readonly seccompProfile: Effective<unknown>;
  readonly seLinuxOptions: Effective<unknown>;
  readonly appArmorProfile: Effective<unknown>;
  readonly windowsOptions: Effective<unknown>;
}

export interface ContainerView {
  readonly workload: WorkloadView;
  readonly name: string;
  readonly role: ContainerRole;
  readonly spec: Readonly<Record<string, unknown>>;
  /** Path of the container in its resource, e.g. ['spec','template','spec','containers',0]. */
  readonly path: Path;
  /** The container's own securityContext (empty object when unset). */
  readonly securityContext: Readonly<Record<string, unknown>>;
  readonly security: EffectiveSecurityContext;
}

export interface WorkloadView {
  readonly resource: Resource;
  readonly namespace: string | undefined;
  readonly podSpec: Readonly<Record<string, unknown>>;
  readonly podSpecPath: Path;
  readonly podMetadata: Readonly<Record<string, unknown>>;
  readonly podMetadataPath: Path;
  /** The pod-level securityContext (empty object when unset). */
  readonly podSecurityContext: Readonly<Record<string, unknown>>;
  readonly containers: readonly ContainerView[];
  /** A DaemonSet: one pod on every node, usually a node agent (log shipper, CNI, monitoring). */
  readonly runsOnEveryNode: boolean;
  /** A Pod object itself rather than a template pods are made from: how static pod manifests are written. */
  readonly isPod: boolean;
}

const everyNodeKinds = new Set(['apps/DaemonSet', 'extensions/DaemonSet']);

const containerLists: readonly [string, ContainerRole][] = [
  ['initContainers', 'init'],
  ['containers', 'main'],
  ['ephemeralContainers', 'ephemeral'],
];

const inheritedFields = [
  'runAsNonRoot',
  'runAsUser',
  'runAsGroup',
  'seccompProfile',
  'seLinuxOptions',
  'appArmorProfile',
  'windowsOptions',
] as const;

/** Where the generic detector finds a custom resource's pod template. */
const detectedTemplate: PodTemplateLocation = { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] };

/**
 * Finds the pod template of a resource: the built-in table first, then user-configured locations,
 * then a generic detector for custom resources with `spec.template.spec.containers`.
 */
export function podTemplateLocation(
  resource: Resource,
  configured: ReadonlyMap<string, PodTemplateLocation>,
): PodTemplateLocation | undefined {
  const key = kindKey(resource.ref.apiVersion, resource.ref.kind);
  const known = builtinPodTemplateLocations.get(key) ?? configured.get(key);
  if (known) return known;
  if (Array.isArray(getAtPath(resource.object, ['spec', 'template', 'spec', 'containers']))) return detectedTemplate;
  return undefined;
}

/**
 * The view last built: the engine, and then the resource controls that also read workloads, ask for the
 * view of the same object one after the other. One slot, not a map: a scan lets each resource go once
 * judged, and a cache keyed by resources would keep them for the garbage collector's slower paths.
 * Views are read-only, so sharing one is safe.
 */
let lastView: { readonly resource: Resource; readonly location: PodTemplateLocation; readonly view: WorkloadView | undefined } | undefined;

export function toWorkloadView(resource: Resource, location: PodTemplateLocation): WorkloadView | undefined {
  if (lastView && lastView.resource === resource && lastView.location === location) return lastView.view;
  const view = buildWorkloadView(resource, location);
  lastView = { resource, location, view };
  return view;
}

function buildWorkloadView(resource: Resource, location: PodTemplateLocation): WorkloadView | undefined {
  const podSpec = asRecord(getAtPath(resource.object, location.spec));
  if (!podSpec) return undefined;
  const podMetadata = asRecord(getAtPath(resource.object, location.metadata)) ?? {};
  const podSecurityContext = asRecord(podSpec['securityContext']) ?? {};
  const containers: ContainerView[] = [];
  const workload: WorkloadView = {
    resource,
    namespace: resource.ref.namespace,
    podSpec,
    podSpecPath: location.spec,
    podMetadata,
    podMetadataPath: location.metadata,
    podSecurityContext,
    containers,
    runsOnEveryNode: everyNodeKinds.has(kindKey(resource.ref.apiVersion, resource.ref.kind)),
    isPod: kindKey(resource.ref.apiVersion, resource.ref.kind) === '/Pod',
  };
  for (const [list, role] of containerLists) {
    asArray(podSpec[list]).forEach((entry, index) => {
      const spec = asRecord(entry);
      if (!spec) return;
      const path: Path = [...location.spec, list, index];
      const securityContext = asRecord(spec['securityContext']) ?? {};
      containers.push({
        workload,
        name: detach(asString(spec['name']) ?? `${list}[${index}]`),
        role,
        spec,
        path,
        securityContext,
        security: effectiveSecurity(securityContext, podSecurityContext, path, location.spec),
      });
    });
  }
  return workload;
}

function effectiveSecurity(
  container: Record<string, unknown>,
  pod: Record<string, unknown>,
  containerPath: Path,
  podSpecPath: Path,
): EffectiveSecurityContext {
  const result: Record<string, Effective<unknown>> = {};
  for (const field of inheritedFields) {
    const containerValue = container[field];
    const podValue = pod[field];
    if (containerValue !== undefined && containerValue !== null) {
      result[field] = { value: containerValue, from: 'container', path: [...containerPath, 'securityContext', field] };
    } else if (podValue !== undefined && podValue !== null) {
      result[field] = { value: podValue, from: 'pod', path: [...podSpecPath, 'securityContext', field] };
    } else {
      result[field] = { value: undefined, from: 'unset', path: [...containerPath, 'securityContext', field] };
    }
  }
  return result as unknown as EffectiveSecurityContext;
}

/**
 * A mirror pod: the pod the API shows for a static pod the kubelet read from its manifest folder, which
 * the kubelet annotates so.
 */
export function isMirrorPod(workload: WorkloadView): boolean {
  const annotations = asRecord(workload.podMetadata['annotations']);
  return annotations?.['kubernetes.io/config.mirror'] !== undefined || annotations?.['kubernetes.io/config.source'] === 'file';
}
