import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { parseManifests } from '../parse/manifests.js';
import { conformanceDir } from '../testing/shared-fixtures.js';
import { fixFiles } from './run.js';

/** Manifests written by other projects' authors, in every style they use. */
const corpora: readonly [string, string][] = [
  ['polaris', 'test'],
  ['kube-linter', 'tests'],
  ['pod-security-admission', join('test', 'testdata', 'restricted', 'v1.37')],
];

function* manifests(dir: string): Iterable<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* manifests(path);
    else if (/\.(ya?ml|json)$/.test(name)) yield path;
  }
}

const only = new Set(builtinControls.filter((c) => c.meta.fixable).map((c) => c.meta.id as string));

describe('fixing other projects\' fixtures', () => {
  for (const [project, folder] of corpora) {
    const root = conformanceDir(project);
    const dir = root && join(root, folder);
    it(`${project}: every fixed file parses to the same resources, and fixing again changes nothing`, { skip: dir && existsSync(dir) ? false : `../shared/conformance/${project} is not here` }, () => {
      let fixed = 0;
      for (const path of manifests(dir as string)) {
        const text = readFileSync(path, 'utf8');
        const before = parseManifests({ path, text });
        if (before.errors.length > 0 || before.resources.length === 0) continue;
        const result = fixFiles([{ path, text }], { controls: builtinControls, only, settings: defaultSettings });
        assert.deepEqual(result.errors, [], path);
        const after = result.files[0]?.after;
        if (after === undefined) continue;
        fixed++;
        const parsed = parseManifests({ path, text: after });
        assert.deepEqual(parsed.errors, [], `${path} no longer parses:\n${after}`);
        assert.deepEqual(parsed.resources.map((r) => r.id), before.resources.map((r) => r.id), path);
        assert.deepEqual(fixFiles([{ path, text: after }], { controls: builtinControls, only, settings: defaultSettings }).files, [], `${path} is not stable`);
      }
      assert.ok(fixed > 0);
    });
  }
});
