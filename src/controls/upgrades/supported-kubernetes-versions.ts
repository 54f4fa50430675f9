import { defineControl } from '../../core/control.js';
import { parseVersion } from '../../core/versions.js';
import { catalogFields } from '../../guidance/lookup.js';
import { asRecord, asString } from '../../core/values.js';
import { nodeInfo, nodeInfoPath } from './components.js';

/**
 * The API server's /version, made into an object by a live cluster scan (`kubectl version` shows it):
 * `{gitVersion, major, minor}`. Files never hold one.
 */
export const API_SERVER_VERSION = 'kubeharden.io/ApiServerVersion';

/** Kubelets may be up to three minor releases older than the API server (version skew policy, v1.28+). */
const MAX_KUBELET_SKEW = 3;

export default defineControl({
  target: 'resource',
  kinds: ['/Node', API_SERVER_VERSION],
  reads: ['/Node', API_SERVER_VERSION],
  meta: {
    ...catalogFields('NSA-UPG-001'),
    slug: 'supported-kubernetes-versions',
    rationale:
      'Kubernetes publishes security fixes only for its three newest minor releases. A node whose kubelet is older no longer gets patches, whatever else is hardened. The kubelet version is read from Node objects; a live cluster scan also reads the API server version (/version) and judges it, and the kubelet/API server skew (at most three minor releases); manifests hold neither.',
    remediation:
      'Upgrade the node (drain, upgrade kubelet, uncordon), one minor release at a time, to a version in the supported window (--supported-versions).',
    messages: {
      unsupported: 'Node {{node}} runs kubelet {{version}}, older than the oldest supported Kubernetes release v1.{{oldest}} (supported: v1.{{oldest}} to v1.{{newest}}).',
      newer: 'Node {{node}} runs kubelet {{version}}, newer than v1.{{newest}}, the newest release the supported window knows; widen --supported-versions if it is supported.',
      unreadable: 'Node {{node}} reports no readable kubelet version ({{version}}).',
      apiServerUnsupported: 'The API server runs {{version}}, older than the oldest supported Kubernetes release v1.{{oldest}} (supported: v1.{{oldest}} to v1.{{newest}}).',
      apiServerNewer: 'The API server runs {{version}}, newer than v1.{{newest}}, the newest release the supported window knows; widen --supported-versions if it is supported.',
      skew: 'Node {{node}} runs kubelet {{version}}, {{skew}} minor releases behind the API server {{apiServer}}: more than the {{allowed}} the version skew policy allows.',
    },
    example: `apiVersion: v1
kind: Node
metadata:
  name: worker-1
status:
  nodeInfo:
    kubeletVersion: v1.36.2
`,
  },
  precondition({ index }) {
    if (index.list('/Node').length > 0 || index.list(API_SERVER_VERSION).length > 0) return undefined;
    return {
      status: 'not-evaluated',
      reason:
        'no Node objects in the input (scan a live cluster or the output of kubectl get nodes -o yaml); the API server version and kubelet/API server skew cannot be read from manifests',
    };
  },
  *check(node, { settings, index }) {
    const { oldest, newest } = settings.supportedKubernetesMinors;
    if (node.ref.kind === 'ApiServerVersion') {
      const version = asString(node.object['gitVersion']);
      const minor = parseVersion(version)?.[1];
      if (minor === undefined) return;
      const data = { version, oldest, newest };
      if (minor < oldest) yield { messageId: 'apiServerUnsupported', data, path: ['gitVersion'] };
      else if (minor > newest) yield { messageId: 'apiServerNewer', data, path: ['gitVersion'], status: 'warning' };
      return;
    }
    const text = nodeInfo(node).kubeletVersion;
    const version = parseVersion(text);
    const data = { node: node.ref.name, version: text ?? 'none', oldest, newest };
    if (!version || version[0] !== 1 || version[1] === undefined) {
      yield { messageId: 'unreadable', data, path: nodeInfoPath('kubeletVersion'), status: 'warning' };
      return;
    }
    if (version[1] < oldest) yield { messageId: 'unsupported', data, path: nodeInfoPath('kubeletVersion') };
    else if (version[1] > newest) yield { messageId: 'newer', data, path: nodeInfoPath('kubeletVersion'), status: 'warning' };
    const apiServer = asString(asRecord(index.list(API_SERVER_VERSION)[0]?.object)?.['gitVersion']);
    const apiMinor = parseVersion(apiServer)?.[1];
    if (apiServer && apiMinor !== undefined && apiMinor - version[1] > MAX_KUBELET_SKEW) {
      yield { messageId: 'skew', data: { ...data, apiServer, skew: apiMinor - version[1], allowed: MAX_KUBELET_SKEW }, path: nodeInfoPath('kubeletVersion') };
    }
  },
});
