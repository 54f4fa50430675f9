import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanWith, yaml } from '../../testing/control-tester.js';
import control from './user-namespaces.js';

test('NSA-POD-036 is an informational count of user-namespaced workloads, never passed', () => {
  const report = scanWith(
    control,
    yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec: {hostUsers: false, containers: [{name: app, image: nginx:1.27}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: b}
      spec: {containers: [{name: app, image: nginx:1.27}]}`,
  );
  const entry = report.controls.find((c) => c.id === 'NSA-POD-036');
  assert.equal(entry?.status, 'manual');
  assert.match(entry?.reason ?? '', /1 of 2 workloads run with hostUsers: false/);
  assert.deepEqual(report.findings, []);
});
