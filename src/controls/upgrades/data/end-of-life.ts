import { imageRegistry, parseImageReference } from '../../../core/images.js';
import { isIngressNginxImage } from '../components.js';

/**
 * Components whose project no longer publishes fixes (NSA-UPG-003), recognised by image. Each entry
 * cites the end-of-life statement it relies on.
 */
export interface EndOfLifeComponent {
  readonly name: string;
  /** When and how support ended, as the message says it. */
  readonly ended: string;
  readonly replacement: string;
  readonly matches: (image: string) => boolean;
}

/** The repository path of an image without registry, tag or digest, lower-cased: `kubernetesui/dashboard`. */
function repository(image: string): string {
  const name = parseImageReference(image).name.toLowerCase();
  const registry = imageRegistry(name);
  const withoutRegistry = name.startsWith(registry + '/') ? name.slice(registry.length + 1) : name;
  return withoutRegistry.startsWith('library/') ? withoutRegistry.slice('library/'.length) : withoutRegistry;
}

const frozenRegistries = new Set(['k8s.gcr.io', 'gcr.io/google-containers', 'gcr.io/google_containers']);

export const endOfLifeComponents: readonly EndOfLifeComponent[] = [
  {
    name: 'community ingress-nginx',
    ended: 'retired by Kubernetes SIG Network: best-effort maintenance ended in March 2026, with no further releases or security fixes',
    replacement: 'a Gateway API implementation or another maintained ingress controller',
    matches: isIngressNginxImage,
  },
  {
    name: 'Kubernetes Dashboard',
    ended: 'archived on 2026-01-21 (kubernetes-retired/dashboard) and no longer maintained',
    replacement: 'Headlamp (kubernetes-sigs/headlamp), or kubectl with RBAC-scoped access',
    matches: (image) => {
      const repo = repository(image);
      return (
        /^kubernetesui\/(dashboard|dashboard-api|dashboard-web|dashboard-auth|dashboard-metrics-scraper|metrics-scraper)$/.test(repo) ||
        /(^|\/)kubernetes-dashboard-(amd64|arm64|arm|ppc64le|s390x)$/.test(repo)
      );
    },
  },
  {
    name: 'Weave Net / Weave Scope',
    ended: 'abandoned when Weaveworks shut down in February 2024; the repositories are archived',
    replacement: 'a maintained CNI plugin (Calico, Cilium) and observability stack',
    matches: (image) => /^(weaveworks\/(weave-kube|weave-npc|weaveexec|scope)|weaveworks\/launcher\/(weave-kube|weave-npc))$/.test(repository(image)),
  },
  {
    name: 'Helm 2 Tiller',
    ended: 'out of support since November 2020 (Helm 2 end of life)',
    replacement: 'Helm 3, which needs no in-cluster component',
    matches: (image) => /(^|\/)tiller$/.test(repository(image)) && /helm/.test(parseImageReference(image).name.toLowerCase()),
  },
  {
    name: 'the k8s.gcr.io registry',
    ended: 'frozen since April 2023: no image there receives new tags or patches',
    replacement: 'the same image from registry.k8s.io, at a current version',
    matches: (image) => {
      const name = parseImageReference(image).name.toLowerCase();
      return [...frozenRegistries].some((registry) => name.startsWith(registry + '/'));
    },
  },
];
