import { imageRegistry, parseImageReference } from '../../../core/images.js';

/**
 * Web consoles that run inside the cluster with their own (often broad) service account: left deployed,
 * they are an entry point to the API with cluster-wide rights (the 2018 Tesla cryptojacking came through
 * an exposed Kubernetes Dashboard). Recognised by the repository of their published images.
 */
export interface AdminUi {
  readonly name: string;
  readonly repositories: RegExp;
}

export const adminUis: readonly AdminUi[] = [
  {
    name: 'Kubernetes Dashboard',
    repositories:
      /^(kubernetesui\/(dashboard|dashboard-api|dashboard-web|dashboard-auth)|(.+\/)?kubernetes-dashboard-(amd64|arm64|arm|ppc64le|s390x))$/,
  },
  { name: 'Weave Scope', repositories: /^weaveworks\/scope$/ },
  { name: 'Kubernetes Operational View', repositories: /^hjacobs\/kube-ops-view$/ },
  { name: 'Skooner (k8dash)', repositories: /^(skooner-k8s\/skooner|herbrandson\/k8dash)$/ },
  { name: 'Headlamp', repositories: /^(headlamp-k8s\/headlamp|kubernetes-sigs\/headlamp)$/ },
  { name: 'Portainer', repositories: /^portainer\/(portainer|portainer-ce|portainer-ee|agent)$/ },
];

/** The service account the Kubernetes Dashboard manifests create, and whose rights a pod using it gets. */
export const dashboardServiceAccount = 'kubernetes-dashboard';

/** The admin UI an image belongs to, if any. */
export function adminUiOf(image: string): AdminUi | undefined {
  const name = parseImageReference(image).name.toLowerCase();
  const registry = imageRegistry(name);
  const repository = name.startsWith(registry + '/') ? name.slice(registry.length + 1) : name;
  return adminUis.find((ui) => ui.repositories.test(repository));
}
