import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scanPaths } from '../load/scan-paths.js';
import { repoRoot } from '../testing/shared-fixtures.js';
import { renderToString } from './reporter.js';
import { tableReporter } from './table.js';

const examples = join(repoRoot() ?? '.', 'examples');

test('the report lists who holds risky RBAC permissions, and the table shows them', async () => {
  const { report } = await scanPaths([join(examples, 'insecure')], { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
  const section = report.riskyPermissions;
  assert.ok(section, 'an RBAC control ran, so the section is there');
  const edit = section.permissions.find((p) => p.risk === 'secrets-read' && p.role.name === 'edit' && p.subject.name === 'api');
  assert.ok(edit, 'a RoleBinding to the built-in edit role reads Secrets');
  assert.equal(edit.scope, 'shop');
  assert.equal(edit.role.builtin, true);
  assert.ok((section.counts['secrets-read'] ?? 0) >= 1);
  const table = renderToString(tableReporter, report, { color: false });
  assert.match(table, /Risky permissions \(RBAC, outside the admin allow-list\)/);
  assert.match(table, /read Secrets +ServiceAccount shop\/api: get secrets \(shop\) via RoleBinding shop-edit/);
});

test('without RBAC controls the section is absent; the hardened example grants nothing risky outside the allow-list', async () => {
  const only = new Set(['NSA-POD-006']);
  const { report } = await scanPaths([join(examples, 'insecure')], { controls: builtinControls, settings: defaultSettings, failOn: 'high', only });
  assert.equal(report.riskyPermissions, undefined);
  const hardened = (await scanPaths([join(examples, 'hardened')], { controls: builtinControls, settings: defaultSettings, failOn: 'high' })).report;
  assert.deepEqual(hardened.riskyPermissions?.permissions.filter((p) => !p.allowListed), []);
});
