import type { Stats } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { decodeUtf8, InvalidTextError, invalidTextMessage } from './text.js';
import { resolve as resolvePath } from 'node:path';
import type { ScanError } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { ResourceIndex } from '../engine/resource-index.js';
import { normalizePath } from '../node/components.js';
import { nodeConfiguration } from '../node/configuration.js';
import { referencedPaths, standardFiles, type Wanted } from '../node/discovery.js';
import { NODE_READS } from '../node/kinds.js';
import { nodeFileResources, nodeScanResource, type Distribution, type NodeFileInput, type SearchedPath } from '../node/resources.js';

export interface NodeLoad {
  readonly root: string;
  readonly distribution: Distribution;
  readonly resources: Resource[];
  readonly errors: ScanError[];
  /** Every standard or referenced path looked at, found or not. */
  readonly searched: readonly SearchedPath[];
}

/** Files larger than this are recorded (mode, owner) but not read: no configuration file is that big. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_SYMLINK_HOPS = 40;
/** Discovery rounds: units → flag files → config → static pods → the files their flags name. */
const MAX_ROUNDS = 6;

type Resolution =
  | { readonly status: 'found'; readonly real: string; readonly stats: Stats; readonly linked: boolean }
  | { readonly status: 'missing' | 'unreadable' | 'not-a-file'; readonly detail?: string };

/**
 * The node's files under a root folder (`/` on the node itself, `/host` in a pod that mounts the host).
 * Paths are resolved as if the root were `/` (like chroot): an absolute symlink target is read under the
 * root, and `..` stops at it, so nothing outside the root is ever read.
 */
export class RootFolder {
  readonly root: string;

  constructor(root: string) {
    this.root = resolvePath(root);
  }

  private host(nodePath: string): string {
    return this.root === '/' ? nodePath : `${this.root}${nodePath}`;
  }

  /** Follows symlinks component by component, inside the root; lstat of what it ends on. */
  async resolve(nodePath: string): Promise<Resolution> {
    let pending = normalizePath(nodePath).split('/').filter(Boolean);
    let current = '';
    let hops = 0;
    let linked = false;
    while (pending.length > 0) {
      const next = `${current}/${pending[0] as string}`;
      pending = pending.slice(1);
      let stats: Stats;
      try {
        stats = await lstat(this.host(next));
      } catch (error) {
        return failure(error);
      }
      if (stats.isSymbolicLink()) {
        if (++hops > MAX_SYMLINK_HOPS) return { status: 'unreadable', detail: 'too many levels of symbolic links' };
        linked = true;
        let target: string;
        try {
          target = await readlink(this.host(next));
        } catch (error) {
          return failure(error);
        }
        const base = target.startsWith('/') ? target : `${current}/${target}`;
        pending = [...normalizePath(base).split('/').filter(Boolean), ...pending];
        current = '';
        continue;
      }
      current = next;
    }
    const real = current || '/';
    let stats: Stats;
    try {
      stats = await lstat(this.host(real));
    } catch (error) {
      return failure(error);
    }
    return { status: 'found', real, stats, linked };
  }

  async read(realPath: string): Promise<string> {
    const decoded = decodeUtf8(await readFile(this.host(realPath)));
    if ('invalid' in decoded) throw new InvalidTextError(invalidTextMessage(decoded.invalid));
    return decoded.text;
  }

  async list(realPath: string): Promise<{ name: string; isDirectory: boolean }[]> {
    const entries = await readdir(this.host(realPath), { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function failure(error: unknown): Resolution {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
  if (code === 'EACCES' || code === 'EPERM') return { status: 'unreadable', detail: 'permission denied' };
  return { status: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
}

/** Which Kubernetes distribution the node runs, from the files it keeps. */
async function detectDistribution(folder: RootFolder): Promise<Distribution> {
  for (const [distribution, paths] of [
    ['k3s', ['/etc/rancher/k3s', '/var/lib/rancher/k3s']],
    ['rke2', ['/etc/rancher/rke2', '/var/lib/rancher/rke2']],
  ] as const) {
    for (const path of paths) if ((await folder.resolve(path)).status === 'found') return distribution;
  }
  return 'kubeadm';
}

/**
 * Reads a node's configuration files under `root`: the kubelet's systemd unit, drop-ins and flag files,
 * its config file and kubeconfig, the static pod manifests and the files their flags name, the
 * distribution's own configuration, and the kubeconfigs of the catalog, each with its mode and owner.
 * What is missing is recorded, so that controls can say which evidence they lack.
 */
export async function loadNode(root: string): Promise<NodeLoad> {
  const folder = new RootFolder(root);
  const distribution = await detectDistribution(folder);
  const searched = new Map<string, SearchedPath>();
  const inputs = new Map<string, NodeFileInput>();
  /** Real paths of systemd files already read: /lib is often /usr/lib, and a unit must count once. */
  const systemdReal = new Set<string>();
  const errors: ScanError[] = [];
  let resources: Resource[] = [];

  const record = (path: string, status: SearchedPath['status'], roles: readonly string[], detail?: string): void => {
    const previous = searched.get(path);
    searched.set(path, { path, status, roles: [...new Set([...(previous?.roles ?? []), ...roles])], ...(detail ? { detail } : {}) });
  };

  const readFileAt = async (path: string, wanted: Wanted, resolution: Extract<Resolution, { status: 'found' }>): Promise<void> => {
    if (wanted.format === 'systemd-unit') {
      // A drop-in in /etc masks one of the same name in /usr/lib; /lib is often /usr/lib itself.
      const dropIn = /\.d\/[^/]+$/.test(path) ? `${wanted.unit ?? ''}/${path.slice(path.lastIndexOf('/') + 1)}` : undefined;
      if (systemdReal.has(resolution.real) || (dropIn && systemdReal.has(dropIn))) return;
      systemdReal.add(resolution.real);
      if (dropIn) systemdReal.add(dropIn);
    }
    let text: string | undefined;
    if (wanted.format !== 'none' && resolution.stats.size <= MAX_FILE_BYTES) {
      try {
        text = await folder.read(resolution.real);
      } catch (error) {
        // Its mode and owner are still known (lstat needs no read permission): the file-mode checks judge it.
        const failed = failure(error);
        record(path, failed.status, wanted.roles, 'detail' in failed ? failed.detail : undefined);
        if (error instanceof InvalidTextError) errors.push({ kind: 'input', file: path, message: error.message });
      }
    }
    const { stats } = resolution;
    inputs.set(path, {
      path,
      format: wanted.format,
      ...(text !== undefined ? { text } : {}),
      stat: { mode: stats.mode, uid: stats.uid, gid: stats.gid },
      ...(resolution.linked ? { linkTarget: resolution.real } : {}),
      roles: wanted.roles,
      ...(wanted.unit ? { unit: wanted.unit } : {}),
      ...(wanted.distribution ? { distribution: wanted.distribution } : {}),
    });
  };

  /** `listed`: the path is an entry of a folder listing, so it exists by name and failing to resolve it is an error. */
  const visit = async (wanted: Wanted, path: string, depth: number, listed = false): Promise<void> => {
    const prior = searched.get(path);
    if (prior) {
      record(path, prior.status, wanted.roles, prior.detail);
      const existing = inputs.get(path);
      if (existing) inputs.set(path, { ...existing, roles: [...new Set([...existing.roles, ...wanted.roles])] });
      return;
    }
    const resolution = await folder.resolve(path);
    if (resolution.status !== 'found') {
      const detail = 'detail' in resolution ? resolution.detail : undefined;
      record(path, resolution.status, wanted.roles, detail);
      if (listed && (resolution.status === 'missing' || detail === 'too many levels of symbolic links')) {
        errors.push({ kind: 'input', file: path, message: resolution.status === 'missing' ? 'broken symbolic link: its target does not exist under the root' : detail ?? 'cannot be read' });
      }
      return;
    }
    if (wanted.folder) {
      if (!resolution.stats.isDirectory()) {
        record(path, 'not-a-file', wanted.roles, 'not a folder');
        return;
      }
      record(path, 'found', wanted.roles);
      let entries;
      try {
        entries = await folder.list(resolution.real);
      } catch (error) {
        const failed = failure(error);
        record(path, failed.status, wanted.roles, 'detail' in failed ? failed.detail : undefined);
        return;
      }
      for (const entry of entries) {
        const child = `${path}/${entry.name}`;
        if (entry.isDirectory) {
          if (wanted.recursive && depth < 4) await visit(wanted, child, depth + 1);
          continue;
        }
        if (wanted.folder.some((suffix) => entry.name.endsWith(suffix))) await visit({ ...wanted, folder: undefined } as Wanted, child, depth, true);
      }
      return;
    }
    if (!resolution.stats.isFile()) {
      record(path, 'not-a-file', wanted.roles);
      return;
    }
    record(path, 'found', wanted.roles);
    await readFileAt(path, wanted, resolution);
  };

  // systemd reads a unit from the first folder that has it (/etc, then /run, then /usr/lib): the others are masked.
  const standard = standardFiles(distribution);
  const units = new Set<string>();
  for (const wanted of standard) {
    const isUnit = wanted.format === 'systemd-unit' && !wanted.folder;
    if (isUnit && wanted.unit && units.has(wanted.unit)) continue;
    await visit(wanted, wanted.path, 0);
    if (isUnit && wanted.unit && inputs.has(wanted.path)) units.add(wanted.unit);
  }

  for (let round = 0; round < MAX_ROUNDS; round++) {
    resources = build(inputs, errors, false);
    const scan = nodeScanResource(folder.root, distribution, [...searched.values()]);
    const index = new ResourceIndex([...resources, scan], new Set(NODE_READS));
    const configuration = nodeConfiguration(index);
    const fresh = referencedPaths(configuration, index, distribution).filter((w) => !searched.has(w.path) || !inputs.has(w.path));
    const before = searched.size + inputs.size;
    for (const wanted of dedupe(fresh)) await visit(wanted, wanted.path, 0);
    if (searched.size + inputs.size === before) break;
  }
  resources = build(inputs, errors, true);
  const list = [...searched.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  resources.push(nodeScanResource(folder.root, distribution, list));
  return { root: folder.root, distribution, resources, errors, searched: list };
}

function dedupe(wanted: readonly Wanted[]): Wanted[] {
  const seen = new Map<string, Wanted>();
  for (const w of wanted) {
    const key = `${w.path}\u0000${w.folder ? 'folder' : 'file'}`;
    const previous = seen.get(key);
    seen.set(key, previous ? { ...previous, roles: [...new Set([...previous.roles, ...w.roles])] } : w);
  }
  return [...seen.values()];
}

function build(inputs: ReadonlyMap<string, NodeFileInput>, errors: ScanError[], keepErrors: boolean): Resource[] {
  const resources: Resource[] = [];
  for (const input of [...inputs.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const made = nodeFileResources(input);
    resources.push(...made.resources);
    if (keepErrors) errors.push(...made.errors);
  }
  return resources;
}
