import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import { renderToString } from './reporter.js';
import { tableReporter } from './table.js';

const report = scan(
  parseManifests({ path: 'p.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x:1, securityContext: {privileged: true}}]\n' }).resources,
  { controls: builtinControls, settings: defaultSettings, failOn: 'high' },
);

test('the table uses ANSI colours only when asked to', () => {
  assert.ok(renderToString(tableReporter, report, { color: true }).includes('\u001b[35mcritical'));
  assert.ok(!renderToString(tableReporter, report, { color: false }).includes('\u001b['));
});

test('the table shows position, severity, control, resource and message of each finding', () => {
  const text = renderToString(tableReporter, report, { color: false });
  assert.match(text, /^ {2}5:56 +critical NSA-POD-006 +Pod\/p {2}Container "a" runs privileged\.$/m);
});

test('the table ends with the coverage of each guidance section, then the manual checklist count', () => {
  const lines = renderToString(tableReporter, report, { color: false }).trimEnd().split('\n');
  const header = lines.findIndex((l) => l.startsWith('Coverage by guidance section'));
  assert.ok(header > 0, 'no coverage header');
  assert.match(lines[header] ?? '', /passed +failed +not evaluated +manual +score$/);
  const sections = [...new Set(report.controls.map((c) => c.section))];
  assert.equal(sections.length, 7);
  const rows = lines.slice(header + 1, header + 1 + sections.length);
  for (const [i, section] of sections.entries()) {
    const of = report.controls.filter((c) => c.section === section);
    const count = (status: string) => of.filter((c) => c.status === status).length;
    const [passed, failed] = [count('passed'), count('failed')];
    const score = passed + failed === 0 ? 'n/a' : `${Math.round((passed / (passed + failed)) * 1000) / 10}%`;
    const cells = (rows[i] ?? '').slice(2).split(/ {2,}/);
    assert.deepEqual(cells, [section, ...[passed, failed, count('not-evaluated'), count('manual')].map(String), score]);
  }
  assert.match(rows[0] ?? '', /^ {2}Kubernetes Pod security +\d+ +[1-9]\d* /, 'the failed Pod security control is counted');
  assert.equal(lines.length, header + 1 + sections.length + 1, 'the manual checklist line is last');
  assert.equal(
    lines.at(-1),
    'Manual checks: 23 guidance recommendations no scan can prove; run `kubeharden explain --manual` for the checklist (manualChecks in the JSON report).',
  );
});

test('the coverage shows only the sections of the selected controls', () => {
  const narrowed = scan(
    parseManifests({ path: 'p.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x:1}]\n' }).resources,
    { controls: builtinControls, settings: defaultSettings, failOn: 'high', only: new Set(['NSA-POD-009', 'NSA-NET-004']) },
  );
  const text = renderToString(tableReporter, narrowed, { color: false });
  assert.match(text, /^ {2}Kubernetes Pod security +1 +0 +0 +0 +100%$/m);
  assert.match(text, /^ {2}Network separation and hardening +0 +0 +1 +0 +n\/a$/m);
  assert.ok(!text.includes('Control plane hardening'));
});
