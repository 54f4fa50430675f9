import type { Path } from '../core/path.js';

/** Where a kind keeps its pod template: pod spec and pod metadata paths. */
export interface PodTemplateLocation {
  readonly spec: Path;
  readonly metadata: Path;
}

const template: PodTemplateLocation = { spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] };

/**
 * Built-in kinds with a pod template, keyed by `group/Kind` (core group: empty) so that a custom
 * resource named like a built-in kind is not mistaken for it. Adding a workload kind is one line here.
 */
export const builtinPodTemplateLocations: ReadonlyMap<string, PodTemplateLocation> = new Map([
  ['/Pod', { spec: ['spec'], metadata: ['metadata'] }],
  ['/PodTemplate', { spec: ['template', 'spec'], metadata: ['template', 'metadata'] }],
  ['/ReplicationController', template],
  ['apps/Deployment', template],
  ['apps/ReplicaSet', template],
  ['apps/StatefulSet', template],
  ['apps/DaemonSet', template],
  ['extensions/Deployment', template],
  ['extensions/ReplicaSet', template],
  ['extensions/DaemonSet', template],
  ['batch/Job', template],
  [
    'batch/CronJob',
    { spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'] },
  ],
  ['argoproj.io/Rollout', template],
  // KEDA's ScaledJob runs Jobs from this template; a FlinkDeployment's podTemplate is the base of its
  // JobManager and TaskManager pods.
  ['keda.sh/ScaledJob', { spec: ['spec', 'jobTargetRef', 'template', 'spec'], metadata: ['spec', 'jobTargetRef', 'template', 'metadata'] }],
  ['flink.apache.org/FlinkDeployment', { spec: ['spec', 'podTemplate', 'spec'], metadata: ['spec', 'podTemplate', 'metadata'] }],
]);

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function kindKey(apiVersion: string, kind: string): string {
  return `${groupOf(apiVersion)}/${kind}`;
}

/**
 * Parses user-configured pod template locations: `group/Kind=spec.path.to.template` where the path
 * points at the pod template (the object holding `metadata` and `spec`); a numeric segment is a list index.
 */
export function parsePodTemplateOption(text: string): [string, PodTemplateLocation] {
  const match = /^([^=]*\/[^=]+)=([A-Za-z0-9_.]+)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) {
    throw new Error(`invalid pod template location "${text}": expected group/Kind=path.to.template, e.g. example.com/Worker=spec.podTemplate`);
  }
  // A numeric segment indexes a list (ECK's spec.nodeSets.0.podTemplate): as a number it is located on the item.
  const base = match[2].split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  return [match[1], { spec: [...base, 'spec'], metadata: [...base, 'metadata'] }];
}

/** The configured pod template locations with those of `--pod-template` options added (later ones win). */
export function withPodTemplateOptions(
  base: ReadonlyMap<string, PodTemplateLocation>,
  texts: readonly string[],
): Map<string, PodTemplateLocation> {
  const locations = new Map(base);
  for (const text of texts) {
    const [key, location] = parsePodTemplateOption(text);
    locations.set(key, location);
  }
  return locations;
}
