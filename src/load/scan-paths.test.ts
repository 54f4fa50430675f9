import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

test('documents the index pass skips by their text are still judged the same as in a whole scan', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubeharden-index-text-'));
  try {
    // The binary's name is spelled with a YAML escape: the text filter must not skip this control-plane Pod.
    await writeFile(
      join(dir, 'escaped-apiserver.yaml'),
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: control-plane-1, namespace: kube-system}',
        'spec:',
        '  containers:',
        '    - name: main',
        '      image: "registry.k8s.io/kube-\\x61piserver:v1.33.1"',
        '      command: ["kube-\\x61piserver", "--anonymous-auth=true", "--authorization-mode=AlwaysAllow"]',
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: app, namespace: shop}',
        'data: {LOG_LEVEL: info}',
      ].join('\n'),
    );
    const paths = [dir, join(root, 'test', 'fixtures', 'nodes', 'kubeadm-default', 'etc', 'kubernetes', 'manifests')];
    const streamed = await scanPaths(paths, options);
    const loaded = await loadFiles(paths);
    const whole = scan(loaded.files.flatMap((file) => parseManifests(file).resources), options);
    assert.deepEqual(JSON.parse(JSON.stringify(streamed.report)), JSON.parse(JSON.stringify(whole)));
    const onEscaped = streamed.report.findings.filter((f) => f.resource.name === 'control-plane-1' && f.controlId.startsWith('NSA-CP-'));
    assert.ok(onEscaped.length > 0, 'the control-plane controls judged the escaped Pod');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
