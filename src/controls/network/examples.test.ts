import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../index.js';
import { scanWith } from '../../testing/control-tester.js';

describe('the compliant examples of the network and control-plane controls', () => {
  for (const control of builtinControls.filter((c) => /^NSA-(NET|CP)-/.test(c.meta.id))) {
    it(`${control.meta.id} passes its own example`, () => {
      assert.ok(control.meta.example, 'has an example');
      const report = scanWith(control, control.meta.example);
      assert.deepEqual(report.findings.map((f) => f.message), []);
      assert.equal(report.controls.find((c) => c.id === control.meta.id)?.status, 'passed');
    });
  }
});
