import type { ClusterScanInfo } from '../core/report.js';

/**
 * What a live cluster scan read, for the human formats (table, Markdown, HTML; JSON carries
 * `report.cluster` itself): where, which scope, the types listed with their counts, what owned objects
 * were judged at their controllers, and what the API server refused.
 */
export interface ClusterSummary {
  /** `Cluster prod (https://…, v1.32.4): the whole cluster; 24 resource types read in 61 requests` */
  readonly heading: string;
  /** `Read: pods (core) 12, deployments.apps 3, …` */
  readonly read: string;
  readonly owned?: string;
  /** `cannot read apps/ReplicaSet: list replicasets.apps at cluster scope: forbidden`, one per refused type. */
  readonly refused: readonly string[];
}

export function clusterSummary(live: ClusterScanInfo): ClusterSummary {
  const scope = live.whole ? 'the whole cluster' : (live.restriction ?? 'a restricted scan');
  const heading = `Cluster ${live.context} (${live.server}${live.version ? `, ${live.version}` : ''}): ${scope}; ${live.listed.length} resource types read in ${live.requests} requests`;
  const read = `Read: ${live.listed.length > 0 ? live.listed.map((entry) => `${entry.resource} ${entry.count}`).join(', ') : 'nothing'}`;
  const owned = ownedSummary(live.ownedSkipped);
  return { heading, read, ...(owned ? { owned } : {}), refused: live.unreadable.map((entry) => `cannot read ${entry.kind}: ${entry.reason}`) };
}

/** `2 owned objects (1 Pod, 1 ReplicaSet) judged at their controllers`: read and counted, their findings given to the owner. */
export function ownedSummary(ownedSkipped: Readonly<Record<string, number>> | undefined): string | undefined {
  const entries = Object.entries(ownedSkipped ?? {}).filter(([, count]) => count > 0);
  if (entries.length === 0) return undefined;
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const kinds = entries.map(([key, count]) => `${count} ${key.slice(key.indexOf('/') + 1)}`).join(', ');
  return `${total} owned ${total === 1 ? 'object' : 'objects'} (${kinds}) judged at their controllers, not again on their own`;
}
