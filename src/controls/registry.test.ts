// Meta-tests over the control registry, in the style of typescript-eslint's docs tests.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalog } from '../guidance/catalog.js';
import { repoRoot } from '../testing/shared-fixtures.js';
import { builtinControls } from './index.js';

const root = repoRoot();
const controlsFolder = join(root ?? '.', 'src', 'controls');
const familyFolders = readdirSync(controlsFolder, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => join(controlsFolder, e.name));

describe('control registry', () => {
  it('has unique IDs and slugs, every ID in the catalog', () => {
    const ids = builtinControls.map((c) => c.meta.id);
    const slugs = builtinControls.map((c) => c.meta.slug);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(slugs).size, slugs.length);
    const catalogIds = new Set(catalog.map((c) => c.id));
    for (const id of ids) assert.ok(catalogIds.has(id), `${id} is not in the catalog`);
  });

  it('names each control file after its slug, with a test next to it', () => {
    for (const { meta } of builtinControls) {
      assert.match(meta.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      const folder = familyFolders.find((f) => existsSync(join(f, `${meta.slug}.ts`)));
      assert.ok(folder, `${meta.slug}.ts in a family folder of src/controls`);
      assert.ok(existsSync(join(folder, `${meta.slug}.test.ts`)), `${meta.slug}.test.ts`);
    }
  });

  it('implements every Pod security control whose scope includes manifests', () => {
    const implemented = new Set(builtinControls.map((c) => c.meta.id as string));
    const missing = catalog.filter((c) => c.family === 'POD' && (c.scope as readonly string[]).includes('M') && !implemented.has(c.id));
    assert.deepEqual(missing.map((c) => c.id), []);
  });

  it('has complete metadata and well-formed messages', () => {
    for (const { meta } of builtinControls) {
      for (const field of ['title', 'section', 'guidance', 'rationale', 'remediation'] as const) {
        assert.ok(meta[field].length > 10, `${meta.id} ${field}`);
      }
      for (const [id, message] of Object.entries(meta.messages as Record<string, string>)) {
        assert.match(message, /\.$/, `${meta.id} message ${id} ends with a period`);
        assert.match(id, /^[a-z][A-Za-z]+$/, `${meta.id} message ID ${id}`);
      }
    }
  });
});
