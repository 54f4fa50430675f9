/**
 * Restricted-level checks, one per PSA policy/check_<id>.go. Some replace a baseline
 * check while the restricted level is evaluated (PSA's OverrideCheckIDs).
 */
import type { Path } from '../core/path.js';
import { asArray, asForbiddenValueList, asRecord, describeValue, isSet, isZeroLike, type PodView } from './podReader.js';
import {
  describeContainers,
  joinQuote,
  sortedUnique,
  pluralize,
  type CheckFailure,
  type PssCheckDefinition,
} from './checkTypes.js';
import { isValidSeccompProfileType, procMountUnconditional, volumeName } from './checksBaseline.js';

// ---------------------------------------------------------------- restrictedVolumes

/**
 * Volume sources restricted pods may NOT use. Everything else is allowed: configMap,
 * csi, downwardAPI, emptyDir, ephemeral, image (since PSA in Kubernetes 1.33),
 * persistentVolumeClaim, projected and secret.
 */
const restrictedVolumeSources = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

const restrictedSourceOrder: ReadonlyMap<string, number> = new Map(restrictedVolumeSources.map((source, i) => [source, i]));

/** The restricted source a volume sets, the first in list order when it sets several (a volume has two or three keys). */
function firstRestrictedSource(volume: Readonly<Record<string, unknown>>): (typeof restrictedVolumeSources)[number] | undefined {
  let best: number | undefined;
  for (const key of Object.keys(volume)) {
    const order = restrictedSourceOrder.get(key);
    if (order !== undefined && (best === undefined || order < best) && isSet(volume[key])) best = order;
  }
  return best === undefined ? undefined : restrictedVolumeSources[best];
}

/**
 * One revision since v1.0; the `image` source was patched into it (not version-gated),
 * so it is allowed at every policy version, as a current PSA does.
 */
function restrictedVolumesV1Dot0(pod: PodView): CheckFailure | undefined {
  const badVolumes: string[] = [];
  const badTypes: string[] = [];
  let firstPath: Path | undefined;
  asArray(pod.spec['volumes']).forEach((entry, index) => {
    const volume = asRecord(entry) ?? {};
    // PSA stops at the first allowed source; the API server rejects a volume with two
    // sources anyway, so here a restricted source wins to avoid hiding e.g. a hostPath.
    const restrictedSource = firstRestrictedSource(volume);
    // A volume naming no source at all is defaulted to emptyDir by the API server
    // (SetDefaults_Volume) before PSA sees it, so it is allowed too; the two lists
    // together cover every VolumeSource field, so PSA's "unknown" type cannot arise.
    if (restrictedSource === undefined) return;
    badVolumes.push(volumeName(volume));
    badTypes.push(restrictedSource);
    firstPath ??= ['spec', 'volumes', index, restrictedSource];
  });
  if (firstPath === undefined) return undefined;
  const types = sortedUnique(badTypes);
  return {
    path: firstPath,
    reason: 'restricted volume types',
    detail:
      `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} ` +
      `${pluralize('uses', 'use', badVolumes.length)} ` +
      `${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
  };
}

// ---------------------------------------------------------------- allowPrivilegeEscalation

function allowPrivilegeEscalationV1Dot8(pod: PodView): CheckFailure | undefined {
  const badContainers: string[] = [];
  let firstPath: Path | undefined;
  for (const container of pod.containers) {
    // Only an explicit boolean false passes: unset defaults to true in the kubelet.
    if (container.securityContext?.['allowPrivilegeEscalation'] === false) continue;
    badContainers.push(container.name);
    firstPath ??= [...container.path, 'securityContext', 'allowPrivilegeEscalation'];
  }
  if (firstPath === undefined) return undefined;
  return {
    path: firstPath,
    reason: 'allowPrivilegeEscalation != false',
    detail: `${describeContainers(badContainers)} must set securityContext.allowPrivilegeEscalation=false`,
  };
}

/** Windows pods are exempt from v1.25 (the field is Linux-only and API validation refuses it on Windows). */
function exemptingWindowsPods(check: (pod: PodView) => CheckFailure | undefined) {
  return (pod: PodView): CheckFailure | undefined => (pod.isWindows ? undefined : check(pod));
}

// ---------------------------------------------------------------- runAsNonRoot

function runAsNonRootV1Dot0(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  let firstExplicitPath: Path | undefined;
  let podRunAsNonRoot = false;
  const podValue = pod.podSecurityContext?.['runAsNonRoot'];
  if (isSet(podValue)) {
    if (podValue === true) {
      podRunAsNonRoot = true;
    } else {
      badSetters.push('pod');
      firstExplicitPath = ['spec', 'securityContext', 'runAsNonRoot'];
    }
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  for (const container of pod.containers) {
    const value = container.securityContext?.['runAsNonRoot'];
    if (isSet(value)) {
      if (value !== true) {
        explicitlyBad.push(container.name);
        firstExplicitPath ??= [...container.path, 'securityContext', 'runAsNonRoot'];
      }
    } else if (!podRunAsNonRoot) {
      implicitlyBad.push(container.name);
    }
  }
  if (explicitlyBad.length > 0) badSetters.push(describeContainers(explicitlyBad));

  if (firstExplicitPath !== undefined) {
    return {
      path: firstExplicitPath,
      reason: 'runAsNonRoot != true',
      detail: `${badSetters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      // Setting it once at pod level is the fix that covers every container.
      path: ['spec', 'securityContext', 'runAsNonRoot'],
      reason: 'runAsNonRoot != true',
      detail: `pod or ${describeContainers(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
    };
  }
  return undefined;
}

/**
 * From v1.35, pods in a user namespace (hostUsers: false) skip runAsNonRoot and
 * runAsUser: uid 0 in the container maps to an unprivileged host uid. Before v1.35
 * this was behind a perma-alpha feature gate, so older policy versions never relax.
 */
function skippingUserNamespacedPods(check: (pod: PodView) => CheckFailure | undefined) {
  return (pod: PodView): CheckFailure | undefined => (pod.isUserNamespaced ? undefined : check(pod));
}

// ---------------------------------------------------------------- runAsUser

function runAsUserV1Dot23(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  let firstPath: Path | undefined;
  if (isZeroLike(pod.podSecurityContext?.['runAsUser'])) {
    badSetters.push('pod');
    firstPath = ['spec', 'securityContext', 'runAsUser'];
  }
  const badContainers: string[] = [];
  for (const container of pod.containers) {
    if (!isZeroLike(container.securityContext?.['runAsUser'])) continue;
    badContainers.push(container.name);
    firstPath ??= [...container.path, 'securityContext', 'runAsUser'];
  }
  if (badContainers.length > 0) badSetters.push(describeContainers(badContainers));
  if (firstPath === undefined) return undefined;
  return { path: firstPath, reason: 'runAsUser=0', detail: `${badSetters.join(' and ')} must not set runAsUser=0` };
}

// ---------------------------------------------------------------- seccompProfile_restricted

function seccompProfileRestrictedV1Dot19(pod: PodView): CheckFailure | undefined {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  let firstExplicitPath: Path | undefined;
  let podSeccompSet = false;
  const podProfile = pod.podSecurityContext?.['seccompProfile'];
  if (isSet(podProfile)) {
    const type = asRecord(podProfile)?.['type'];
    if (isValidSeccompProfileType(type)) {
      podSeccompSet = true;
    } else {
      badSetters.push('pod');
      badValues.push(isSet(type) ? describeValue(type) : '');
      firstExplicitPath = ['spec', 'securityContext', 'seccompProfile', 'type'];
    }
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  for (const container of pod.containers) {
    const profile = container.securityContext?.['seccompProfile'];
    if (isSet(profile)) {
      const type = asRecord(profile)?.['type'];
      if (!isValidSeccompProfileType(type)) {
        explicitlyBad.push(container.name);
        badValues.push(isSet(type) ? describeValue(type) : '');
        firstExplicitPath ??= [...container.path, 'securityContext', 'seccompProfile', 'type'];
      }
    } else if (!podSeccompSet) {
      implicitlyBad.push(container.name);
    }
  }
  if (explicitlyBad.length > 0) badSetters.push(describeContainers(explicitlyBad));

  if (firstExplicitPath !== undefined) {
    return {
      path: firstExplicitPath,
      reason: 'seccompProfile',
      detail:
        `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ` +
        joinQuote(sortedUnique(badValues)),
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      path: ['spec', 'securityContext', 'seccompProfile', 'type'],
      reason: 'seccompProfile',
      detail:
        `pod or ${describeContainers(implicitlyBad)} must set ` +
        'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    };
  }
  return undefined;
}

// ---------------------------------------------------------------- capabilities_restricted

function capabilitiesRestrictedV1Dot22(pod: PodView): CheckFailure | undefined {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCapabilities: string[] = [];
  let firstMissingDropPath: Path | undefined;
  let firstForbiddenAddPath: Path | undefined;
  for (const container of pod.containers) {
    const capabilitiesPath: Path = [...container.path, 'securityContext', 'capabilities'];
    const capabilities = asRecord(container.securityContext?.['capabilities']);
    // The requirement is only met by a well-formed list containing exactly "ALL".
    if (!asArray(capabilities?.['drop']).includes('ALL')) {
      missingDropAll.push(container.name);
      firstMissingDropPath ??= [...capabilitiesPath, 'drop'];
    }
    const added = capabilities?.['add'];
    let containerAddsForbidden = false;
    asForbiddenValueList(added).forEach((capability, index) => {
      if (capability === 'NET_BIND_SERVICE') return;
      containerAddsForbidden = true;
      forbiddenCapabilities.push(describeValue(capability));
      firstForbiddenAddPath ??= Array.isArray(added) ? [...capabilitiesPath, 'add', index] : [...capabilitiesPath, 'add'];
    });
    if (containerAddsForbidden) addingForbidden.push(container.name);
  }
  const firstPath = firstMissingDropPath ?? firstForbiddenAddPath;
  if (firstPath === undefined) return undefined;
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${describeContainers(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${describeContainers(addingForbidden)} must not include ` +
        `${joinQuote(sortedUnique(forbiddenCapabilities))} in securityContext.capabilities.add`,
    );
  }
  return { path: firstPath, reason: 'unrestricted capabilities', detail: details.join('; ') };
}

// ---------------------------------------------------------------- registry entries

export const restrictedChecks: readonly PssCheckDefinition[] = [
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    versions: [{ sinceMinor: 0, check: restrictedVolumesV1Dot0, overrides: ['hostPathVolumes'] }],
  },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    // The field was added in Kubernetes 1.8.
    versions: [
      { sinceMinor: 8, check: allowPrivilegeEscalationV1Dot8 },
      { sinceMinor: 25, check: exemptingWindowsPods(allowPrivilegeEscalationV1Dot8) },
    ],
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    versions: [
      { sinceMinor: 0, check: runAsNonRootV1Dot0 },
      { sinceMinor: 35, check: skippingUserNamespacedPods(runAsNonRootV1Dot0) },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    versions: [
      { sinceMinor: 23, check: runAsUserV1Dot23 },
      { sinceMinor: 35, check: skippingUserNamespacedPods(runAsUserV1Dot23) },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { sinceMinor: 19, check: seccompProfileRestrictedV1Dot19, overrides: ['seccompProfile_baseline'] },
      {
        sinceMinor: 25,
        check: exemptingWindowsPods(seccompProfileRestrictedV1Dot19),
        overrides: ['seccompProfile_baseline'],
      },
    ],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { sinceMinor: 22, check: capabilitiesRestrictedV1Dot22, overrides: ['capabilities_baseline'] },
      {
        sinceMinor: 25,
        check: exemptingWindowsPods(capabilitiesRestrictedV1Dot22),
        overrides: ['capabilities_baseline'],
      },
    ],
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    // Keeps restricted strict once baseline's procMount relaxes for user-namespaced pods.
    versions: [{ sinceMinor: 35, check: procMountUnconditional, overrides: ['procMount'] }],
  },
];
