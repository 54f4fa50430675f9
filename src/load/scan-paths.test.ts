import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import { jsonReporter } from '../reporters/json.js';
import { renderToString } from '../reporters/reporter.js';
import { repoRoot } from '../testing/shared-fixtures.js';
import { loadFiles } from './files.js';
import { scanPaths } from './scan-paths.js';

const root = repoRoot() as string;
const options = { controls: builtinControls, settings: defaultSettings, failOn: 'high' as const };

test('the streaming scan of paths gives the same report as scanning all resources at once', async () => {
  const paths = [join(root, 'examples')];
  const streamed = await scanPaths(paths, options);
  const loaded = await loadFiles(paths);
  const resources = loaded.files.flatMap((file) => parseManifests(file).resources);
  const whole = scan(resources, options);
  assert.ok(whole.findings.length > 100);
  assert.deepEqual(JSON.parse(renderToString(jsonReporter, streamed.report, { color: false })), JSON.parse(JSON.stringify(whole)));
  assert.equal(streamed.resources, resources.length);
});

test('the JSON reporter writes exactly the report', async () => {
  const { report } = await scanPaths([join(root, 'examples', 'insecure')], options);
  const text = renderToString(jsonReporter, report, { color: false });
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(report)));
  assert.ok(text.split('\n').length > report.findings.length, 'one finding per line');
});
