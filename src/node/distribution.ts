import type { Resource } from '../core/resource.js';
import { normalizePath } from './components.js';
import { asArray, asRecord, asString } from '../core/values.js';
import type { ResourceIndex } from '../engine/resource-index.js';
import type { ControlPlaneComponent, ControlPlaneKind } from './components.js';
import type { Evidence } from './evidence.js';
import { booleanFlags, FlagSet, parseFlags, type Flag, type Location, type Word } from './flags.js';
import { DISTRIBUTION_CONFIG, KUBELET_CONFIGURATION, SYSTEMD_UNIT } from './kinds.js';
import { dropIns, Kubelet } from './kubelet.js';
import type { Distribution } from './resources.js';

/**
 * k3s and RKE2 keep their settings in `/etc/rancher/<k3s|rke2>/config.yaml` (plus `config.yaml.d/*.yaml`
 * drop-ins) and in the arguments of their systemd unit. The keys are the distribution's own flags;
 * `kube-apiserver-arg`, `kube-scheduler-arg`, `kube-controller-manager-arg`, `kubelet-arg` and `etcd-arg`
 * list flags for the embedded components, and the distribution passes its own defaults underneath them.
 * What is mapped: those lists, `secrets-encryption`, `cluster-init`, `data-dir`, and the defaults below
 * (from the k3s and RKE2 CIS self-assessment guides). Not mapped: every other key.
 */

export type RancherDistribution = Exclude<Distribution, 'kubeadm'>;

const argKeys: Readonly<Record<string, ControlPlaneKind | 'kubelet'>> = {
  'kube-apiserver-arg': 'kube-apiserver',
  'kube-scheduler-arg': 'kube-scheduler',
  'kube-controller-manager-arg': 'kube-controller-manager',
  'etcd-arg': 'etcd',
  'kubelet-arg': 'kubelet',
};

/** A configuration key's value, with where it is written (the last file that sets it wins). */
interface Setting {
  readonly value: unknown;
  readonly at: Location;
}

/** The merged config.yaml (and drop-ins, and the unit's command line), key by key. */
export interface DistributionSettings {
  readonly distribution: RancherDistribution;
  /** The main config.yaml, or the first file that holds settings: where missing keys belong. */
  readonly anchor: Location;
  readonly role: 'server' | 'agent';
  get(key: string): Setting | undefined;
  /** The entries of a list key (`kube-apiserver-arg`) in every file, in order, each located. */
  list(key: string): { readonly text: string; readonly at: Location }[];
}

function dataDirDefault(distribution: RancherDistribution): string {
  return `/var/lib/rancher/${distribution}`;
}

/**
 * Reads the distribution's settings. Files merge in name order (config.yaml, then config.yaml.d/*.yaml):
 * a later file replaces a key, and a key written `key+:` appends to a list. Command-line flags of the
 * systemd unit (`k3s server --kube-apiserver-arg=...`) come last and win.
 */
export function distributionSettings(index: ResourceIndex): DistributionSettings | undefined {
  const configs = [...index.list(DISTRIBUTION_CONFIG)].sort((a, b) => configOrder(a.ref.name) - configOrder(b.ref.name) || (a.ref.name < b.ref.name ? -1 : 1));
  const units = index.list(SYSTEMD_UNIT).filter((u) => /^(k3s|rke2)(-server|-agent)?\.service$/.test(asString(u.object['unit']) ?? ''));
  if (configs.length === 0 && units.length === 0) return undefined;
  const labelled = asString(asRecord(asRecord(configs[0]?.object['metadata'])?.['labels'])?.['kubeharden.io/distribution']);
  const unitName = asString(units[0]?.object['unit']) ?? '';
  const distribution: RancherDistribution = labelled === 'rke2' || unitName.startsWith('rke2') ? 'rke2' : 'k3s';
  const values = new Map<string, Setting>();
  const lists = new Map<string, { text: string; at: Location }[]>();
  for (const config of configs) {
    for (const [rawKey, value] of Object.entries(config.object)) {
      if (rawKey === 'apiVersion' || rawKey === 'kind' || rawKey === 'metadata') continue;
      const append = rawKey.endsWith('+');
      const key = append ? rawKey.slice(0, -1) : rawKey;
      values.set(key, { value, at: { resource: config, path: [rawKey] } });
      const items = (Array.isArray(value) ? value : [value]).map((item, i) => ({
        text: String(item),
        at: { resource: config, path: Array.isArray(value) ? [rawKey, i] : [rawKey] } as Location,
      }));
      lists.set(key, append ? [...(lists.get(key) ?? []), ...items] : items);
    }
  }
  let role: 'server' | 'agent' = 'server';
  const unit = units.find((u) => asArray(u.object['directives']).some((d) => asString(asRecord(d)?.['key']) === 'ExecStart'));
  if (unit) {
    const directives = asArray(unit.object['directives']);
    let execIndex = -1;
    directives.forEach((d, i) => {
      if (asString(asRecord(d)?.['key']) === 'ExecStart') execIndex = (asString(asRecord(d)?.['value']) ?? '') === '' ? -1 : i;
    });
    const words: Word[] = asArray(asRecord(directives[execIndex])?.['words']).map((text, j) => ({
      text: String(text),
      at: { resource: unit, path: ['directives', execIndex, 'words', j] },
    }));
    const sub = words.findIndex((w) => w.text === 'server' || w.text === 'agent');
    if (sub !== -1) {
      role = words[sub]?.text === 'agent' ? 'agent' : 'server';
      for (const flag of parseFlags(words.slice(sub + 1), new Set([...booleanFlags, 'cluster-init', 'secrets-encryption', 'protect-kernel-defaults']))) {
        values.set(flag.name, { value: flag.bare ? true : flag.value, at: flag.at });
        const entry = { text: flag.value, at: flag.at };
        lists.set(flag.name, argKeys[flag.name] ? [...(lists.get(flag.name) ?? []), entry] : [entry]);
      }
    }
  } else if (units.some((u) => /-agent\.service$/.test(asString(u.object['unit']) ?? ''))) {
    role = 'agent';
  }
  // A unit without ExecStart (a drop-in, a broken file) still anchors the settings when there is no config.
  const anchorResource = (configs[0] ?? unit ?? units[0]) as Resource;
  return {
    distribution,
    anchor: { resource: anchorResource, path: [] },
    role,
    get: (key) => values.get(key),
    list: (key) => lists.get(key) ?? [],
  };
}

function configOrder(path: string): number {
  return /\/config\.ya?ml$/.test(path) ? 0 : 1;
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The flags an argument list gives a component: `flag=value` entries, with or without the dashes. */
function argFlags(settings: DistributionSettings, key: string): Flag[] {
  const words: Word[] = settings.list(key).map((entry) => ({ text: entry.text.startsWith('-') ? entry.text : `--${entry.text}`, at: entry.at }));
  return parseFlags(words, booleanFlags);
}

/** Where a flag that is not set belongs: the `*-arg` list when the config has one, else the config itself. */
function missingAt(settings: DistributionSettings, key: string): Location {
  return settings.get(key)?.at ?? settings.anchor;
}

function implicitFlags(defaults: Readonly<Record<string, string>>, at: Location, source: string): Flag[] {
  return Object.entries(defaults).map(([name, value]) => ({ name, value, bare: false, at, implicit: source }));
}

/**
 * What k3s passes to its embedded components on its own (k3s CIS self-assessment guide: "By default,
 * K3s sets ..."). RKE2 runs the control plane as static pods, whose manifests carry every flag, so only
 * its kubelet needs these.
 */
function apiServerDefaults(settings: DistributionSettings, dataDir: string): Record<string, string> {
  const tls = `${dataDir}/server/tls`;
  const defaults: Record<string, string> = {
    'anonymous-auth': 'false',
    'authorization-mode': 'Node,RBAC',
    'enable-admission-plugins': 'NodeRestriction',
    'client-ca-file': `${tls}/client-ca.crt`,
    'tls-cert-file': `${tls}/serving-kube-apiserver.crt`,
    'tls-private-key-file': `${tls}/serving-kube-apiserver.key`,
    'kubelet-client-certificate': `${tls}/client-kube-apiserver.crt`,
    'kubelet-client-key': `${tls}/client-kube-apiserver.key`,
    'kubelet-certificate-authority': `${tls}/server-ca.crt`,
    'profiling': 'false',
    'service-account-key-file': `${tls}/service.key`,
  };
  if (truthy(settings.get('cluster-init')?.value) || settings.list('etcd-arg').length > 0) {
    Object.assign(defaults, {
      'etcd-servers': 'https://127.0.0.1:2379',
      'etcd-cafile': `${tls}/etcd/server-ca.crt`,
      'etcd-certfile': `${tls}/etcd/client.crt`,
      'etcd-keyfile': `${tls}/etcd/client.key`,
    });
  } else if (!settings.get('datastore-endpoint')) {
    // The default datastore is SQLite behind kine, on a local socket: no network, no TLS to configure.
    defaults['etcd-servers'] = 'unix://kine.sock';
  }
  return defaults;
}

function etcdDefaults(dataDir: string): Record<string, string> {
  const tls = `${dataDir}/server/tls/etcd`;
  return {
    'cert-file': `${tls}/server-client.crt`,
    'key-file': `${tls}/server-client.key`,
    'client-cert-auth': 'true',
    'trusted-ca-file': `${tls}/server-ca.crt`,
    'peer-cert-file': `${tls}/peer-server-client.crt`,
    'peer-key-file': `${tls}/peer-server-client.key`,
    'peer-client-cert-auth': 'true',
    'peer-trusted-ca-file': `${tls}/peer-ca.crt`,
    'listen-client-urls': 'https://127.0.0.1:2379',
  };
}

/** The k3s control plane (one process on the host: paths need no mount translation). */
export function distributionComponents(settings: DistributionSettings): ControlPlaneComponent[] {
  if (settings.distribution !== 'k3s' || settings.role !== 'server') return [];
  const dataDir = asString(settings.get('data-dir')?.value) ?? dataDirDefault(settings.distribution);
  const source = `${settings.distribution} default`;
  const label = settings.anchor.resource.ref.name;
  const component = (kind: ControlPlaneKind, key: string, defaults: Record<string, string>, extra: Flag[] = []): ControlPlaneComponent => {
    const at = missingAt(settings, key);
    return {
      kind,
      label,
      resource: settings.anchor.resource,
      flags: new FlagSet([...implicitFlags(defaults, at, source), ...extra, ...argFlags(settings, key)]),
      missingAt: at,
      source: settings.distribution,
      hostPath: (path) => ({ hostPath: path }),
    };
  };
  const encryption = settings.get('secrets-encryption');
  const encryptionFlags: Flag[] =
    encryption && truthy(encryption.value)
      ? [{ name: 'encryption-provider-config', value: `${dataDir}/server/cred/encryption-config.json`, bare: false, at: encryption.at, implicit: source }]
      : [];
  const components = [
    component('kube-apiserver', 'kube-apiserver-arg', apiServerDefaults(settings, dataDir), encryptionFlags),
    component('kube-scheduler', 'kube-scheduler-arg', { 'bind-address': '127.0.0.1', profiling: 'false' }),
    component('kube-controller-manager', 'kube-controller-manager-arg', { 'bind-address': '127.0.0.1', profiling: 'false', 'use-service-account-credentials': 'true' }),
  ];
  if (truthy(settings.get('cluster-init')?.value) || settings.list('etcd-arg').length > 0) components.push(component('etcd', 'etcd-arg', etcdDefaults(dataDir)));
  return components;
}

/** The kubelet of a k3s or RKE2 node: the distribution's defaults, its drop-in folder, then `kubelet-arg`. */
export function distributionKubelet(settings: DistributionSettings, index: ResourceIndex, evidence: Evidence): Kubelet {
  const dataDir = asString(settings.get('data-dir')?.value) ?? dataDirDefault(settings.distribution);
  const agent = `${dataDir}/agent`;
  const at = missingAt(settings, 'kubelet-arg');
  const defaults = implicitFlags(
    {
      'anonymous-auth': 'false',
      'authentication-token-webhook': 'true',
      'authorization-mode': 'Webhook',
      'client-ca-file': `${agent}/client-ca.crt`,
      'read-only-port': '0',
      'tls-cert-file': `${agent}/serving-kubelet.crt`,
      'tls-private-key-file': `${agent}/serving-kubelet.key`,
      kubeconfig: `${agent}/kubelet.kubeconfig`,
    },
    at,
    `${settings.distribution} default`,
  );
  const explicit = argFlags(settings, 'kubelet-arg');
  const flags = new FlagSet([...defaults, ...explicit]);
  const configs = index.list(KUBELET_CONFIGURATION);
  const used: Resource[] = [];
  let configState: 'loaded' | 'missing' | 'none' = 'none';
  let configReason: string | undefined;
  const configFlag = flags.nonEmpty('config');
  if (configFlag) {
    const found = evidence.find([KUBELET_CONFIGURATION], normalizePath(configFlag.value), 'the kubelet config file');
    if (found.resource) used.push(found.resource);
    else {
      configState = 'missing';
      configReason = found.reason;
    }
  }
  // k3s passes --config-dir=<data-dir>/agent/etc/kubelet.conf.d and writes its defaults there (00-k3s-defaults.conf).
  const dirs = [`${agent}/etc/kubelet.conf.d`, flags.nonEmpty('config-dir')?.value].filter((d): d is string => !!d);
  for (const dir of dirs) used.push(...dropIns(configs, dir));
  if (configState !== 'missing' && used.length > 0) configState = 'loaded';
  return new Kubelet({
    label: `kubelet (${settings.distribution}, ${settings.anchor.resource.ref.name})`,
    flags,
    flagsAt: at,
    configs: used,
    configState,
    ...(configReason ? { configReason } : {}),
    commandLineKnown: true,
    distribution: settings.distribution,
  });
}

/** Paths of the distribution's kubeconfigs, for the file-mode checks. */
export function distributionKubeconfigs(settings: DistributionSettings): string[] {
  const dataDir = asString(settings.get('data-dir')?.value) ?? dataDirDefault(settings.distribution);
  const admin = settings.distribution === 'rke2' ? '/etc/rancher/rke2/rke2.yaml' : '/etc/rancher/k3s/k3s.yaml';
  const written = asString(settings.get('write-kubeconfig')?.value);
  return [
    written ?? admin,
    `${dataDir}/server/cred/admin.kubeconfig`,
    `${dataDir}/server/cred/controller.kubeconfig`,
    `${dataDir}/server/cred/scheduler.kubeconfig`,
  ];
}
