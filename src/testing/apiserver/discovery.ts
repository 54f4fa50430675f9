// Discovery documents: the legacy per-group ones (APIVersions, APIGroupList, APIGroup, APIResourceList)
// and aggregated discovery (apidiscovery.k8s.io APIGroupDiscoveryList), which kubectl 1.30+ asks for first.
import { groupOrder, type ResourceType } from './registry.js';

function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Versions of a group, preferred first, as the union over its types. */
export function groupVersions(types: readonly ResourceType[], group: string): string[] {
  const versions: string[] = [];
  for (const type of types) if (type.group === group) for (const v of type.versions) if (!versions.includes(v)) versions.push(v);
  return versions;
}

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(types: readonly ResourceType[], group: string): Record<string, unknown> {
  const versions = groupVersions(types, group).map((version) => ({ groupVersion: groupVersion(group, version), version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(types: readonly ResourceType[]): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupOrder(types).map((group) => apiGroup(types, group)) };
}

export function apiGroupDocument(types: readonly ResourceType[], group: string): unknown | undefined {
  if (group === '' || !types.some((t) => t.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(types, group) };
}

export function apiResourceList(types: readonly ResourceType[], group: string, version: string): unknown | undefined {
  const served = types.filter((t) => t.group === group && t.versions.includes(version));
  if (served.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const type of [...served].sort((a, b) => (a.resource < b.resource ? -1 : 1))) {
    resources.push({
      name: type.resource,
      singularName: type.singularName,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs,
      ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    });
    for (const sub of type.subresources) {
      resources.push({
        name: `${type.resource}/${sub.name}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
        kind: sub.kind,
        verbs: sub.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
}

function discoveryGroup(types: readonly ResourceType[], group: string): Record<string, unknown> {
  const versions = groupVersions(types, group).map((version) => ({
    version,
    resources: types
      .filter((t) => t.group === group && t.versions.includes(version))
      .sort((a, b) => (a.resource < b.resource ? -1 : 1))
      .map((type) => ({
        resource: type.resource,
        responseKind: { group, version, kind: type.kind },
        scope: type.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: type.singularName,
        verbs: type.verbs,
        ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
        ...(type.categories.length > 0 ? { categories: type.categories } : {}),
        ...(type.subresources.length > 0
          ? {
              subresources: type.subresources.map((sub) => ({
                subresource: sub.name,
                responseKind: { group: sub.group ?? group, version: sub.version ?? version, kind: sub.kind },
                verbs: sub.verbs,
              })),
            }
          : {}),
      })),
    freshness: 'Current',
  }));
  return { metadata: group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null }, versions };
}

/** The aggregated discovery document of /api (core group only) or /apis (every other group). */
export function aggregatedDiscovery(types: readonly ResourceType[], legacy: boolean, apiVersion: 'v2' | 'v2beta1'): unknown {
  const groups = legacy ? [''] : groupOrder(types);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map((group) => discoveryGroup(types, group)),
  };
}
