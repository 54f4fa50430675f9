// `npm run schema`: rewrites the JSON Schemas of the configuration and exceptions files (schema/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinControls } from '../controls/index.js';
import { controlNames } from '../policy/control-names.js';
import { SCHEMA_FOLDER, schemaFiles } from '../policy/config.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot();
if (!root) throw new Error('kubeharden repository root not found');
const folder = join(root, SCHEMA_FOLDER);
mkdirSync(folder, { recursive: true });
const files = schemaFiles(controlNames(builtinControls));
for (const [name, text] of files) writeFileSync(join(folder, name), text);
console.log(`${files.size} schemas written to ${SCHEMA_FOLDER}/`);
