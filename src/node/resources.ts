import type { Resource, SourcePosition } from '../core/resource.js';
import type { ScanError } from '../core/report.js';
import { asRecord, asString, detach } from '../core/values.js';
import { loadYaml, parseManifests } from '../parse/manifests.js';
import {
  DISTRIBUTION_CONFIG,
  ENVIRONMENT_FILE,
  KUBEHARDEN_API_VERSION,
  NODE_FILE,
  NODE_SCAN,
  SYSTEMD_UNIT,
} from './kinds.js';
import { parseEnvironmentFile, parseSystemdUnit } from './systemd.js';

/** How a node file is read into resources. */
export type NodeFileFormat = 'kubernetes' | 'systemd-unit' | 'environment' | 'distribution-config' | 'seccomp-profile' | 'none';

export type Distribution = 'kubeadm' | 'k3s' | 'rke2';

/** A file of the node as the loader found it: its text and, in a node scan, its mode and owner. */
export interface NodeFileInput {
  /** The path on the node (absolute, whatever --root the scan was given). */
  readonly path: string;
  readonly format: NodeFileFormat;
  /** Undefined when the file was not read (a private key, a folder). */
  readonly text?: string;
  /** From lstat of the file itself (after resolving symlinks inside the root); node scans only. */
  readonly stat?: { readonly mode: number; readonly uid: number; readonly gid: number };
  /** Where the path leads, when it is (or goes through) a symlink: the mode and owner are that file's. */
  readonly linkTarget?: string;
  /** What the file is to the node ('kubeconfig', 'kubelet-config', 'static-pod', ...). */
  readonly roles: readonly string[];
  /** For systemd units: the unit the file configures (kubelet.service). */
  readonly unit?: string;
  readonly distribution?: Distribution;
}

/** A standard path a node scan looked at, found or not: the evidence behind "not evaluated" reasons. */
export interface SearchedPath {
  readonly path: string;
  readonly status: 'found' | 'missing' | 'unreadable' | 'outside-root' | 'not-a-file';
  readonly roles: readonly string[];
  readonly detail?: string;
}

export interface NodeResources {
  readonly resources: Resource[];
  readonly errors: ScanError[];
}

/** The resources of one node file: its typed objects (or the object made from it) and its NodeFile record. */
export function nodeFileResources(file: NodeFileInput): NodeResources {
  const resources: Resource[] = [];
  const errors: ScanError[] = [];
  const text = file.text;
  if (text !== undefined) {
    if (file.format === 'kubernetes') {
      const parsed = parseManifests({ path: file.path, text });
      errors.push(...parsed.errors);
      for (const resource of parsed.resources) resources.push(named(resource, file.path));
    } else if (file.format === 'systemd-unit') {
      resources.push(systemdUnitResource(file.path, text, file.unit ?? unitOf(file.path, text)));
    } else if (file.format === 'environment') {
      resources.push(environmentFileResource(file.path, text));
    } else if (file.format === 'distribution-config') {
      const made = distributionConfigResource(file.path, text, file.distribution ?? distributionOf(file.path));
      if ('error' in made) errors.push(made.error);
      else resources.push(made);
    }
  }
  if (file.stat) resources.push(nodeFileResource(file));
  return { resources, errors };
}

/** Kubeconfigs and other config files have no metadata.name: in a node scan, their path names them. */
function named(resource: Resource, path: string): Resource {
  if (resource.ref.name !== '(unnamed)') return resource;
  return { ...resource, ref: { ...resource.ref, name: path } };
}

function syntheticResource(kind: string, file: string, text: string, fields: Record<string, unknown>, positions?: ReadonlyMap<string, SourcePosition>): Resource {
  const kindName = kind.slice(kind.indexOf('/') + 1);
  const name = detach(file);
  return {
    id: `${file}#0`,
    ref: { apiVersion: KUBEHARDEN_API_VERSION, kind: kindName, name },
    object: { ...fields, apiVersion: KUBEHARDEN_API_VERSION, kind: kindName, metadata: { name } },
    origin: { type: 'file', file, documentIndex: 0 },
    source: { document: { file, text, start: 0, end: text.length, startLine: 1, ...(positions ? { positions } : {}) }, itemPath: [] },
  };
}

export function systemdUnitResource(path: string, text: string, unit: string): Resource {
  const parsed = parseSystemdUnit(text);
  return syntheticResource(SYSTEMD_UNIT, path, text, { unit, ...parsed.object }, parsed.positions);
}

export function environmentFileResource(path: string, text: string): Resource {
  const parsed = parseEnvironmentFile(text);
  return syntheticResource(ENVIRONMENT_FILE, path, text, parsed.object, parsed.positions);
}

/**
 * k3s/RKE2 `config.yaml`: its keys are the distribution's command-line flags (`kube-apiserver-arg`,
 * `secrets-encryption`). The object keeps them at the top level, so that paths point into the file.
 */
export function distributionConfigResource(path: string, text: string, distribution: Distribution): Resource | { error: ScanError } {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : loadYaml(text, path);
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? String(error);
    return { error: { kind: 'input', file: path, message: `invalid YAML: ${reason}` } };
  }
  const object = asRecord(value);
  if (!object) return { error: { kind: 'input', file: path, message: `${path} is not a YAML map of ${distribution} options` } };
  const resource = syntheticResource(DISTRIBUTION_CONFIG, path, text, object);
  const metadata = { name: resource.ref.name, labels: { 'kubeharden.io/distribution': distribution } };
  return { ...resource, object: { ...resource.object, metadata } };
}

function nodeFileResource(file: NodeFileInput): Resource {
  const stat = file.stat as NonNullable<NodeFileInput['stat']>;
  const fields: Record<string, unknown> = {
    path: file.path,
    mode: stat.mode & 0o7777,
    uid: stat.uid,
    gid: stat.gid,
    roles: [...file.roles],
  };
  if (file.linkTarget) fields['linkTarget'] = file.linkTarget;
  if (file.format === 'seccomp-profile' && file.text !== undefined) {
    const action = seccompDefaultAction(file.text);
    if (action) fields['seccompDefaultAction'] = action;
  }
  // The file's own text is the source, so that a finding on its mode points at the file (line 1).
  return syntheticResource(NODE_FILE, file.path, file.text ?? '', fields, new Map());
}

function seccompDefaultAction(text: string): string | undefined {
  try {
    return asString(asRecord(JSON.parse(text))?.['defaultAction']);
  } catch {
    return undefined;
  }
}

/** The record of a node scan: its root, distribution and every standard path it looked at. */
export function nodeScanResource(root: string, distribution: Distribution, searched: readonly SearchedPath[]): Resource {
  return {
    id: `node-scan:${root}`,
    ref: { apiVersion: KUBEHARDEN_API_VERSION, kind: NODE_SCAN.slice(NODE_SCAN.indexOf('/') + 1), name: root },
    object: {
      apiVersion: KUBEHARDEN_API_VERSION,
      kind: 'NodeScan',
      metadata: { name: root },
      root,
      distribution,
      searched: searched.map((s) => ({ ...s, roles: [...s.roles] })),
    },
    origin: { type: 'inferred' },
  };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The unit a systemd file configures: its own name, or the `<unit>.d` folder it sits in. */
export function unitOf(path: string, text: string): string {
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? '';
  if (/\.(service|socket|timer)$/.test(name)) return name;
  const folder = parts[parts.length - 2] ?? '';
  if (folder.endsWith('.d')) return folder.slice(0, -2);
  // A drop-in given on its own (a copy of 10-kubeadm.conf): its ExecStart says which binary it runs.
  return /kubelet/.test(text) ? 'kubelet.service' : name;
}

export function distributionOf(path: string): Distribution {
  return /rke2/.test(path) ? 'rke2' : 'k3s';
}

/**
 * Recognises, by name and content, the node files that are not Kubernetes objects when they are given
 * to a normal scan (`kubeharden scan 10-kubeadm.conf kubeadm-flags.env`): their format, or undefined for
 * anything else (manifests).
 */
export function recognizeNodeFile(path: string, text: string): Exclude<NodeFileFormat, 'kubernetes' | 'none'> | undefined {
  // Asked for every file of every scan: decide by name first, and read the text only for candidates.
  const name = basename(path);
  if (/\.(service|socket)$/.test(name)) return 'systemd-unit';
  if (name.endsWith('.conf')) return /^\s*\[(Service|Unit)\]\s*$/m.test(text) ? 'systemd-unit' : undefined;
  if (name === 'kubeadm-flags.env') return 'environment';
  if (name.endsWith('.env') || name === 'kubelet') return /^\s*(export\s+)?KUBELET_[A-Z_]*ARGS\s*=/m.test(text) ? 'environment' : undefined;
  if (/\.ya?ml$/.test(name) && !text.includes('apiVersion') && distributionKeys.test(text)) return 'distribution-config';
  return undefined;
}

/** Top-level keys only k3s and RKE2 config files have (their component argument lists and server options). */
const distributionKeys =
  /^((kube-apiserver|kubelet|kube-controller-manager|kube-scheduler|kube-proxy|etcd)-arg|write-kubeconfig-mode|secrets-encryption|cluster-init|protect-kernel-defaults|datastore-endpoint|tls-san|flannel-backend|cni|node-taint)\+?\s*:/m;

/** The resources of a file given to a normal scan that is one of the node's non-Kubernetes files. */
export function recognizedFileResources(path: string, text: string): NodeResources | undefined {
  const format = recognizeNodeFile(path, text);
  if (!format) return undefined;
  return nodeFileResources({ path, format, text, roles: [] });
}
