// Fixture objects held in memory, per resource type, sorted by namespace then name: the order a real
// server lists them in, so a page is a slice and a continue token is the key of the last item sent.
// Objects are normalised once when loaded and serialised at most once (cached), never copied per request.
import { randomUUID } from 'node:crypto';
import { asRecord, asString } from '../../core/values.js';
import { BUILTIN_TYPES, typeFromCrd, typeKey, type ResourceType } from './registry.js';

export interface StoredObject {
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
  /** The object without kind and apiVersion (as list items are), with metadata filled in. */
  readonly object: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly labels: Readonly<Record<string, string>>;
  bodyJson?: string;
  metadataJson?: string;
}

export function compareKeys(aNamespace: string, aName: string, bNamespace: string, bName: string): number {
  if (aNamespace !== bNamespace) return aNamespace < bNamespace ? -1 : 1;
  if (aName === bName) return 0;
  return aName < bName ? -1 : 1;
}

/** Index of the first item whose key is greater than (or, with inclusive, equal to) the given key. */
export function lowerBound(items: readonly StoredObject[], namespace: string, name: string, inclusive: boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const item = items[middle]!;
    const order = compareKeys(item.namespace, item.name, namespace, name);
    if (order < 0 || (order === 0 && !inclusive)) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class TypeStore {
  readonly items: StoredObject[] = [];
  constructor(readonly type: ResourceType) {}

  /** The items of one namespace, or all of them. */
  range(namespace: string | undefined): { start: number; end: number } {
    if (namespace === undefined) return { start: 0, end: this.items.length };
    const start = lowerBound(this.items, namespace, '', true);
    // No namespace sorts between "ns" and "ns\0": the first key at or after it ends this namespace.
    const end = lowerBound(this.items, namespace + '\u0000', '', true);
    return { start, end: Math.max(start, end) };
  }

  get(namespace: string, name: string): StoredObject | undefined {
    const index = lowerBound(this.items, namespace, name, true);
    const item = this.items[index];
    return item !== undefined && item.namespace === namespace && item.name === name ? item : undefined;
  }
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export class ObjectStore {
  readonly types: ResourceType[] = [...BUILTIN_TYPES];
  private readonly stores = new Map<string, TypeStore>();
  private readonly byKind = new Map<string, ResourceType>();
  /** The resourceVersion of the newest object: lists report it. */
  resourceVersion = 1;
  readonly createdAt: string;

  constructor(objects: readonly Record<string, unknown>[], now: Date = new Date()) {
    this.createdAt = now.toISOString().replace(/\.\d+Z$/, 'Z');
    for (const object of objects) {
      if (object['kind'] === 'CustomResourceDefinition' && splitApiVersion(asString(object['apiVersion']) ?? '').group === 'apiextensions.k8s.io') {
        const type = typeFromCrd(object);
        if (this.find(type.group, type.resource) !== undefined) throw new Error(`resource type ${type.resource}.${type.group} is registered twice`);
        this.types.push(type);
      }
    }
    for (const type of this.types) {
      this.byKind.set(`${type.group}/${type.kind}`, type);
      if (!type.virtual) this.stores.set(typeKey(type.group, type.resource), new TypeStore(type));
    }
    for (const object of objects) this.add(object);
    for (const store of this.stores.values()) {
      store.items.sort((a, b) => compareKeys(a.namespace, a.name, b.namespace, b.name));
      for (let i = 1; i < store.items.length; i++) {
        const previous = store.items[i - 1]!;
        const current = store.items[i]!;
        if (previous.namespace === current.namespace && previous.name === current.name) {
          throw new Error(`duplicate ${store.type.kind} ${current.namespace === '' ? '' : current.namespace + '/'}${current.name} in the fixture`);
        }
      }
    }
  }

  find(group: string, resource: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.resource === resource);
  }

  typeOfKind(group: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${group}/${kind}`);
  }

  store(type: ResourceType): TypeStore | undefined {
    return this.stores.get(typeKey(type.group, type.resource));
  }

  /** Every stored object of a kind (group '' for the core group). */
  list(group: string, kind: string): readonly StoredObject[] {
    const type = this.typeOfKind(group, kind);
    return type === undefined ? [] : (this.store(type)?.items ?? []);
  }

  private add(input: Record<string, unknown>): void {
    const apiVersion = asString(input['apiVersion']);
    const kind = asString(input['kind']);
    const metadata = asRecord(input['metadata']);
    const name = asString(metadata?.['name']);
    if (apiVersion === undefined || kind === undefined || metadata === undefined || name === undefined) {
      throw new Error(`fixture object without apiVersion, kind or metadata.name: ${JSON.stringify(input).slice(0, 200)}`);
    }
    const { group } = splitApiVersion(apiVersion);
    const type = this.typeOfKind(group, kind);
    if (type === undefined || type.virtual) throw new Error(`no resource type serves ${kind} in group "${group}" (a CustomResourceDefinition must register it)`);
    const namespace = type.namespaced ? (asString(metadata['namespace']) ?? 'default') : '';
    this.resourceVersion += 1;
    const filledMetadata: Record<string, unknown> = {
      ...metadata,
      ...(type.namespaced ? { namespace } : {}),
      uid: asString(metadata['uid']) ?? randomUUID(),
      resourceVersion: asString(metadata['resourceVersion']) ?? String(this.resourceVersion),
      creationTimestamp: asString(metadata['creationTimestamp']) ?? this.createdAt,
    };
    if (!type.namespaced) delete filledMetadata['namespace'];
    const object: Record<string, unknown> = { metadata: filledMetadata };
    for (const [key, value] of Object.entries(input)) {
      if (key !== 'apiVersion' && key !== 'kind' && key !== 'metadata') object[key] = value;
    }
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(asRecord(metadata['labels']) ?? {})) {
      if (typeof value === 'string') labels[key] = value;
    }
    this.stores.get(typeKey(type.group, type.resource))!.items.push({ namespace, name, object, metadata: filledMetadata, labels });
  }
}

/** The object as list items are serialised (no kind, no apiVersion), cached. */
export function bodyJson(item: StoredObject): string {
  item.bodyJson ??= JSON.stringify(item.object);
  return item.bodyJson;
}

export function metadataJson(item: StoredObject): string {
  item.metadataJson ??= JSON.stringify(item.metadata);
  return item.metadataJson;
}

/** The object with kind and apiVersion in front, as a get returns it. */
export function objectJson(item: StoredObject, kind: string, apiVersion: string): string {
  const body = bodyJson(item);
  return `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},${body.slice(1)}`;
}
