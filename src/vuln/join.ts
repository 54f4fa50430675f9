import { normalizeImage } from '../core/images.js';
import type { Path } from '../core/path.js';
import { asArray, asRecord, asString } from '../core/values.js';
import type { ContainerView, WorkloadView } from '../normalize/workload.js';
import type { RunningImage } from './evidence.js';
import { digestOf } from './image-identity.js';

/** One image a workload runs, with the first container that runs it (where findings point). */
export interface WorkloadImage {
  /** As written in the manifest. */
  readonly image: string;
  readonly running: RunningImage;
  readonly container: ContainerView;
  readonly path: Path;
}

const statusLists: Readonly<Record<string, string>> = { init: 'initContainerStatuses', main: 'containerStatuses', ephemeral: 'ephemeralContainerStatuses' };

/**
 * The digest a container runs by its Pod's status (`status.containerStatuses[].imageID`, as a live
 * cluster or `kubectl get pod -o yaml` reports it); undefined for templates and pods not yet started.
 */
function statusDigest(container: ContainerView): string | undefined {
  const status = asRecord(container.workload.resource.object['status']);
  const list = asArray(status?.[statusLists[container.role] ?? 'containerStatuses']) ?? [];
  const entry = list.map(asRecord).find((s) => asString(s?.['name']) === container.name);
  return digestOf(asString(entry?.['imageID']));
}

/** The distinct images of a workload: the pod status's digest wins, then the reference's own digest. */
export function workloadImages(workload: WorkloadView): WorkloadImage[] {
  const out = new Map<string, WorkloadImage>();
  for (const container of workload.containers) {
    const image = asString(container.spec['image'])?.trim();
    if (!image) continue;
    const normalized = normalizeImage(image);
    const digest = statusDigest(container) ?? (normalized.digest && digestOf(normalized.digest));
    const running: RunningImage = {
      ...(normalized.tag !== undefined ? { reference: `${normalized.repository}:${normalized.tag}` } : {}),
      ...(digest ? { digest } : {}),
    };
    const key = `${running.reference ?? ''}@${running.digest ?? ''}`;
    if (!out.has(key)) out.set(key, { image, running, container, path: [...container.path, 'image'] });
  }
  return [...out.values()];
}
