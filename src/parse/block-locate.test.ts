// The block and JSON readers must agree with the full YAML parser: checked on every field of every
// document of the bundled examples and of the conformance fixtures (YAML and JSON).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Path } from '../core/path.js';
import { conformanceDir, repoRoot } from '../testing/shared-fixtures.js';
import { Locator } from './locate.js';
import { parseManifests } from './manifests.js';

function* yamlFiles(dir: string): Iterable<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* yamlFiles(path);
    else if (/\.(ya?ml|json)$/.test(name)) yield path;
  }
}

function* paths(value: unknown, prefix: Path = []): Iterable<Path> {
  yield prefix;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* paths(value[i], [...prefix, i]);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield [...prefix, k, 'missingChild'];
      yield* paths(v, [...prefix, k]);
    }
  }
}

function compare(files: Iterable<string>): { checked: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let checked = 0;
  for (const file of files) {
    const { resources } = parseManifests({ path: file, text: readFileSync(file, "utf8") });
    for (const resource of resources) {
      const source = resource.source;
      if (!source) continue;
      const fast = new Locator();
      const full = new Locator();
      for (const path of paths(resource.object)) {
        const whole = [...source.itemPath, ...path];
        const a = fast.locate(source.document, whole);
        const b = full.locateWithParser(source.document, whole);
        checked++;
        if (a.line !== b.line || a.column !== b.column || a.exact !== b.exact) {
          mismatches.push(`${file} ${whole.join('.')}: block ${a.line}:${a.column}/${a.exact} parser ${b.line}:${b.column}/${b.exact}`);
        }
      }
    }
  }
  return { checked, mismatches };
}

test('the block reader agrees with the YAML parser on every field of the examples', () => {
  const root = repoRoot();
  assert.ok(root);
  const { checked, mismatches } = compare(yamlFiles(join(root, 'examples')));
  assert.ok(checked > 1000, `checked ${checked}`);
  assert.deepEqual(mismatches.slice(0, 20), []);
});

const psa = conformanceDir('pod-security-admission');
test('the block reader agrees with the YAML parser on the PSA fixtures', { skip: psa ? false : 'conformance fixtures not found' }, () => {
  const { checked, mismatches } = compare(yamlFiles(join(psa as string, 'test', 'testdata', 'restricted', 'v1.37')));
  assert.ok(checked > 1000, `checked ${checked}`);
  assert.deepEqual(mismatches.slice(0, 20), []);
});

test('an empty flow collection ends the path at its key, as the parser does', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      securityContext: {}\n';
  const source = parseManifests({ path: 'f.yaml', text }).resources[0]?.source;
  assert.ok(source);
  const path = ['spec', 'containers', 0, 'securityContext', 'privileged'];
  assert.deepEqual(new Locator().locate(source.document, path), { line: 7, column: 7, exact: false });
  assert.deepEqual(new Locator().locateWithParser(source.document, path), { line: 7, column: 7, exact: false });
});

test('JSON Lists are located item by item, and agree with the parser', () => {
  const items = Array.from({ length: 50 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { containers: [{ name: 'a', image: 'x:1', ports: [{ hostPort: i }] }] } }));
  for (const text of [JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2), JSON.stringify({ apiVersion: 'v1', kind: 'List', items })]) {
    const { resources } = parseManifests({ path: 'list.json', text });
    assert.equal(resources.length, 50);
    const locator = new Locator();
    for (const resource of resources) {
      const source = resource.source;
      assert.ok(source);
      const path = [...source.itemPath, 'spec', 'containers', 0, 'ports', 0, 'hostPort'];
      assert.deepEqual(locator.locate(source.document, path), new Locator().locateWithParser(source.document, path));
    }
  }
});

test('flow style, aliases and JSON fall back to the parser and still locate', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  x: &c [{name: a}]\n  containers: *c\n';
  const { resources } = parseManifests({ path: 'f.yaml', text });
  const source = resources[0]?.source;
  assert.ok(source);
  assert.deepEqual(new Locator().locate(source.document, ['metadata', 'name']), { line: 3, column: 12, exact: true });
  assert.deepEqual(new Locator().locate(source.document, ['spec', 'containers', 0, 'name']), { line: 5, column: 11, exact: true });
});

for (const project of ['polaris', 'kube-linter', 'kube-score', 'kubescape-regolibrary']) {
  const dir = conformanceDir(project);
  test(`the block reader agrees with the YAML parser on the ${project} fixtures`, { skip: dir ? false : 'conformance fixtures not found' }, () => {
    const files = [...yamlFiles(dir as string)];
    const { checked, mismatches } = compare(files);
    assert.ok(checked > 1000, `checked ${checked}`);
    assert.deepEqual(mismatches.slice(0, 10), []);
  });
}

test('List items asked in any order are located as the parser does (the item starts are remembered)', async () => {
  const { stringify } = await import('yaml');
  const items = Array.from({ length: 200 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `c${i}`, namespace: 'shop' },
    data: i % 3 === 0 ? { a: 'x' } : { nested: `line\n${i}` },
  }));
  const list = { apiVersion: 'v1', kind: 'List', items };
  const texts = [
    stringify(list, { indentSeq: false }), // kubectl: items at the key's indent
    stringify(list),
    JSON.stringify(list, null, 4),
  ];
  const order = Array.from({ length: 200 }, (_, i) => (i * 73) % 200);
  for (const text of texts) {
    const source = parseManifests({ path: text.startsWith('{') ? 'l.json' : 'l.yaml', text }).resources[0]?.source;
    assert.ok(source);
    const locator = new Locator();
    for (const i of [...order, 250, 199, 0]) {
      for (const path of [['items', i, 'metadata', 'name'], ['items', i, 'data', 'missing']] as Path[]) {
        assert.deepEqual(locator.locate(source.document, path), new Locator().locateWithParser(source.document, path), `${path.join('.')}`);
      }
    }
  }
});
