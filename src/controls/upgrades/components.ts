import { parseImageReference } from '../../core/images.js';
import type { Resource } from '../../core/resource.js';
import { asRecord, asString } from '../../core/values.js';
import { parseVersion, type Version } from '../../core/versions.js';

/**
 * The community ingress-nginx controller (kubernetes/ingress-nginx), as published and as commonly
 * repackaged: `registry.k8s.io/ingress-nginx/controller` (and `-chroot`), the frozen `k8s.gcr.io` copy,
 * mirrors keeping the `ingress-nginx/controller` path, and builds named `nginx-ingress-controller`
 * (quay.io/kubernetes-ingress-controller before v0.33, Bitnami, Rancher, AKS) or `ingress-nginx-controller`.
 * A bare `nginx-controller` counts too, as Kubescape counts it. F5's NGINX Ingress Controller
 * (`nginx/nginx-ingress`, `nginx-plus-ingress`) is a different project and does not match.
 */
export function isIngressNginxImage(image: string): boolean {
  const segments = parseImageReference(image).name.toLowerCase().split('/');
  const last = segments[segments.length - 1] ?? '';
  const parent = segments[segments.length - 2];
  if (parent === 'ingress-nginx' && (last === 'controller' || last === 'controller-chroot')) return true;
  return last === 'nginx-ingress-controller' || last === 'ingress-nginx-controller' || last === 'nginx-controller';
}

/** The version in an image tag (`v1.11.3`, `1.9.4-debian-11-r0`, `nginx-1.9.4-rancher1`), or undefined. */
export function imageTagVersion(image: string): Version | undefined {
  const tag = parseImageReference(image).tag;
  return tag === undefined ? undefined : parseVersion(tag);
}

/** `status.nodeInfo` of a Node object, read defensively. */
export interface NodeInfo {
  readonly kubeletVersion?: string;
  readonly kernelVersion?: string;
  readonly osImage?: string;
  readonly containerRuntimeVersion?: string;
  readonly operatingSystem?: string;
}

export function nodeInfo(node: Resource): NodeInfo {
  const info = asRecord(asRecord(node.object['status'])?.['nodeInfo']) ?? {};
  const field = (name: string): Record<string, string> => {
    const value = asString(info[name])?.trim();
    return value ? { [name]: value } : {};
  };
  return {
    ...field('kubeletVersion'),
    ...field('kernelVersion'),
    ...field('osImage'),
    ...field('containerRuntimeVersion'),
    ...field('operatingSystem'),
  };
}

/** Where each nodeInfo field is, for findings. */
export const nodeInfoPath = (field: keyof NodeInfo): readonly string[] => ['status', 'nodeInfo', field];
