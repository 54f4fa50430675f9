import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { catalog, manualChecks } from '../guidance/catalog.js';
import { controlInfos } from '../guidance/control-info.js';
import { repoRoot } from '../testing/shared-fixtures.js';
import { DOCS_FOLDER, MANUAL_CHECKS_PAGE, renderControlDocs } from './render.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const folder = join(root, DOCS_FOLDER);
const pages = renderControlDocs(controlInfos(builtinControls), manualChecks);

describe('docs/controls', () => {
  it('is current: the checked-in pages are what the catalog and the metadata render to', () => {
    const onDisk = existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.md')) : [];
    const stale = [
      ...[...pages.keys()].filter((name) => !onDisk.includes(name)).map((name) => `missing ${name}`),
      ...onDisk.filter((name) => !pages.has(name)).map((name) => `extra ${name}`),
      ...onDisk.filter((name) => pages.has(name) && readFileSync(join(folder, name), 'utf8') !== pages.get(name)).map((name) => `changed ${name}`),
    ];
    assert.deepEqual(stale, [], `${DOCS_FOLDER}/ is out of date: run \`npm run docs\` and commit the result`);
  });

  it('has a page for every catalog control, the index and the manual checks', () => {
    assert.equal(pages.size, catalog.length + 2);
    for (const c of catalog) assert.ok(pages.has(`${c.id}.md`), c.id);
    const index = pages.get('README.md') ?? '';
    for (const c of catalog) assert.ok(index.includes(`[${c.id}](${c.id}.md)`), `the index links ${c.id}`);
    assert.ok(index.includes(`(${MANUAL_CHECKS_PAGE})`));
  });

  it('shows an implemented control with its facts, messages, remediation and example', () => {
    const page = pages.get('NSA-POD-006.md') ?? '';
    assert.match(page, /^# NSA-POD-006: No privileged containers$/m);
    assert.match(page, /^\| Slug \| `privileged-containers` \|$/m);
    assert.match(page, /^\| Severity \| critical \(default\) \|$/m);
    assert.match(page, /^\| Automatic fix \| yes \|$/m);
    assert.match(page, /^## What fails\n\nAny `C\.securityContext\.privileged == true`\.$/m);
    assert.match(page, /^\| `privileged` \| Container "\{\{container\}\}" runs privileged\. \|$/m);
    assert.match(page, /^## Compliant example\n\n```yaml\napiVersion: apps\/v1\n/m);
    assert.ok(!page.includes('Not implemented yet'));
  });

  it('says what evidence an unimplemented control needs', () => {
    const page = pages.get('NSA-CP-011.md') ?? '';
    const entry = catalog.find((c) => c.id === 'NSA-CP-011');
    assert.ok(entry && !(entry.scope as readonly string[]).includes('M'));
    assert.match(page, /^## Not implemented yet$/m);
    assert.match(page, /every report lists it as \*\*not evaluated\*\* \("needs evidence from [^"]+"\), never as passed/);
    for (const s of entry.scope) assert.match(page, new RegExp(`^- \\*\\*${s}\\*\\*: `, 'm'));
    assert.ok(!page.includes('## Compliant example'));
  });

  it('links only to pages and anchors that exist', () => {
    for (const [name, text] of pages) {
      for (const [, target] of text.matchAll(/\]\(([^)]+)\)/g)) {
        const [file, anchor] = (target as string).split('#');
        assert.ok(pages.has(file as string), `${name} links to ${target}`);
        if (anchor) assert.ok(new RegExp(`^## ${anchor}$`, 'im').test(pages.get(file as string) ?? ''), `${name} links to ${target}`);
      }
    }
  });

  it('lists every manual check with its reason, linked from the controls that cover part of it', () => {
    const page = pages.get(MANUAL_CHECKS_PAGE) ?? '';
    for (const m of manualChecks) {
      assert.ok(page.includes(`## ${m.id}\n\n**${m.recommendation}**`), m.id);
      assert.ok(page.includes(`Why it is manual: ${m.reason}`), m.id);
    }
    assert.match(pages.get('NSA-POD-036.md') ?? '', /^- \[MANUAL-01\]\(manual-checks\.md#manual-01\): Adopt rootless/m);
  });
});
