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
