import { defineControl } from '../../core/control.js';
import { parseVersion } from '../../core/versions.js';
import { catalogFields } from '../../guidance/lookup.js';
import { nodeInfo, nodeInfoPath } from './components.js';

export default defineControl({
  target: 'resource',
  kinds: ['/Node'],
  reads: ['/Node'],
  meta: {
    ...catalogFields('NSA-UPG-001'),
    slug: 'supported-kubernetes-versions',
    rationale:
      'Kubernetes publishes security fixes only for its three newest minor releases. A node whose kubelet is older no longer gets patches, whatever else is hardened. The kubelet version is read from Node objects; the API server version (/version) and the kubelet/API server skew cannot be read from manifests, so they are not judged here.',
    remediation:
      'Upgrade the node (drain, upgrade kubelet, uncordon), one minor release at a time, to a version in the supported window (--supported-versions).',
    messages: {
      unsupported: 'Node {{node}} runs kubelet {{version}}, older than the oldest supported Kubernetes release v1.{{oldest}} (supported: v1.{{oldest}} to v1.{{newest}}).',
      newer: 'Node {{node}} runs kubelet {{version}}, newer than v1.{{newest}}, the newest release the supported window knows; widen --supported-versions if it is supported.',
      unreadable: 'Node {{node}} reports no readable kubelet version ({{version}}).',
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
    if (index.list('/Node').length > 0) return undefined;
    return {
      status: 'not-evaluated',
      reason:
        'no Node objects in the input (scan a live cluster or the output of kubectl get nodes -o yaml); the API server version and kubelet/API server skew cannot be read from manifests',
    };
  },
  *check(node, { settings }) {
    const { oldest, newest } = settings.supportedKubernetesMinors;
    const text = nodeInfo(node).kubeletVersion;
    const version = parseVersion(text);
    const data = { node: node.ref.name, version: text ?? 'none', oldest, newest };
    if (!version || version[0] !== 1 || version[1] === undefined) {
      yield { messageId: 'unreadable', data, path: nodeInfoPath('kubeletVersion'), status: 'warning' };
      return;
    }
    if (version[1] < oldest) yield { messageId: 'unsupported', data, path: nodeInfoPath('kubeletVersion') };
    else if (version[1] > newest) yield { messageId: 'newer', data, path: nodeInfoPath('kubeletVersion'), status: 'warning' };
  },
});
