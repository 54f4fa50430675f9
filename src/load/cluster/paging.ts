import { asArray, asRecord, asString } from '../../core/values.js';
import { ApiError, ResponseError } from './client.js';

/** Lists a resource type in pages; returns one page's JSON. */
export type PageFetcher = (query: Readonly<Record<string, string | undefined>>) => Promise<unknown>;

export interface ListOptions {
  /** Items per page (`limit`). */
  readonly pageSize: number;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Restarts from the first page allowed when a continue token expires (410), before giving up. */
  readonly maxRestarts?: number;
  /** The collection's API path, for error messages. */
  readonly path?: string;
}

export interface ListResult {
  readonly items: number;
  readonly pages: number;
  /** Times the list started over because its continue token expired. */
  readonly restarts: number;
  /** The list's resourceVersion (of the last page). */
  readonly resourceVersion?: string;
}

/**
 * Lists every item of a collection, a page at a time, handing each page's items on before asking for the
 * next, so that only one page is ever held. When the continue token expires (410 Gone: the list took
 * longer than the etcd compaction window), the list starts over from the first page; items already handed
 * on (by namespace and name) are skipped, so that each object is seen once.
 */
export async function listInPages(
  fetch: PageFetcher,
  options: ListOptions,
  onItems: (items: readonly Record<string, unknown>[]) => void | Promise<void>,
): Promise<ListResult> {
  const maxRestarts = options.maxRestarts ?? 3;
  let delivered: Set<string> | undefined;
  const seen = new Set<string>();
  let token: string | undefined;
  let pages = 0;
  let items = 0;
  let restarts = 0;
  let resourceVersion: string | undefined;
  for (;;) {
    let page: unknown;
    try {
      page = await fetch({
        limit: String(options.pageSize),
        continue: token,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 410 && token !== undefined) {
        if (restarts >= maxRestarts) {
          throw new ResponseError(`${error.message} (the list was restarted ${restarts} times and its continue token expired again)`);
        }
        restarts++;
        token = undefined;
        delivered = seen;
        continue;
      }
      throw error;
    }
    const list = asRecord(page);
    if (!list || !Array.isArray(list['items'])) {
      const what = list ? `kind ${JSON.stringify(list['kind'] ?? null)}, items ${Array.isArray(list['items']) ? 'a list' : list['items'] === undefined ? 'missing' : `of type ${jsonType(list['items'])}`}` : `a JSON ${jsonType(page)}`;
      throw new ResponseError(`${options.path ? `GET ${options.path}: ` : ''}the API server answered a list request with something that is not a list (${what})`);
    }
    pages++;
    const fresh: Record<string, unknown>[] = [];
    for (const entry of asArray(list['items'])) {
      const item = asRecord(entry);
      if (!item) continue;
      const key = itemKey(item);
      if (delivered?.has(key)) continue;
      seen.add(key);
      fresh.push(item);
    }
    items += fresh.length;
    if (fresh.length > 0) await onItems(fresh);
    const metadata = asRecord(list['metadata']);
    resourceVersion = asString(metadata?.['resourceVersion']) ?? resourceVersion;
    const next = asString(metadata?.['continue']);
    if (!next) break;
    if (next === token) throw new ResponseError(`${options.path ? `GET ${options.path}: ` : ''}the API server returned the same continue token twice: the list would never end`);
    token = next;
  }
  return { items, pages, restarts, ...(resourceVersion ? { resourceVersion } : {}) };
}

function itemKey(item: Record<string, unknown>): string {
  const metadata = asRecord(item['metadata']);
  const uid = asString(metadata?.['uid']);
  return uid ?? `${asString(metadata?.['namespace']) ?? ''}/${asString(metadata?.['name']) ?? ''}`;
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
