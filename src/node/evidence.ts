import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString } from '../core/values.js';
import type { ResourceIndex } from '../engine/resource-index.js';
import { NODE_FILE, NODE_SCAN } from './kinds.js';
import type { Distribution, SearchedPath } from './resources.js';

export interface NodeScanInfo {
  readonly root: string;
  readonly distribution: Distribution;
  readonly searched: ReadonlyMap<string, SearchedPath>;
}

export type Found = { readonly resource: Resource; readonly reason?: undefined } | { readonly resource?: undefined; readonly reason: string };

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function originFile(resource: Resource): string | undefined {
  return resource.origin.type === 'file' ? resource.origin.file : undefined;
}

/**
 * The files a configuration refers to, looked up by path. In a node scan every file is at its path on the
 * node, and a file that is not there was looked for and is missing (the reason says so). In a scan of
 * given files, paths on the node mean nothing: the file is the one with that path, else the one with that
 * file name, else the only one of its kind; anything else cannot be told apart and is not evaluated.
 */
export class Evidence {
  readonly nodeScan?: NodeScanInfo;
  private readonly nodeFiles = new Map<string, Resource>();

  constructor(private readonly index: ResourceIndex) {
    const scan = index.list(NODE_SCAN)[0];
    if (scan) {
      const searched = new Map<string, SearchedPath>();
      for (const entry of asArray(scan.object['searched'])) {
        const record = asRecord(entry);
        const path = asString(record?.['path']);
        if (record && path) searched.set(path, record as unknown as SearchedPath);
      }
      this.nodeScan = {
        root: asString(scan.object['root']) ?? '/',
        distribution: (asString(scan.object['distribution']) ?? 'kubeadm') as Distribution,
        searched,
      };
    }
    for (const file of index.list(NODE_FILE)) {
      const path = asString(file.object['path']);
      if (path) this.nodeFiles.set(path, file);
    }
  }

  /** The file record (mode, owner) of a node path; node scans only. */
  nodeFile(path: string): Resource | undefined {
    return this.nodeFiles.get(path);
  }

  get nodeFileRecords(): readonly Resource[] {
    return [...this.nodeFiles.values()];
  }

  /** True when a node scan looked for the path and it is not there (so whatever it would set is unset). */
  knownMissing(path: string): boolean {
    return this.nodeScan?.searched.get(path)?.status === 'missing';
  }

  /** The resource of one of `kinds` that the path refers to; `what` names it in the reason when there is none. */
  find(kinds: readonly string[], path: string, what: string): Found {
    const candidates = kinds.flatMap((kind) => this.index.list(kind));
    const atPath = candidates.filter((r) => originFile(r) === path);
    if (atPath.length > 0) return { resource: atPath[atPath.length - 1] as Resource };
    if (this.nodeScan) return { reason: this.whyNotFound(path, what) };
    const sameName = candidates.filter((r) => basename(originFile(r) ?? '') === basename(path));
    if (sameName.length === 1) return { resource: sameName[0] as Resource };
    if (candidates.length === 1) return { resource: candidates[0] as Resource };
    if (candidates.length === 0) return { reason: `${what} ${path} is not in the input (give the file to the scan, or scan the node with --node)` };
    return { reason: `${what} ${path} is not in the input, and the input holds ${candidates.length} others that could be it (name the file like the path, or scan the node with --node)` };
  }

  /** In a node scan: why the file at `path` gave no resource of the expected kind. */
  private whyNotFound(path: string, what: string): string {
    const root = this.nodeScan?.root ?? '/';
    const under = root === '/' ? '' : ` under ${root}`;
    const searched = this.nodeScan?.searched.get(path);
    if (!searched) return `${what} ${path} was not read by the node scan`;
    switch (searched.status) {
      case 'missing':
        return `${what} ${path} does not exist${under}`;
      case 'unreadable':
        return `${what} ${path} could not be read${searched.detail ? ` (${searched.detail})` : ''}`;
      case 'outside-root':
        return `${what} ${path} is a symlink that leads out of ${root}`;
      case 'not-a-file':
        return `${what} ${path} is not a regular file`;
      default:
        return `${what} ${path} holds no ${what.replace(/^the /, '')}`;
    }
  }
}
