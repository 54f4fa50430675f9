import type { CatalogEntry, Scope } from './types.js';

/** What each scope letter of the catalog means, for people reading a control's description. */
export const scopeNames: Readonly<Record<Scope, string>> = {
  M: 'manifest files',
  L: 'live cluster',
  CP: 'control-plane config files',
  N: 'node files',
  B: 'build files',
  CL: 'cloud provider APIs',
};

/** The evidence a scope stands for, as a scan's coverage reason names it. */
export const scopeEvidence: Readonly<Record<Scope, string>> = {
  M: 'manifests',
  L: 'a live cluster (scope L)',
  CP: 'control-plane configuration files (scope CP)',
  N: 'node files such as the kubelet configuration (scope N)',
  B: 'build files such as Dockerfiles (scope B)',
  CL: 'cloud provider APIs (scope CL)',
};

/** Why a catalog control without an implementation gives no verdict: the same words a scan report uses. */
export function notImplementedReason(entry: Pick<CatalogEntry, 'scope'>): string {
  if (entry.scope.includes('M')) return 'not implemented for manifests in this version';
  return `needs evidence from ${entry.scope.map((s) => scopeEvidence[s]).join(' or ')}`;
}

/** Where each scope's evidence comes from, for a control's description of what it needs. */
export const scopeSources: Readonly<Record<Scope, string>> = {
  M: 'Kubernetes manifests: YAML or JSON files, `helm template` output, Kustomize folders',
  L: 'a live cluster, read through the Kubernetes API',
  CP: 'control-plane configuration files: static pod manifests, EncryptionConfiguration, audit Policy, AdmissionConfiguration, kubeconfigs',
  N: 'node files: kubelet configuration and flags, file permissions',
  B: 'build files: Dockerfiles or image configuration',
  CL: "the cloud provider's cluster APIs (EKS, GKE, AKS), not in scope yet",
};
