import { defineControl } from '../../core/control.js';
import { asArray, asNumber, asRecord, asString } from '../../core/values.js';
import { catalogFields } from '../../guidance/lookup.js';
import { logShipperImages, matchesAny, templateImages } from './known-agents.js';
import type { Resource } from '../../core/resource.js';

const controlPlaneTaints = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

export default defineControl({
  target: 'cluster',
  wholeClusterOnly: true,
  reads: ['apps/DaemonSet'],
  meta: {
    ...catalogFields('NSA-LOG-010'),
    slug: 'log-forwarding-agent',
    heuristic: true,
    rationale:
      'Container logs live on the node and vanish with the pod, or with the node. The guidance asks for a logging agent on every node, run as a DaemonSet, that ships logs to a store outside the cluster where an attacker cannot erase them.',
    remediation: 'Deploy a log-forwarding DaemonSet (fluent-bit, Vector, the OpenTelemetry collector, a vendor agent) that runs on every node, control-plane nodes included.',
    messages: {
      noAgent: 'No DaemonSet in the cluster runs a known log shipper (fluent-bit, fluentd, Vector, Filebeat, Promtail, Alloy, the OpenTelemetry collector, vendor agents).',
      notReady: 'Log agent DaemonSet "{{name}}" runs on {{ready}} of {{desired}} nodes: the other nodes ship no logs.',
      noControlPlaneToleration: 'Log agent DaemonSet "{{name}}" does not tolerate the control-plane taint, so control-plane nodes ship no logs (fine on managed clusters, whose control plane you do not run).',
    },
    example: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluent-bit, namespace: logging}
spec:
  selector: {matchLabels: {app: fluent-bit}}
  template:
    metadata: {labels: {app: fluent-bit}}
    spec:
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers: [{name: fluent-bit, image: cr.fluentbit.io/fluent/fluent-bit:3.2.4}]
`,
  },
  *check(_cluster, { index }) {
    const agents = index.list('apps/DaemonSet').filter((ds) => templateImages(ds).some((image) => matchesAny(image, logShipperImages)));
    if (agents.length === 0) {
      yield { messageId: 'noAgent', path: [] };
      return;
    }
    for (const agent of agents) {
      const status = asRecord(agent.object['status']);
      const desired = asNumber(status?.['desiredNumberScheduled']);
      const ready = asNumber(status?.['numberReady']);
      if (desired !== undefined && ready !== undefined && ready < desired) {
        yield { messageId: 'notReady', data: { name: agent.ref.name, ready, desired }, path: ['status', 'numberReady'], subject: agent };
      }
      if (!toleratesControlPlane(agent)) {
        yield {
          messageId: 'noControlPlaneToleration',
          data: { name: agent.ref.name },
          path: ['spec', 'template', 'spec', 'tolerations'],
          subject: agent,
          status: 'warning',
        };
      }
    }
  },
});

function toleratesControlPlane(daemonSet: Resource): boolean {
  const podSpec = asRecord(asRecord(asRecord(daemonSet.object['spec'])?.['template'])?.['spec']);
  return asArray(podSpec?.['tolerations']).some((entry) => {
    const toleration = asRecord(entry);
    const key = asString(toleration?.['key']);
    const operator = asString(toleration?.['operator']) ?? 'Equal';
    // An empty key with operator Exists tolerates every taint.
    if (key === undefined || key === '') return operator === 'Exists';
    return controlPlaneTaints.includes(key);
  });
}
