import { defineControl } from '../../core/control.js';
import { catalogFields } from '../../guidance/lookup.js';
import { intrusionDetectionImages, matchesAny, templateImages } from './known-agents.js';

export default defineControl({
  target: 'cluster',
  wholeClusterOnly: true,
  reads: ['apps/DaemonSet'],
  meta: {
    ...catalogFields('NSA-LOG-013'),
    slug: 'runtime-threat-detection',
    heuristic: true,
    rationale:
      'Audit logs show what was asked of the API server, not what runs inside the containers. The guidance asks to integrate an intrusion detection system that watches system calls and processes on every node, so that a shell in a container or a crypto-miner is noticed.',
    remediation: 'Deploy a runtime threat-detection DaemonSet (Falco, Tetragon, KubeArmor, Tracee or a vendor agent) and send its alerts to the SIEM.',
    messages: {
      noDetection: 'No DaemonSet in the cluster runs a known runtime threat-detection agent (Falco, Tetragon, KubeArmor, Tracee, vendor sensors).',
    },
    example: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: falco, namespace: falco}
spec:
  selector: {matchLabels: {app: falco}}
  template:
    metadata: {labels: {app: falco}}
    spec:
      containers: [{name: falco, image: docker.io/falcosecurity/falco:0.39.2}]
`,
  },
  *check(_cluster, { index }) {
    const found = index.list('apps/DaemonSet').some((ds) => templateImages(ds).some((image) => matchesAny(image, intrusionDetectionImages)));
    if (!found) yield { messageId: 'noDetection', path: [] };
  },
});
