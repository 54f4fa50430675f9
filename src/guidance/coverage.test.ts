// The report as an auditor's checklist: every catalog control with a verdict, and the manual checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import { catalog, manualChecks } from './catalog.js';

const input = parseManifests({
  path: 'app.yaml',
  text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers: [{name: a, image: x:1, securityContext: {privileged: true}}]\n',
}).resources;

describe('coverage of the catalog in a report', () => {
  const report = scan(input, { controls: builtinControls, settings: defaultSettings, failOn: 'high' });

  it('lists every catalog control once, in catalog order, with one of the four statuses', () => {
    assert.deepEqual(report.controls.map((c) => c.id), catalog.map((c) => c.id));
    for (const c of report.controls) assert.ok(['passed', 'failed', 'not-evaluated', 'manual'].includes(c.status), c.id);
    assert.equal(report.controls.find((c) => c.id === 'NSA-POD-006')?.status, 'failed');
  });

  it('says why a control is not evaluated or manual', () => {
    for (const c of report.controls.filter((c) => c.status === 'not-evaluated' || c.status === 'manual')) {
      assert.ok(c.reason && c.reason.length > 10, `${c.id} (${c.status}) has no reason`);
    }
    assert.equal(report.controls.find((c) => c.id === 'NSA-CP-011')?.reason, 'needs evidence from cloud provider APIs (scope CL)');
  });

  it('carries the manual checklist, whatever controls were selected', () => {
    assert.deepEqual(report.manualChecks, manualChecks);
    const narrowed = scan(input, { controls: builtinControls, settings: defaultSettings, failOn: 'high', only: new Set(['NSA-POD-006']) });
    assert.deepEqual(narrowed.controls.map((c) => c.id), ['NSA-POD-006']);
    assert.equal(narrowed.manualChecks.length, 23);
  });
});
