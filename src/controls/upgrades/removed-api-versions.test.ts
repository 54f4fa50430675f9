import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import { removedApiFor, removedApis, resolveReplacement } from './data/api-lifecycle.js';
import control from './removed-api-versions.js';

const cronJob = (apiVersion: string): string => yaml`
  apiVersion: ${apiVersion}
  kind: CronJob
  metadata: {name: report}
  spec:
    schedule: "0 3 * * *"
    jobTemplate:
      spec:
        template:
          spec:
            restartPolicy: OnFailure
            containers: [{name: report, image: registry.example.com/report:1.4.2}]`;

const flowSchema = (version: string): string => yaml`
  apiVersion: flowcontrol.apiserver.k8s.io/${version}
  kind: FlowSchema
  metadata: {name: probes}
  spec:
    priorityLevelConfiguration: {name: exempt}`;

testControl(control, {
  valid: [
    { name: 'batch/v1 CronJob', manifest: cronJob('batch/v1') },
    { name: 'batch/v1beta1 CronJob on a target before its deprecation (v1.20)', settings: { pssVersion: { major: 1, minor: 20 } }, manifest: cronJob('batch/v1beta1') },
    { name: 'flowcontrol v1 FlowSchema', manifest: flowSchema('v1') },
    {
      name: 'apps/v1beta1 StatefulSet on a target before apps/v1 existed (kube-score: OK on 1.4)',
      settings: { pssVersion: { major: 1, minor: 4 } },
      manifest: yaml`
        apiVersion: apps/v1beta1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          template:
            spec:
              containers: [{name: db, image: postgres:16.4}]`,
    },
    {
      name: 'networking.k8s.io/v1 Ingress and a custom resource of the same kind name',
      manifest: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          defaultBackend: {service: {name: web, port: {number: 80}}}
        ---
        apiVersion: example.com/v1beta1
        kind: Ingress
        metadata: {name: custom}`,
    },
  ],
  invalid: [
    {
      name: 'extensions/v1beta1 Ingress, removed in v1.22',
      manifest: yaml`
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: web}
        spec:
          backend: {serviceName: web, servicePort: 80}`,
      findings: [{ messageId: 'removed', path: 'apiVersion', line: 1, column: 1 }],
    },
    {
      name: 'policy/v1beta1 PodSecurityPolicy, removed in v1.25',
      manifest: yaml`
        apiVersion: policy/v1beta1
        kind: PodSecurityPolicy
        metadata: {name: restricted}
        spec: {privileged: false}`,
      findings: [{ messageId: 'removed', path: 'apiVersion', line: 1 }],
    },
    { name: 'batch/v1beta1 CronJob on the latest version', manifest: cronJob('batch/v1beta1'), findings: [{ messageId: 'removed', path: 'apiVersion' }] },
    {
      name: 'batch/v1beta1 CronJob on v1.21, deprecated but served (kube-score: warning on 1.21)',
      settings: { pssVersion: { major: 1, minor: 21 } },
      manifest: cronJob('batch/v1beta1'),
      findings: [{ messageId: 'deprecated', path: 'apiVersion', status: 'warning', line: 1 }],
    },
    {
      name: 'flowcontrol v1beta3 on v1.31 (deprecated) next to v1beta2 (removed in v1.29)',
      settings: { pssVersion: { major: 1, minor: 31 } },
      manifest: flowSchema('v1beta3') + '---\n' + flowSchema('v1beta2'),
      findings: [
        { messageId: 'deprecated', path: 'apiVersion', status: 'warning', line: 1 },
        { messageId: 'removed', path: 'apiVersion', line: 7 },
      ],
    },
    { name: 'flowcontrol v1beta3 on v1.32, its removal', settings: { pssVersion: { major: 1, minor: 32 } }, manifest: flowSchema('v1beta3'), findings: [{ messageId: 'removed', path: 'apiVersion' }] },
    {
      name: 'storage.k8s.io/v1beta1 CSIStorageCapacity, removed in v1.27',
      settings: { pssVersion: { major: 1, minor: 27 } },
      manifest: yaml`
        apiVersion: storage.k8s.io/v1beta1
        kind: CSIStorageCapacity
        metadata: {name: zone-a, namespace: storage}
        storageClassName: fast`,
      findings: [{ messageId: 'removed', path: 'apiVersion' }],
    },
    {
      name: 'autoscaling/v2beta2 HPA on v1.25 (deprecated since v1.23, removed in v1.26)',
      settings: { pssVersion: { major: 1, minor: 25 } },
      manifest: yaml`
        apiVersion: autoscaling/v2beta2
        kind: HorizontalPodAutoscaler
        metadata: {name: web}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          maxReplicas: 5`,
      findings: [{ messageId: 'deprecated', path: 'apiVersion', status: 'warning' }],
    },
    {
      name: 'extensions/v1beta1 NetworkPolicy (kube-linter no-extensions-v1beta)',
      manifest: yaml`
        apiVersion: extensions/v1beta1
        kind: NetworkPolicy
        metadata: {name: deny}
        spec: {podSelector: {}}`,
      findings: [{ messageId: 'removed', path: 'apiVersion' }],
    },
    {
      name: 'apps/v1beta2 Deployment inside a List, located in its item',
      manifest: yaml`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: apps/v1
            kind: Deployment
            metadata: {name: current}
            spec:
              selector: {matchLabels: {app: a}}
              template:
                metadata: {labels: {app: a}}
                spec: {containers: [{name: a, image: nginx:1.27}]}
          - apiVersion: apps/v1beta2
            kind: Deployment
            metadata: {name: old}
            spec:
              template:
                spec: {containers: [{name: a, image: nginx:1.27}]}`,
      findings: [{ messageId: 'removed', path: 'apiVersion', line: 12, column: 5 }],
    },
  ],
});

describe('NSA-UPG-004 lifecycle table', () => {
  it('has one row per group/version/kind, each deprecated before its removal', () => {
    const keys = removedApis.map((a) => `${a.group}/${a.version}/${a.kind}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const api of removedApis) {
      assert.ok(api.deprecatedIn < api.removedIn, `${api.group}/${api.version} ${api.kind}`);
      assert.ok(api.replacementSince <= api.removedIn, `${api.group}/${api.version} ${api.kind} has a replacement before removal`);
    }
  });

  it('never recommends a replacement the target no longer serves', () => {
    for (const api of removedApis) {
      for (let target = api.deprecatedIn; target <= 40; target++) {
        const { replacement } = resolveReplacement(api, target);
        const row = removedApiFor(replacement, api.kind);
        assert.ok(!row || row.removedIn > target, `${api.group}/${api.version} ${api.kind} at v1.${target} → ${replacement}`);
      }
    }
  });

  it('follows a chain of deprecations to the version the target serves', () => {
    const v1beta1 = removedApiFor('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema');
    assert.ok(v1beta1);
    assert.deepEqual(resolveReplacement(v1beta1, 24), { replacement: 'flowcontrol.apiserver.k8s.io/v1beta2', since: 23 });
    assert.deepEqual(resolveReplacement(v1beta1, 27), { replacement: 'flowcontrol.apiserver.k8s.io/v1beta3', since: 26 });
    assert.deepEqual(resolveReplacement(v1beta1, 37), { replacement: 'flowcontrol.apiserver.k8s.io/v1', since: 29 });
  });

  it('covers every release of the migration guide', () => {
    assert.deepEqual([...new Set(removedApis.map((a) => a.removedIn))].sort((a, b) => a - b), [16, 22, 25, 26, 27, 29, 32]);
  });

  it('names the replacement and the removal version in a deprecation warning', () => {
    const report = scanWith(control, cronJob('batch/v1beta1'), { pssVersion: { major: 1, minor: 23 } });
    assert.equal(
      report.findings[0]?.message,
      'batch/v1beta1 CronJob is deprecated since v1.21 and removed in v1.25; use batch/v1 (available since v1.21).',
    );
  });
});
