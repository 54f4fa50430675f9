import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './log-forwarding-agent.js';

const kubeSystem = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: coredns, namespace: kube-system}
  spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]}`;

const agent = (extra: string) => yaml`
  apiVersion: apps/v1
  kind: DaemonSet
  metadata: {name: fluent-bit, namespace: logging}
  spec:
    selector: {matchLabels: {app: fluent-bit}}
    template:
      metadata: {labels: {app: fluent-bit}}
      spec:
        tolerations: [{operator: Exists}]
        containers: [{name: fluent-bit, image: "cr.fluentbit.io/fluent/fluent-bit:3.2.4"}]
${extra}`;

testControl(control, {
  valid: [
    { name: 'a fluent-bit DaemonSet that tolerates every taint', manifest: `${kubeSystem}---\n${agent('')}` },
    {
      name: 'a mirrored Vector image, ready everywhere, tolerating the control-plane taint',
      manifest: `${kubeSystem}---\n${yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: vector, namespace: observability}
        spec:
          template:
            spec:
              tolerations: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule, operator: Exists}]
              containers: [{name: vector, image: "mirror.example.com/timberio/vector:0.43.1-distroless-libc"}]
        status: {desiredNumberScheduled: 3, numberReady: 3}`}`,
    },
  ],
  invalid: [
    {
      name: 'a cluster with no log shipper',
      manifest: kubeSystem,
      findings: [{ messageId: 'noAgent', path: '', kind: 'Cluster', located: false }],
    },
    {
      name: 'an agent that is not ready on every node',
      manifest: `${kubeSystem}---\n${agent('  status: {desiredNumberScheduled: 5, numberReady: 3}')}`,
      findings: [{ messageId: 'notReady', path: 'status.numberReady', kind: 'DaemonSet', line: 16, column: 37 }],
    },
    {
      name: 'an agent that skips control-plane nodes is a warning',
      manifest: `${kubeSystem}---\n${agent('').replace('tolerations: [{operator: Exists}]', 'tolerations: [{key: dedicated, operator: Exists}]')}`,
      findings: [{ messageId: 'noControlPlaneToleration', path: 'spec.template.spec.tolerations', kind: 'DaemonSet', status: 'warning' }],
    },
  ],
});

test('an application folder (no kube-system workloads) is not judged: the control is a cluster-wide heuristic', () => {
  const report = scanWith(control, agent('').replace('namespace: logging', 'namespace: shop'));
  assert.deepEqual(report.findings, []);
  const entry = report.controls.find((c) => c.id === 'NSA-LOG-010');
  assert.equal(entry?.status, 'not-evaluated');
  assert.match(entry?.reason ?? '', /does not look like a whole cluster/);
});
