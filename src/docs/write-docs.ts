// `npm run docs`: rewrites docs/controls/ from the catalog and the controls' metadata, removing pages
// of controls that no longer exist.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinControls } from '../controls/index.js';
import { manualChecks } from '../guidance/catalog.js';
import { controlInfos } from '../guidance/control-info.js';
import { repoRoot } from '../testing/shared-fixtures.js';
import { DOCS_FOLDER, renderControlDocs } from './render.js';

const root = repoRoot();
if (!root) throw new Error('kubeharden repository root not found');
const folder = join(root, DOCS_FOLDER);
const pages = renderControlDocs(controlInfos(builtinControls), manualChecks);
mkdirSync(folder, { recursive: true });
for (const name of readdirSync(folder)) {
  if (name.endsWith('.md') && !pages.has(name)) rmSync(join(folder, name));
}
for (const [name, text] of pages) writeFileSync(join(folder, name), text);
console.log(`${pages.size} pages written to ${DOCS_FOLDER}/`);
