import type { Path } from '../core/path.js';
import type { Resource } from '../core/resource.js';
import { asArray, asRecord, asString } from '../core/values.js';
import { booleanFlags, FlagSet, parseFlags, type Flag, type Location, type Word } from './flags.js';

export type ControlPlaneKind = 'kube-apiserver' | 'etcd' | 'kube-scheduler' | 'kube-controller-manager';

export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
}

/** Where a path a component reads lives on the host. */
export interface HostPathResolution {
  /** The path on the host, when the component can read it there. */
  readonly hostPath?: string;
  /** The mount that brings it into the container (static pods), with its index in volumeMounts. */
  readonly mount?: { readonly index: number; readonly readOnly: boolean; readonly volume: string; readonly hostPath: boolean };
  /** Why it is not on the host: mounted from another volume type, or not mounted at all. */
  readonly reason?: string;
}

/** A control-plane component's configuration: its flags, each remembering where it is written. */
export interface ControlPlaneComponent {
  readonly kind: ControlPlaneKind;
  /** For messages: `Pod kube-system/kube-apiserver-cp1` or `/etc/rancher/k3s/config.yaml`. */
  readonly label: string;
  /** The resource that holds the flags: the Pod (static pod manifest or mirror pod) or the k3s config. */
  readonly resource: Resource;
  readonly flags: FlagSet;
  /** Where a flag that is not set belongs: the container's command (or args) list, or the `*-arg` key. */
  readonly missingAt: Location;
  /** From the image tag (registry.k8s.io/kube-apiserver:v1.30.2); undefined when it does not say. */
  readonly version?: KubeVersion;
  /** 'pod' for static and mirror pods; the distribution when the flags come from its config. */
  readonly source: 'pod' | 'k3s' | 'rke2';
  /** A path the component reads, on the host: through the Pod's hostPath mounts, as is for a host process. */
  hostPath(path: string): HostPathResolution;
  /** For Pods: the pod spec and the container that runs the component, with its path. */
  readonly pod?: { readonly spec: Record<string, unknown>; readonly container: Record<string, unknown>; readonly containerPath: Path };
}

const binaries: Readonly<Record<string, ControlPlaneKind>> = {
  'kube-apiserver': 'kube-apiserver',
  apiserver: 'kube-apiserver',
  etcd: 'etcd',
  'kube-scheduler': 'kube-scheduler',
  scheduler: 'kube-scheduler',
  'kube-controller-manager': 'kube-controller-manager',
  'controller-manager': 'kube-controller-manager',
};

/**
 * Text every manifest of a control-plane Pod contains: each name in `binaries` has one of these words
 * (a backslash stands for a YAML escape that could spell one).
 */
export const CONTROL_PLANE_POD_TEXT = /apiserver|etcd|scheduler|controller-manager|\\/;

/**
 * The log runner the Kubernetes images ship (`/go-runner`, released as `kube-log-runner`): kops and
 * bootkube/Typhoon start the control plane through it, `go-runner --log-file=F --also-stdout
 * /usr/local/bin/kube-apiserver --flags...`, the runner's own flags first.
 */
const logRunners: ReadonlySet<string> = new Set(['go-runner', 'kube-log-runner']);
const runnerValueFlags: ReadonlySet<string> = new Set(['log-file']);

/** The index of the program a log runner starts (after its own flags), in the runner's words (0 is the runner). */
function runnerTarget(words: readonly string[]): number | undefined {
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') return i + 1 < words.length ? i + 1 : undefined;
    if (!word.startsWith('-')) return i;
    const name = word.replace(/^--?/, '').split('=')[0] as string;
    if (runnerValueFlags.has(name) && !word.includes('=')) i++;
  }
  return undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The repository name of an image (registry.k8s.io/kube-apiserver:v1.30.2 → kube-apiserver). */
function imageName(image: string): string {
  const withoutDigest = image.split('@')[0] as string;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return withoutDigest.slice(lastSlash + 1, colon === -1 ? undefined : colon);
}

/** v1.30.2, v1.28.9-rke2r1, 1.29 → {1, 30}; undefined for anything else (etcd 3.5.12-0 is not Kubernetes). */
export function versionFromImage(image: string | undefined): KubeVersion | undefined {
  if (!image) return undefined;
  const withoutDigest = image.split('@')[0] as string;
  const colon = withoutDigest.lastIndexOf(':');
  if (colon === -1 || colon < withoutDigest.lastIndexOf('/')) return undefined;
  const match = /^v?(1)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(withoutDigest.slice(colon + 1));
  return match ? { major: 1, minor: Number(match[2]) } : undefined;
}

export function formatVersion(version: KubeVersion): string {
  return `v${version.major}.${version.minor}`;
}

/**
 * The control-plane components a Pod runs, read from its containers' command and args. The same code
 * reads a static pod manifest on disk and a mirror pod from a live cluster. The binary is recognised by
 * the first word of the command (`kube-apiserver`, `/usr/local/bin/etcd`, `hyperkube apiserver`), or, when
 * the command is only flags, by the container or image name.
 */
export function podComponents(pod: Resource): ControlPlaneComponent[] {
  const spec = asRecord(pod.object['spec']);
  if (!spec) return [];
  const metadata = asRecord(pod.object['metadata']);
  // A pod a controller made (an application's etcd StatefulSet, a hosted control plane's Deployment) is not
  // the cluster's own control plane; mirror pods are owned by their Node.
  const owners = asArray(metadata?.['ownerReferences']).map((o) => asString(asRecord(o)?.['kind']));
  if (owners.some((kind) => kind !== 'Node')) return [];
  const label = `Pod ${asString(metadata?.['namespace']) ? asString(metadata?.['namespace']) + '/' : ''}${pod.ref.name}`;
  const components: ControlPlaneComponent[] = [];
  asArray(spec['containers']).forEach((entry, index) => {
    const container = asRecord(entry);
    if (!container) return;
    const containerPath: Path = ['spec', 'containers', index];
    const command = asArray(container['command']).map((c) => (typeof c === 'string' ? c : String(c)));
    const args = asArray(container['args']).map((c) => (typeof c === 'string' ? c : String(c)));
    const all: Word[] = [
      ...command.map((text, j) => ({ text, at: { resource: pod, path: [...containerPath, 'command', j] } })),
      ...args.map((text, j) => ({ text, at: { resource: pod, path: [...containerPath, 'args', j] } })),
    ];
    let skip = 0;
    let kind: ControlPlaneKind | undefined;
    const first = command[0];
    if (first !== undefined && !first.startsWith('-')) {
      const binary = basename(first);
      kind = binaries[binary];
      skip = 1;
      if (!kind && (binary === 'hyperkube' || binary === 'kubernetes') && command[1]) {
        kind = binaries[command[1]];
        skip = 2;
      }
      if (!kind && logRunners.has(binary)) {
        const at = runnerTarget(all.map((w) => w.text));
        if (at !== undefined) {
          kind = binaries[basename(all[at]?.text ?? '')];
          skip = at + 1;
        }
      }
      if (!kind) return;
    } else {
      const name = asString(container['name']) ?? '';
      kind = binaries[name] ?? binaries[imageName(asString(container['image']) ?? '')];
      if (!kind) return;
    }
    const words = all.slice(skip);
    const flagsInArgs = args.length > 0 && command.length <= skip;
    const missingAt: Location = { resource: pod, path: [...containerPath, flagsInArgs ? 'args' : 'command'] };
    const version = kind === 'etcd' ? undefined : versionFromImage(asString(container['image']));
    components.push({
      kind,
      label,
      resource: pod,
      flags: new FlagSet(parseFlags(words, booleanFlags)),
      missingAt,
      ...(version ? { version } : {}),
      source: 'pod',
      hostPath: (path) => resolveMount(spec, container, path),
      pod: { spec, container, containerPath },
    });
  });
  return components;
}

/**
 * Where a file a container reads is on the host: the hostPath volume behind the longest volumeMount that
 * contains it. A file under no mount is inside the image; under another volume type, not on the host.
 */
export function resolveMount(spec: Record<string, unknown>, container: Record<string, unknown>, path: string): HostPathResolution {
  const volumes = new Map<string, Record<string, unknown>>();
  for (const entry of asArray(spec['volumes'])) {
    const volume = asRecord(entry);
    const name = asString(volume?.['name']);
    if (volume && name) volumes.set(name, volume);
  }
  let best: { index: number; mountPath: string; mount: Record<string, unknown> } | undefined;
  asArray(container['volumeMounts']).forEach((entry, index) => {
    const mount = asRecord(entry);
    const mountPath = asString(mount?.['mountPath'])?.replace(/\/+$/, '');
    if (!mount || mountPath === undefined) return;
    const covers = path === mountPath || path.startsWith(mountPath + '/') || mountPath === '';
    if (covers && (!best || mountPath.length > best.mountPath.length)) best = { index, mountPath, mount };
  });
  if (!best) return { reason: `${path} is on no volume mount of the container, so it is read from the image, not the host` };
  const volumeName = asString(best.mount['name']) ?? '';
  const volume = volumes.get(volumeName);
  const hostPathSource = asRecord(volume?.['hostPath']);
  const readOnly = best.mount['readOnly'] === true;
  const mount = { index: best.index, readOnly, volume: volumeName, hostPath: hostPathSource !== undefined };
  const base = asString(hostPathSource?.['path']);
  if (!hostPathSource || base === undefined) {
    return { mount, reason: `${path} is mounted from volume "${volumeName}", which is not a hostPath volume` };
  }
  const subPath = asString(best.mount['subPath']);
  const rest = path.slice(best.mountPath.length);
  const joined = [base.replace(/\/+$/, ''), subPath ? subPath.replace(/^\/+|\/+$/g, '') : undefined].filter((p) => p !== undefined && p !== '').join('/');
  return { hostPath: normalizePath((joined || '/') + rest), mount };
}

export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

/** A flag's value as a list of `--authorization-mode` modes, `--enable-admission-plugins` plugins... */
export function listValues(flags: FlagSet, name: string): string[] {
  return flags.list(name).map((i) => i.item);
}

/** The flag that lists an item (the occurrence that contains it), for locating a finding on that item. */
export function flagListing(flags: FlagSet, name: string, item: string): Flag | undefined {
  return flags.list(name).find((i) => i.item === item)?.flag;
}
