import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './trusted-registries.js';

const pod = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    containers:
      - {name: a, image: registry.example.com/team/app:1.0}
      - {name: b, image: nginx:1.27}`;

testControl(control, {
  valid: [{ name: 'all images from trusted registries', settings: { trustedRegistries: ['registry.example.com', 'docker.io'] }, manifest: pod }],
  invalid: [
    {
      name: 'Docker Hub is not trusted',
      settings: { trustedRegistries: ['registry.example.com'] },
      manifest: pod,
      findings: [{ messageId: 'untrusted', path: 'spec.containers[1].image', line: 7, column: 17 }],
    },
  ],
});

test('NSA-POD-032 without a configured list is not evaluated and the report lists the images', () => {
  const report = scanWith(control, pod);
  assert.equal(report.controls.find((c) => c.id === 'NSA-POD-032')?.status, 'not-evaluated');
  assert.deepEqual(report.images.map((i) => [i.image, i.registry]), [
    ['nginx:1.27', 'docker.io'],
    ['registry.example.com/team/app:1.0', 'registry.example.com'],
  ]);
});
