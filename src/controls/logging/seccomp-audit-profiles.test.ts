import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanWith, yaml } from '../../testing/control-tester.js';
import control from './seccomp-audit-profiles.js';

test('lists the workloads that use Localhost seccomp profiles, as a manual check with the inventory', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a, namespace: shop}
      spec:
        securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}}
        containers: [{name: app, image: nginx:1.27}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: b, namespace: shop}
      spec:
        containers:
          - name: app
            image: nginx:1.27
            securityContext: {seccompProfile: {type: RuntimeDefault}}`,
  );
  assert.deepEqual(report.findings, []);
  const entry = report.controls.find((c) => c.id === 'NSA-LOG-012');
  assert.equal(entry?.status, 'manual');
  assert.match(entry?.reason ?? '', /1 of 2 workloads use Localhost seccomp profiles: profiles\/audit\.json/);
});
