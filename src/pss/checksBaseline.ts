/**
 * Baseline-level checks, one per PSA policy/check_<id>.go, with each revision gated on
 * the policy version that introduced it.
 */
import type { Path } from '../core/path.js';
import {
  annotationValue,
  asArray,
  asForbiddenValueList,
  asRecord,
  describeValue,
  isSet,
  isTrueLike,
  isZeroLike,
  stringOrEmpty,
  type JsonRecord,
  type PodView,
} from './podReader.js';
import {
  describeContainers,
  joinQuote,
  pluralize,
  sortedUnique,
  type CheckFailure,
  type PssCheckDefinition,
} from './checkTypes.js';

// ---------------------------------------------------------------- hostNamespaces

function hostNamespacesV1Dot0(pod: PodView): CheckFailure | undefined {
  const shared: string[] = [];
  let firstPath: Path | undefined;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (isTrueLike(pod.spec[field])) {
      shared.push(`${field}=true`);
      firstPath ??= ['spec', field];
    }
  }
  if (firstPath === undefined) return undefined;
  return { path: firstPath, reason: 'host namespaces', detail: shared.join(', ') };
}

// ---------------------------------------------------------------- privileged

function privilegedV1Dot0(pod: PodView): CheckFailure | undefined {
  const badContainers: string[] = [];
  let firstPath: Path | undefined;
  for (const container of pod.containers) {
    if (isTrueLike(container.securityContext?.['privileged'])) {
      badContainers.push(container.name);
      firstPath ??= [...container.path, 'securityContext', 'privileged'];
    }
  }
  if (firstPath === undefined) return undefined;
  return {
    path: firstPath,
    reason: 'privileged',
    detail: `${describeContainers(badContainers)} must not set securityContext.privileged=true`,
  };
}

// ---------------------------------------------------------------- capabilities_baseline

const capabilitiesAllowedV1Dot0: ReadonlySet<unknown> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaselineV1Dot0(pod: PodView): CheckFailure | undefined {
  const badContainers: string[] = [];
  const nonDefault: string[] = [];
  let firstPath: Path | undefined;
  for (const container of pod.containers) {
    const addPath: Path = [...container.path, 'securityContext', 'capabilities', 'add'];
    const added = asRecord(container.securityContext?.['capabilities'])?.['add'];
    let containerIsBad = false;
    asForbiddenValueList(added).forEach((capability, index) => {
      if (capabilitiesAllowedV1Dot0.has(capability)) return;
      containerIsBad = true;
      nonDefault.push(describeValue(capability));
      firstPath ??= Array.isArray(added) ? [...addPath, index] : addPath;
    });
    if (containerIsBad) badContainers.push(container.name);
  }
  if (firstPath === undefined) return undefined;
  return {
    path: firstPath,
    reason: 'non-default capabilities',
    detail:
      `${describeContainers(badContainers)} must not include ` +
      `${joinQuote(sortedUnique(nonDefault))} in securityContext.capabilities.add`,
  };
}

// ---------------------------------------------------------------- hostPathVolumes

function hostPathVolumesV1Dot0(pod: PodView): CheckFailure | undefined {
  const badVolumes: string[] = [];
  let firstPath: Path | undefined;
  asArray(pod.spec['volumes']).forEach((entry, index) => {
    const volume = asRecord(entry);
    if (volume === undefined || !isSet(volume['hostPath'])) return;
    badVolumes.push(volumeName(volume));
    firstPath ??= ['spec', 'volumes', index, 'hostPath'];
  });
  if (firstPath === undefined) return undefined;
  return {
    path: firstPath,
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)}`,
  };
}

export function volumeName(volume: JsonRecord): string {
  const name = volume['name'];
  return typeof name === 'string' ? name : '';
}

// ---------------------------------------------------------------- hostPorts

function hostPortsV1Dot0(pod: PodView): CheckFailure | undefined {
  const badContainers: string[] = [];
  const forbiddenPorts: string[] = [];
  let firstPath: Path | undefined;
  for (const container of pod.containers) {
    let containerIsBad = false;
    asArray(container.record['ports']).forEach((entry, index) => {
      const hostPort = asRecord(entry)?.['hostPort'];
      // Zero (or unset) means "no host port"; any other value, even a malformed one, asks for one.
      if (!isSet(hostPort) || isZeroLike(hostPort)) return;
      containerIsBad = true;
      forbiddenPorts.push(describeValue(hostPort));
      firstPath ??= [...container.path, 'ports', index, 'hostPort'];
    });
    if (containerIsBad) badContainers.push(container.name);
  }
  if (firstPath === undefined) return undefined;
  return {
    path: firstPath,
    reason: 'hostPort',
    detail:
      `${describeContainers(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ` +
      `${pluralize('hostPort', 'hostPorts', forbiddenPorts.length)} ${forbiddenPorts.join(', ')}`,
  };
}

// ---------------------------------------------------------------- hostProbesAndHostLifecycle

const probeKeys = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const lifecycleHandlerKeys = ['postStart', 'preStop'] as const;
const hostBearingHandlerKeys = ['httpGet', 'tcpSocket'] as const;

function hostProbesAndHostLifecycleV1Dot34(pod: PodView): CheckFailure | undefined {
  const badContainers: string[] = [];
  const forbiddenHosts: string[] = [];
  let firstPath: Path | undefined;
  for (const container of pod.containers) {
    let containerIsBad = false;
    // The five handlers' paths are built only for the first host found: most pods have none.
    const lifecycle = asRecord(container.record['lifecycle']);
    const check = (handler: JsonRecord | undefined, pathTo: () => Path): void => {
      if (handler === undefined) return;
      for (const actionKey of hostBearingHandlerKeys) {
        const host = asRecord(handler[actionKey])?.['host'];
        if (!isSet(host) || host === '') continue;
        containerIsBad = true;
        forbiddenHosts.push(describeValue(host));
        firstPath ??= [...pathTo(), actionKey, 'host'];
      }
    };
    for (const probeKey of probeKeys) check(asRecord(container.record[probeKey]), () => [...container.path, probeKey]);
    for (const handlerKey of lifecycleHandlerKeys) {
      check(asRecord(lifecycle?.[handlerKey]), () => [...container.path, 'lifecycle', handlerKey]);
    }
    if (containerIsBad) badContainers.push(container.name);
  }
  if (firstPath === undefined) return undefined;
  const hosts = sortedUnique(forbiddenHosts);
  const containers = sortedUnique(badContainers);
  return {
    path: firstPath,
    reason: 'probe or lifecycle host',
    detail:
      `${describeContainers(containers)} ${pluralize('uses', 'use', containers.length)} ` +
      `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hosts.length)} ${joinQuote(hosts)}`,
  };
}

// ---------------------------------------------------------------- appArmorProfile

const appArmorAnnotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';

function isAllowedAppArmorAnnotationValue(value: unknown): boolean {
  const profile = stringOrEmpty(value);
  return profile === '' || profile === 'runtime/default' || (profile !== undefined && profile.startsWith('localhost/'));
}

function isAllowedAppArmorProfileType(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/**
 * One revision since v1.0 that covers both the deprecated annotation and (since the
 * field's API landed in Kubernetes 1.30) the securityContext.appArmorProfile field:
 * PSA patched the field into the 1.0 function, so it applies at every policy version.
 */
function appArmorProfileV1Dot0(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  let firstPath: Path | undefined;

  const podProfile = pod.podSecurityContext?.['appArmorProfile'];
  if (isSet(podProfile)) {
    const type = asRecord(podProfile)?.['type'];
    if (!isAllowedAppArmorProfileType(type)) {
      badSetters.push('pod');
      badValues.push(describeProfileType(type));
      firstPath = ['spec', 'securityContext', 'appArmorProfile', 'type'];
    }
  }

  const badContainers: string[] = [];
  for (const container of pod.containers) {
    const profile = container.securityContext?.['appArmorProfile'];
    if (!isSet(profile)) continue;
    const type = asRecord(profile)?.['type'];
    if (isAllowedAppArmorProfileType(type)) continue;
    badContainers.push(container.name);
    badValues.push(describeProfileType(type));
    firstPath ??= [...container.path, 'securityContext', 'appArmorProfile', 'type'];
  }
  if (badContainers.length > 0) badSetters.push(describeContainers(badContainers));

  const forbiddenAnnotations: string[] = [];
  for (const [key, value] of pod.annotations) {
    if (!key.startsWith(appArmorAnnotationPrefix) || isAllowedAppArmorAnnotationValue(value)) continue;
    forbiddenAnnotations.push(`${key}=${JSON.stringify(describeValue(value))}`);
    firstPath ??= ['metadata', 'annotations', key];
  }
  if (forbiddenAnnotations.length > 0) {
    badSetters.push(pluralize('annotation', 'annotations', forbiddenAnnotations.length));
  }

  if (firstPath === undefined) return undefined;
  const valueList = [...sortedUnique(badValues), ...sortedUnique(forbiddenAnnotations)];
  return {
    path: firstPath,
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    detail: `${badSetters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
  };
}

function describeProfileType(type: unknown): string {
  return isSet(type) ? describeValue(type) : '';
}

// ---------------------------------------------------------------- seLinuxOptions

const seLinuxTypesAllowedV1Dot0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const seLinuxTypesAllowedV1Dot31: ReadonlySet<string> = new Set([...seLinuxTypesAllowedV1Dot0, 'container_engine_t']);

function seLinuxOptionsCheck(allowedTypes: ReadonlySet<string>) {
  return (pod: PodView): CheckFailure | undefined => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    let firstPath: Path | undefined;

    // Returns the first offending field of one seLinuxOptions object, if any.
    const inspect = (options: JsonRecord, optionsPath: Path): Path | undefined => {
      let offending: Path | undefined;
      const type = stringOrEmpty(options['type']);
      if (type === undefined || !allowedTypes.has(type)) {
        badTypes.push(type ?? describeValue(options['type']));
        offending = [...optionsPath, 'type'];
      }
      if (stringOrEmpty(options['user']) !== '') {
        setUser = true;
        offending ??= [...optionsPath, 'user'];
      }
      if (stringOrEmpty(options['role']) !== '') {
        setRole = true;
        offending ??= [...optionsPath, 'role'];
      }
      return offending;
    };

    const badSetters: string[] = [];
    const podOptions = pod.podSecurityContext?.['seLinuxOptions'];
    if (isSet(podOptions)) {
      const offending = inspect(asRecord(podOptions) ?? {}, ['spec', 'securityContext', 'seLinuxOptions']);
      if (offending) {
        badSetters.push('pod');
        firstPath = offending;
      }
    }
    const badContainers: string[] = [];
    for (const container of pod.containers) {
      const options = container.securityContext?.['seLinuxOptions'];
      if (!isSet(options)) continue;
      const offending = inspect(asRecord(options) ?? {}, [...container.path, 'securityContext', 'seLinuxOptions']);
      if (offending) {
        badContainers.push(container.name);
        firstPath ??= offending;
      }
    }
    if (badContainers.length > 0) badSetters.push(describeContainers(badContainers));
    if (firstPath === undefined) return undefined;

    const problems: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length > 0) problems.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) problems.push('user may not be set');
    if (setRole) problems.push('role may not be set');
    return {
      path: firstPath,
      reason: 'seLinuxOptions',
      detail: `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${problems.join('; ')}`,
    };
  };
}

// ---------------------------------------------------------------- procMount

/** Only undefined/null or "Default" is accepted, for every container. */
export function procMountUnconditional(pod: PodView): CheckFailure | undefined {
  const badContainers: string[] = [];
  const forbiddenTypes: string[] = [];
  let firstPath: Path | undefined;
  for (const container of pod.containers) {
    const procMount = container.securityContext?.['procMount'];
    if (!isSet(procMount) || procMount === 'Default') continue;
    badContainers.push(container.name);
    forbiddenTypes.push(describeValue(procMount));
    firstPath ??= [...container.path, 'securityContext', 'procMount'];
  }
  if (firstPath === undefined) return undefined;
  return {
    path: firstPath,
    reason: 'procMount',
    detail:
      `${describeContainers(badContainers)} must not set securityContext.procMount to ` +
      joinQuote(sortedUnique(forbiddenTypes)),
  };
}

/**
 * From v1.35 a user-namespaced pod (hostUsers: false) may use any procMount under
 * baseline: its /proc is not the host's. Before v1.35 this relaxation hid behind a
 * perma-alpha feature gate, so the v1.0 revision never relaxes.
 */
function procMountV1Dot35(pod: PodView): CheckFailure | undefined {
  return pod.isUserNamespaced ? undefined : procMountUnconditional(pod);
}

// ---------------------------------------------------------------- seccompProfile_baseline

const seccompPodAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';
const seccompContainerAnnotationPrefix = 'container.seccomp.security.alpha.kubernetes.io/';

function isValidSeccompAnnotationValue(value: unknown): boolean {
  return (
    value === 'runtime/default' ||
    value === 'docker/default' ||
    (typeof value === 'string' && value.startsWith('localhost/'))
  );
}

export function isValidSeccompProfileType(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/**
 * Before policy v1.19 the seccomp fields did not exist, so the alpha annotations are
 * checked instead: the pod annotation, and the per-container annotation of each
 * container that actually exists (annotations naming no container are ignored).
 */
function seccompProfileBaselineV1Dot0(pod: PodView): CheckFailure | undefined {
  const forbidden: string[] = [];
  let firstPath: Path | undefined;
  const inspect = (key: string): void => {
    const { present, value } = annotationValue(pod, key);
    // A null annotation decodes to "" in Go, which is not a valid profile.
    if (!present || isValidSeccompAnnotationValue(value)) return;
    forbidden.push(`${key}=${JSON.stringify(isSet(value) ? describeValue(value) : '')}`);
    firstPath ??= ['metadata', 'annotations', key];
  };
  inspect(seccompPodAnnotation);
  for (const container of pod.containers) inspect(seccompContainerAnnotationPrefix + container.name);
  if (firstPath === undefined) return undefined;
  const annotations = sortedUnique(forbidden);
  return {
    path: firstPath,
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', annotations.length)} ${annotations.join(', ')}`,
  };
}

/** From v1.19 the securityContext.seccompProfile fields: if set, the type must be RuntimeDefault or Localhost. */
function seccompProfileBaselineV1Dot19(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  let firstPath: Path | undefined;
  const podProfile = pod.podSecurityContext?.['seccompProfile'];
  if (isSet(podProfile)) {
    const type = asRecord(podProfile)?.['type'];
    if (!isValidSeccompProfileType(type)) {
      badSetters.push('pod');
      badValues.push(isSet(type) ? describeValue(type) : '');
      firstPath = ['spec', 'securityContext', 'seccompProfile', 'type'];
    }
  }
  const badContainers: string[] = [];
  for (const container of pod.containers) {
    const profile = container.securityContext?.['seccompProfile'];
    if (!isSet(profile)) continue;
    const type = asRecord(profile)?.['type'];
    if (isValidSeccompProfileType(type)) continue;
    badContainers.push(container.name);
    badValues.push(isSet(type) ? describeValue(type) : '');
    firstPath ??= [...container.path, 'securityContext', 'seccompProfile', 'type'];
  }
  if (badContainers.length > 0) badSetters.push(describeContainers(badContainers));
  if (firstPath === undefined) return undefined;
  return {
    path: firstPath,
    reason: 'seccompProfile',
    detail:
      `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ` +
      joinQuote(sortedUnique(badValues)),
  };
}

// ---------------------------------------------------------------- sysctls

/** The namespaced sysctls the Pod Security Standards call safe, by the minor version that added them. */
const safeSysctlsSince: readonly (readonly [number, readonly string[]])[] = [
  [0, ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

/** The safe sysctls at a Kubernetes minor version (shared with NSA-POD-019). */
export function safeSysctls(minor: number): ReadonlySet<unknown> {
  let safe = safeSysctlsByMinor.get(minor);
  if (!safe) {
    safe = new Set(safeSysctlsSince.filter(([since]) => minor >= since).flatMap(([, names]) => names));
    safeSysctlsByMinor.set(minor, safe);
  }
  return safe;
}

const safeSysctlsByMinor = new Map<number, ReadonlySet<unknown>>();

function sysctlsCheck(allowed: ReadonlySet<unknown>) {
  return (pod: PodView): CheckFailure | undefined => {
    const forbidden: string[] = [];
    let firstPath: Path | undefined;
    asArray(pod.podSecurityContext?.['sysctls']).forEach((entry, index) => {
      const name = asRecord(entry)?.['name'];
      if (allowed.has(name)) return;
      forbidden.push(isSet(name) ? describeValue(name) : '');
      firstPath ??= ['spec', 'securityContext', 'sysctls', index, 'name'];
    });
    if (firstPath === undefined) return undefined;
    return { path: firstPath, reason: 'forbidden sysctls', detail: forbidden.join(', ') };
  };
}

// ---------------------------------------------------------------- windowsHostProcess

function windowsHostProcessV1Dot0(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  let firstPath: Path | undefined;
  if (isTrueLike(asRecord(pod.podSecurityContext?.['windowsOptions'])?.['hostProcess'])) {
    badSetters.push('pod');
    firstPath = ['spec', 'securityContext', 'windowsOptions', 'hostProcess'];
  }
  const badContainers: string[] = [];
  for (const container of pod.containers) {
    if (!isTrueLike(asRecord(container.securityContext?.['windowsOptions'])?.['hostProcess'])) continue;
    badContainers.push(container.name);
    firstPath ??= [...container.path, 'securityContext', 'windowsOptions', 'hostProcess'];
  }
  if (badContainers.length > 0) badSetters.push(describeContainers(badContainers));
  if (firstPath === undefined) return undefined;
  return {
    path: firstPath,
    reason: 'hostProcess',
    detail: `${badSetters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
  };
}

// ---------------------------------------------------------------- registry entries

export const baselineChecks: readonly PssCheckDefinition[] = [
  { id: 'hostNamespaces', level: 'baseline', versions: [{ sinceMinor: 0, check: hostNamespacesV1Dot0 }] },
  { id: 'privileged', level: 'baseline', versions: [{ sinceMinor: 0, check: privilegedV1Dot0 }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ sinceMinor: 0, check: capabilitiesBaselineV1Dot0 }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ sinceMinor: 0, check: hostPathVolumesV1Dot0 }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ sinceMinor: 0, check: hostPortsV1Dot0 }] },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    versions: [{ sinceMinor: 34, check: hostProbesAndHostLifecycleV1Dot34 }],
  },
  { id: 'appArmorProfile', level: 'baseline', versions: [{ sinceMinor: 0, check: appArmorProfileV1Dot0 }] },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    versions: [
      { sinceMinor: 0, check: seLinuxOptionsCheck(seLinuxTypesAllowedV1Dot0) },
      { sinceMinor: 31, check: seLinuxOptionsCheck(seLinuxTypesAllowedV1Dot31) },
    ],
  },
  {
    id: 'procMount',
    level: 'baseline',
    versions: [
      { sinceMinor: 0, check: procMountUnconditional },
      { sinceMinor: 35, check: procMountV1Dot35 },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    versions: [
      { sinceMinor: 0, check: seccompProfileBaselineV1Dot0 },
      { sinceMinor: 19, check: seccompProfileBaselineV1Dot19 },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { sinceMinor: 0, check: sysctlsCheck(safeSysctls(0)) },
      { sinceMinor: 27, check: sysctlsCheck(safeSysctls(27)) },
      { sinceMinor: 29, check: sysctlsCheck(safeSysctls(29)) },
      { sinceMinor: 32, check: sysctlsCheck(safeSysctls(32)) },
      { sinceMinor: 37, check: sysctlsCheck(safeSysctls(37)) },
    ],
  },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ sinceMinor: 0, check: windowsHostProcessV1Dot0 }] },
];
