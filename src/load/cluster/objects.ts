import type { Resource } from '../../core/resource.js';
import { asArray, asRecord, asString, type KubeObject } from '../../core/values.js';

/**
 * The status fields some control or report reads, by kind; every other status is dropped as objects
 * arrive (a Pod's status is often larger than its spec, and says nothing about how it was configured).
 */
const keptStatus: Readonly<Record<string, (status: Record<string, unknown>) => Record<string, unknown> | undefined>> = {
  // nodeInfo: kubelet, kernel, runtime and OS versions for the upgrade controls.
  '/Node': (status) => (status['nodeInfo'] !== undefined ? { nodeInfo: status['nodeInfo'] } : undefined),
  // The image each container runs and its digest (imageID): what the image checks resolve tags to.
  '/Pod': (status) => {
    const kept: Record<string, unknown> = {};
    for (const list of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
      const entries = asArray(status[list]).map((entry) => {
        const record = asRecord(entry) ?? {};
        const out: Record<string, unknown> = {};
        for (const field of ['name', 'image', 'imageID']) if (record[field] !== undefined) out[field] = record[field];
        return out;
      });
      if (entries.length > 0) kept[list] = entries;
    }
    return Object.keys(kept).length > 0 ? kept : undefined;
  },
  // Whether a node agent (log shipper) runs on every node it should.
  'apps/DaemonSet': (status) => {
    const kept: Record<string, unknown> = {};
    for (const field of ['desiredNumberScheduled', 'numberReady']) if (status[field] !== undefined) kept[field] = status[field];
    return Object.keys(kept).length > 0 ? kept : undefined;
  },
};

/**
 * A list item made into the object a manifest would hold: `apiVersion` and `kind` put back (list items
 * carry neither), `metadata.managedFields` and the status dropped except the fields a control reads.
 * The item is changed in place: it was parsed for this and nothing else holds it.
 */
export function trimObject(item: Record<string, unknown>, apiVersion: string, kind: string, kindKey: string): KubeObject {
  const { apiVersion: _a, kind: _k, metadata, status, ...rest } = item;
  const meta = asRecord(metadata);
  if (meta) delete meta['managedFields'];
  const object: Record<string, unknown> = { apiVersion, kind, ...(meta ? { metadata: meta } : {}), ...rest };
  const keep = keptStatus[kindKey];
  const statusRecord = asRecord(status);
  const kept = keep && statusRecord ? keep(statusRecord) : undefined;
  if (kept) object['status'] = kept;
  return object as KubeObject;
}

/** A live object as a scan resource: found by its reference, fetched again with kubectl. */
export function clusterResource(object: KubeObject, context: string, command?: string): Resource {
  const metadata = asRecord(object['metadata']);
  const apiVersion = asString(object['apiVersion']) ?? '';
  const kind = asString(object['kind']) ?? '';
  const name = asString(metadata?.['name']) ?? '';
  const namespace = asString(metadata?.['namespace']);
  return {
    id: `cluster:${context}:${apiVersion}/${kind}/${namespace ?? ''}/${name}`,
    ref: { apiVersion, kind, name, ...(namespace ? { namespace } : {}) },
    object,
    origin: { type: 'cluster', context, ...(command ? { command } : {}) },
  };
}
