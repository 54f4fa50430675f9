// A control's example is shown as the compliant way to write the resource: it must pass the control.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanWith } from '../testing/control-tester.js';
import { builtinControls } from './index.js';

describe('control examples', () => {
  for (const control of builtinControls.filter((c) => c.meta.example !== undefined)) {
    it(`${control.meta.id} ${control.meta.slug}: its example passes`, () => {
      const report = scanWith(control, control.meta.example as string);
      assert.deepEqual(report.findings.map((f) => f.message), []);
      assert.equal(report.controls.find((c) => c.id === control.meta.id)?.status, 'passed');
    });
  }
});
