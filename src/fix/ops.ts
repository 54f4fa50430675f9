import type { PatchOp } from '../core/fix.js';
import { toPointer, type Path } from '../core/path.js';

/** An RFC 6902 operation, as `kubectl patch --type=json` and Kustomize patches take it. */
export type JsonPatchOp =
  | { readonly op: 'add' | 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

const removed: unique symbol = Symbol('removed');

type Container = Record<string, unknown> | unknown[];

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  return value;
}

/**
 * The value the ops ask for, from a copy of `original` (never changed). Ops are applied in order; list
 * items removed by index are dropped after every op ran, so that two removals in one list keep their
 * meaning; then every map or list that a removal emptied is pruned from its parent map.
 */
export function applyOps(original: unknown, ops: readonly PatchOp[]): unknown {
  const root: { value: unknown } = { value: clone(original) };
  const emptied: Path[] = [];
  for (const op of ops) {
    const path: Path = ['value', ...op.path];
    if (op.op === 'remove') {
      const parent = walk(root, path.slice(0, -1), false);
      const last = path[path.length - 1] as string | number;
      if (Array.isArray(parent) && typeof last === 'number' && last < parent.length) {
        parent[last] = removed;
        emptied.push(path.slice(0, -1));
      } else if (isMap(parent) && Object.prototype.hasOwnProperty.call(parent, String(last))) {
        delete parent[String(last)];
        emptied.push(path.slice(0, -1));
      }
      continue;
    }
    const parent = walk(root, path.slice(0, -1), true, path[path.length - 1] === '-' || typeof path[path.length - 1] === 'number');
    const last = path[path.length - 1] as string | number;
    if (Array.isArray(parent)) {
      if (last === '-') {
        if (!parent.some((item) => deepEqual(item, op.value))) parent.push(clone(op.value));
      } else if (typeof last === 'number') parent[last] = clone(op.value);
    } else if (isMap(parent)) parent[String(last)] = clone(op.value);
  }
  compact(root);
  // Deepest first, so that emptying a child and then its parent prunes both.
  for (const path of emptied.sort((a, b) => b.length - a.length)) prune(root, path);
  return root.value;
}

/** Follows a path; with `create`, missing or non-container steps become maps (or a list before `-`). */
function walk(root: { value: unknown }, path: Path, create: boolean, lastIsList = false): Container | undefined {
  let node: Container = root as unknown as Container;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string | number;
    const next = Array.isArray(node) ? (typeof key === 'number' ? node[key] : undefined) : node[String(key)];
    if (isContainer(next)) {
      node = next;
      continue;
    }
    if (!create) return undefined;
    const wantsList = i === path.length - 1 ? lastIsList : path[i + 1] === '-' || typeof path[i + 1] === 'number';
    const made: Container = wantsList ? [] : {};
    if (Array.isArray(node)) {
      if (typeof key !== 'number') return undefined;
      node[key] = made;
    } else node[String(key)] = made;
    node = made;
  }
  return node;
}

function compact(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = node.length - 1; i >= 0; i--) if (node[i] === removed) node.splice(i, 1);
    node.forEach(compact);
  } else if (isMap(node)) Object.values(node).forEach(compact);
}

/** Removes the container at `path` when a removal emptied it, and so on up while the parent is a map. */
function prune(root: { value: unknown }, path: Path): void {
  for (let depth = path.length; depth > 1; depth--) {
    const parent = walk(root, path.slice(0, depth - 1), false);
    const key = path[depth - 1] as string | number;
    if (!isMap(parent)) return;
    const value = parent[String(key)];
    const empty = Array.isArray(value) ? value.length === 0 : isMap(value) && Object.keys(value).length === 0;
    if (!empty) return;
    delete parent[String(key)];
  }
}

/**
 * The RFC 6902 patch that turns `original` into `desired`: maps key by key, lists grown at the end as
 * appends, lists that lost items as removals (highest index first, so indices stay valid), anything
 * else replaced whole. The same reading of a change as the text edits make.
 */
export function jsonPatch(original: unknown, desired: unknown, path: Path = []): JsonPatchOp[] {
  if (deepEqual(original, desired)) return [];
  if (isMap(original) && isMap(desired)) {
    const ops: JsonPatchOp[] = [];
    for (const key of Object.keys(original)) {
      if (!Object.prototype.hasOwnProperty.call(desired, key)) ops.push({ op: 'remove', path: toPointer([...path, key]) });
    }
    for (const [key, value] of Object.entries(desired)) {
      if (!Object.prototype.hasOwnProperty.call(original, key)) ops.push({ op: 'add', path: toPointer([...path, key]), value });
      else ops.push(...jsonPatch(original[key], value, [...path, key]));
    }
    return ops;
  }
  if (Array.isArray(original) && Array.isArray(desired)) {
    if (original.length === desired.length) return original.flatMap((item, i) => jsonPatch(item, desired[i], [...path, i]));
    if (desired.length > original.length && original.every((item, i) => deepEqual(item, desired[i]))) {
      return desired.slice(original.length).map((value) => ({ op: 'add' as const, path: toPointer([...path, '-']), value }));
    }
    const kept = subsequence(original, desired);
    if (kept) {
      return original
        .map((_, i) => i)
        .filter((i) => !kept.has(i))
        .reverse()
        .map((i) => ({ op: 'remove' as const, path: toPointer([...path, i]) }));
    }
  }
  return [{ op: original === undefined ? 'add' : 'replace', path: toPointer(path), value: desired }];
}

/** When `desired` is `original` with some items left out: the indices of `original` kept. */
export function subsequence(original: readonly unknown[], desired: readonly unknown[]): Set<number> | undefined {
  const kept = new Set<number>();
  let j = 0;
  for (let i = 0; i < original.length && j < desired.length; i++) {
    if (deepEqual(original[i], desired[j])) {
      kept.add(i);
      j++;
    }
  }
  return j === desired.length ? kept : undefined;
}
