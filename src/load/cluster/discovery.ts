import { asArray, asRecord, asString } from '../../core/values.js';
import { ApiError, type ApiClient } from './client.js';

/** One resource type the API server serves: enough to list it and to name its permission. */
export interface ApiResource {
  /** `group/Kind`, core group empty: the key controls use. */
  readonly key: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural resource name (`deployments`). */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

export interface Discovery {
  /** Served types by `group/Kind`, each at its group's preferred version. */
  readonly resources: ReadonlyMap<string, ApiResource>;
  /** Groups whose discovery failed (an aggregated API down): their kinds are unknown, not absent. */
  readonly failedGroups: ReadonlyMap<string, string>;
}

/**
 * What the cluster serves: the core group, then each group at its preferred version (`/apis` lists them).
 * Only types that can be listed count. A group whose discovery fails (metrics-server down is common) is
 * recorded: its kinds are neither present nor proven absent.
 */
export async function discover(client: ApiClient): Promise<Discovery> {
  const resources = new Map<string, ApiResource>();
  const failedGroups = new Map<string, string>();
  const core = await client.getJson('/api/v1');
  addResources(resources, '', 'v1', core);
  const groups = asArray(asRecord(await client.getJson('/apis'))?.['groups']);
  await Promise.all(
    groups.map(async (entry) => {
      const group = asRecord(entry);
      const name = asString(group?.['name']);
      const version = asString(asRecord(group?.['preferredVersion'])?.['version']) ?? asString(asRecord(asArray(group?.['versions'])[0])?.['version']);
      if (!name || !version) return;
      try {
        addResources(resources, name, version, await client.getJson(`/apis/${name}/${version}`));
      } catch (error) {
        if (error instanceof ApiError) failedGroups.set(name, error.message);
        else throw error;
      }
    }),
  );
  return { resources: new Map([...resources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), failedGroups };
}

function addResources(into: Map<string, ApiResource>, group: string, version: string, list: unknown): void {
  for (const entry of asArray(asRecord(list)?.['resources'])) {
    const record = asRecord(entry);
    const resource = asString(record?.['name']);
    const kind = asString(record?.['kind']);
    if (!record || !resource || !kind || resource.includes('/')) continue;
    const verbs = asArray(record['verbs']).filter((v): v is string => typeof v === 'string');
    if (!verbs.includes('list')) continue;
    const key = `${group}/${kind}`;
    if (into.has(key)) continue;
    into.set(key, { key, group, version, kind, resource, namespaced: record['namespaced'] === true, verbs });
  }
}

/** The path of a collection: cluster-wide, or in one namespace. */
export function collectionPath(type: ApiResource, namespace?: string): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  return namespace && type.namespaced ? `${base}/namespaces/${encodeURIComponent(namespace)}/${type.resource}` : `${base}/${type.resource}`;
}

export function apiVersionOf(type: ApiResource): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** `secrets (core)`, `deployments.apps`: how RBAC and kubectl name a resource type. */
export function describeType(type: Pick<ApiResource, 'group' | 'resource'>): string {
  return type.group ? `${type.resource}.${type.group}` : `${type.resource} (core)`;
}
