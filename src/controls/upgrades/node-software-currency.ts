import { defineControl } from '../../core/control.js';
import { compareVersions, parseVersion } from '../../core/versions.js';
import type { NodeMinimums } from '../../engine/settings.js';
import { catalogFields } from '../../guidance/lookup.js';
import { nodeInfo, nodeInfoPath, type NodeInfo } from './components.js';

interface Shortfall {
  readonly field: keyof NodeInfo;
  readonly what: string;
  readonly value: string;
  readonly minimum: string;
}

export default defineControl({
  target: 'resource',
  kinds: ['/Node'],
  reads: ['/Node'],
  meta: {
    ...catalogFields('NSA-UPG-005'),
    slug: 'node-software-currency',
    rationale:
      'The guidance asks to keep the operating system, kernel and container runtime of the nodes patched: a container escape usually goes through one of them. Node status reports their versions; a version older than the supported minimum no longer gets fixes. Vendor kernels with backported fixes report their base version, so a kernel minimum judges the base release line.',
    remediation:
      'Move the nodes to a supported OS image, kernel and runtime (rebuild node pools from a current image rather than patching in place). Adjust the minimums with --min-kernel, --min-runtime and --min-os.',
    messages: {
      belowMinimum: 'Node {{node}} runs {{what}} {{value}}, below the minimum {{minimum}}.',
    },
    example: `apiVersion: v1
kind: Node
metadata:
  name: worker-1
status:
  nodeInfo:
    kubeletVersion: v1.36.2
    osImage: Ubuntu 24.04.2 LTS
    kernelVersion: 6.8.0-1021-aws
    containerRuntimeVersion: containerd://2.1.4
`,
  },
  precondition({ index }) {
    if (index.list('/Node').length > 0) return undefined;
    return { status: 'not-evaluated', reason: 'no Node objects in the input (scan a live cluster or the output of kubectl get nodes -o yaml)' };
  },
  *check(node, { settings }) {
    for (const shortfall of shortfalls(nodeInfo(node), settings.nodeMinimums)) {
      yield {
        messageId: 'belowMinimum',
        data: { node: node.ref.name, what: shortfall.what, value: shortfall.value, minimum: shortfall.minimum },
        path: nodeInfoPath(shortfall.field),
      };
    }
  },
});

function shortfalls(info: NodeInfo, minimums: NodeMinimums): Shortfall[] {
  const found: Shortfall[] = [];
  const below = (text: string, minimum: string): boolean => {
    const version = parseVersion(text);
    const floor = parseVersion(minimum);
    return !!version && !!floor && compareVersions(version, floor) < 0;
  };
  const windows = info.operatingSystem?.toLowerCase() === 'windows';
  if (info.kernelVersion && !windows && below(info.kernelVersion, minimums.kernel)) {
    found.push({ field: 'kernelVersion', what: 'Linux kernel', value: info.kernelVersion, minimum: minimums.kernel });
  }
  const runtime = /^([A-Za-z0-9.+-]+):\/\/(.+)$/.exec(info.containerRuntimeVersion ?? '');
  if (runtime?.[1] && runtime[2]) {
    const name = runtime[1].toLowerCase();
    const minimum = Object.entries(minimums.runtimes).find(([key]) => key.toLowerCase() === name)?.[1];
    if (minimum && below(runtime[2], minimum)) {
      found.push({ field: 'containerRuntimeVersion', what: name, value: runtime[2], minimum: `${name} ${minimum}` });
    }
  }
  if (info.osImage) {
    for (const [distribution, minimum] of Object.entries(minimums.operatingSystems)) {
      const version = osVersion(info.osImage, distribution);
      if (version === undefined) continue;
      if (below(version, minimum)) found.push({ field: 'osImage', what: 'OS image', value: info.osImage, minimum: `${distribution} ${minimum}` });
      break;
    }
  }
  return found;
}

/** `Ubuntu 22.04.4 LTS` with `Ubuntu` → `22.04.4`; undefined unless the image starts with the name and a version. */
function osVersion(osImage: string, distribution: string): string | undefined {
  const image = osImage.trim();
  if (image.slice(0, distribution.length).toLowerCase() !== distribution.toLowerCase()) return undefined;
  return /^\s+v?(\d+(?:\.\d+)*)/.exec(image.slice(distribution.length))?.[1];
}
