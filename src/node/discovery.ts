import { asArray, asRecord, asString } from '../core/values.js';
import type { ResourceIndex } from '../engine/resource-index.js';
import { normalizePath, type ControlPlaneComponent } from './components.js';
import { referencedFile, type NodeConfiguration } from './configuration.js';
import {
  ADMISSION_CONFIGURATION,
  AUDIT_POLICY,
  AUTHENTICATION_CONFIGURATION,
  AUTHORIZATION_CONFIGURATION,
  ENCRYPTION_CONFIGURATION,
  KUBECONFIG,
  LEGACY_ADMISSION_CONFIGURATION,
  SYSTEMD_UNIT,
} from './kinds.js';
import { distributionKubeconfigs } from './distribution.js';
import type { Distribution, NodeFileFormat } from './resources.js';

/** A file (or a folder of files) a node scan should read, and what it is to the node. */
export interface Wanted {
  readonly path: string;
  readonly format: NodeFileFormat;
  readonly roles: readonly string[];
  /** A folder: read the files in it whose names end with one of these. */
  readonly folder?: readonly string[];
  /** Recurse into sub-folders (seccomp profiles). */
  readonly recursive?: boolean;
  /** For systemd files: the unit they configure. */
  readonly unit?: string;
  readonly distribution?: Distribution;
}

/** The kubeconfigs the catalog names (NSA-CP-008), kubeadm layout. */
export const kubeadmKubeconfigs = ['admin', 'super-admin', 'controller-manager', 'scheduler', 'kubelet'].map((n) => `/etc/kubernetes/${n}.conf`);
export const rootKubeconfig = '/root/.kube/config';

const systemdFolders = ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

/** Where each distribution keeps its own files. */
export function distributionFiles(distribution: Distribution): Wanted[] {
  if (distribution === 'kubeadm') return [];
  const etc = `/etc/rancher/${distribution}`;
  const units = distribution === 'k3s' ? ['k3s.service', 'k3s-agent.service'] : ['rke2-server.service', 'rke2-agent.service'];
  return [
    { path: `${etc}/config.yaml`, format: 'distribution-config', roles: ['distribution-config'], distribution },
    { path: `${etc}/config.yaml.d`, format: 'distribution-config', roles: ['distribution-config'], folder: ['.yaml', '.yml'], distribution },
    ...units.flatMap((unit) => systemdFolders.map((folder): Wanted => ({ path: `${folder}/${unit}`, format: 'systemd-unit', roles: ['distribution-unit'], unit }))),
    ...(distribution === 'rke2'
      ? [{ path: '/var/lib/rancher/rke2/agent/pod-manifests', format: 'kubernetes', roles: ['static-pod'], folder: ['.yaml', '.yml', '.json'] } as Wanted]
      : []),
  ];
}

/** The kubelet's unit and drop-ins, in every folder systemd reads them from. */
export function kubeletUnitFiles(): Wanted[] {
  return systemdFolders.flatMap((folder): Wanted[] => [
    { path: `${folder}/kubelet.service`, format: 'systemd-unit', roles: ['kubelet-unit'], unit: 'kubelet.service' },
    { path: `${folder}/kubelet.service.d`, format: 'systemd-unit', roles: ['kubelet-unit'], unit: 'kubelet.service', folder: ['.conf'] },
  ]);
}

/** Files every node scan looks at, whatever the configuration says. */
export function standardFiles(distribution: Distribution): Wanted[] {
  return [
    ...kubeletUnitFiles(),
    ...distributionFiles(distribution),
    ...kubeadmKubeconfigs.map((path): Wanted => ({ path, format: 'kubernetes', roles: ['kubeconfig'] })),
    { path: rootKubeconfig, format: 'kubernetes', roles: ['kubeconfig', 'user-kubeconfig'] },
  ];
}

/**
 * The files the configuration read so far points to: the kubelet's environment files, config file,
 * drop-in folder, kubeconfig and static pod folder; the API server's encryption, audit, admission and
 * authentication files (through its hostPath mounts); the distribution's own. A node scan reads them and
 * asks again, until nothing new turns up.
 */
export function referencedPaths(configuration: NodeConfiguration, index: ResourceIndex, distribution: Distribution): Wanted[] {
  const wanted: Wanted[] = [];
  for (const unit of index.list(SYSTEMD_UNIT)) {
    for (const entry of asArray(unit.object['directives'])) {
      const directive = asRecord(entry);
      if (asString(directive?.['key']) !== 'EnvironmentFile') continue;
      // systemd specifiers: %N is the unit name without its suffix, %n with it.
      const name = asString(unit.object['unit']) ?? '';
      const path = (asString(directive?.['value']) ?? '').replace(/^-/, '').trim().replace(/%N/g, name.replace(/\.[a-z]+$/, '')).replace(/%n/g, name);
      if (path.startsWith('/') && !path.includes('%')) wanted.push({ path: normalizePath(path), format: 'environment', roles: ['flags'] });
    }
  }
  let staticPodPath: string | undefined;
  let rootDir: string | undefined;
  for (const kubelet of configuration.kubelets) {
    const config = kubelet.flags.nonEmpty('config');
    if (config) wanted.push({ path: normalizePath(config.value), format: 'kubernetes', roles: ['kubelet-config'] });
    const dir = kubelet.flags.nonEmpty('config-dir');
    if (dir) wanted.push({ path: normalizePath(dir.value), format: 'kubernetes', roles: ['kubelet-config'], folder: ['.conf'] });
    const kubeconfig = kubelet.flags.nonEmpty('kubeconfig');
    if (kubeconfig) wanted.push({ path: normalizePath(kubeconfig.value), format: 'kubernetes', roles: ['kubeconfig', 'kubelet-kubeconfig'] });
    const pods = kubelet.setting('staticPodPath');
    if (pods.known && typeof pods.value === 'string' && pods.value !== '') staticPodPath = pods.value;
    rootDir = kubelet.flags.nonEmpty('root-dir')?.value ?? rootDir;
  }
  if (distribution === 'kubeadm') {
    // The kubelet reads every file of the folder; kops names its static pods kube-apiserver.manifest.
    wanted.push({ path: normalizePath(staticPodPath ?? '/etc/kubernetes/manifests'), format: 'kubernetes', roles: ['static-pod'], folder: ['.yaml', '.yml', '.json', '.manifest'] });
  }
  const kubeletRoot = normalizePath(rootDir ?? '/var/lib/kubelet');
  wanted.push({ path: `${kubeletRoot}/seccomp`, format: 'seccomp-profile', roles: ['seccomp-profile'], folder: ['.json'], recursive: true });
  if (configuration.distribution) {
    const settings = configuration.distribution;
    const dataDir = asString(settings.get('data-dir')?.value) ?? `/var/lib/rancher/${settings.distribution}`;
    wanted.push({ path: `${dataDir}/agent/etc/kubelet.conf.d`, format: 'kubernetes', roles: ['kubelet-config'], folder: ['.conf'] });
    for (const path of distributionKubeconfigs(settings)) wanted.push({ path, format: 'kubernetes', roles: ['kubeconfig'] });
  }
  for (const component of configuration.components) wanted.push(...componentFiles(configuration, component));
  return wanted;
}

const apiServerFiles: readonly { flag: string; role: string; kinds: readonly string[] }[] = [
  { flag: 'encryption-provider-config', role: 'encryption-config', kinds: [ENCRYPTION_CONFIGURATION] },
  { flag: 'audit-policy-file', role: 'audit-policy', kinds: [AUDIT_POLICY] },
  { flag: 'admission-control-config-file', role: 'admission-config', kinds: [ADMISSION_CONFIGURATION, LEGACY_ADMISSION_CONFIGURATION] },
  { flag: 'audit-webhook-config-file', role: 'audit-webhook-kubeconfig', kinds: [KUBECONFIG] },
  { flag: 'authentication-config', role: 'authentication-config', kinds: [AUTHENTICATION_CONFIGURATION] },
  { flag: 'authorization-config', role: 'authorization-config', kinds: [AUTHORIZATION_CONFIGURATION] },
];

function componentFiles(configuration: NodeConfiguration, component: ControlPlaneComponent): Wanted[] {
  if (component.kind !== 'kube-apiserver') return [];
  const wanted: Wanted[] = [];
  for (const file of apiServerFiles) {
    const flag = component.flags.nonEmpty(file.flag);
    if (!flag) continue;
    const resolved = component.hostPath(flag.value.trim());
    if (!resolved.hostPath) continue;
    wanted.push({ path: resolved.hostPath, format: 'kubernetes', roles: [file.role] });
    if (file.role === 'admission-config') {
      const found = referencedFile(configuration, component, flag, file.kinds, 'the admission configuration');
      for (const path of podSecurityConfigPaths(found.resource?.object, flag.value.trim())) {
        const inContainer = component.hostPath(path).hostPath;
        if (inContainer) wanted.push({ path: inContainer, format: 'kubernetes', roles: ['pod-security-config'] });
      }
    }
  }
  return wanted;
}

/**
 * The `path` of the PodSecurity plugin entry of an AdmissionConfiguration, resolved as the API server
 * does: a relative path is relative to the AdmissionConfiguration file's folder.
 */
export function podSecurityConfigPaths(admission: Record<string, unknown> | undefined, admissionPath: string): string[] {
  if (!admission) return [];
  return asArray(admission['plugins']).flatMap((entry) => {
    const plugin = asRecord(entry);
    const path = asString(plugin?.['path']);
    if (asString(plugin?.['name']) !== 'PodSecurity' || !path) return [];
    return [path.startsWith('/') ? normalizePath(path) : normalizePath(`${admissionPath.slice(0, admissionPath.lastIndexOf('/'))}/${path}`)];
  });
}
