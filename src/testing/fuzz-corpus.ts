// The fuzzing corpus: one realistic object of every kind the controls judge or read, and the fuzzed input
// made from it. Shared by the fuzz tests of every source (files, cluster, webhook).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Resource } from '../core/resource.js';
import { builtinControls } from '../controls/index.js';
import { loadNode } from '../load/node.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { parseSourceFile } from '../parse/source-file.js';
import { keyVocabulary, mutate, mutations } from './fuzz.js';
import { repoRoot } from './shared-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');

/** Every control's compliant example, the example manifests and the fixture nodes: one object of each kind the tool knows. */
export async function fuzzCorpus(): Promise<Resource[]> {
  const resources: Resource[] = [];
  for (const control of builtinControls) {
    if (!control.meta.example) continue;
    const path = control.meta.exampleFile ?? `${control.meta.slug}.yaml`;
    resources.push(...parseSourceFile({ path, text: control.meta.example }).resources);
  }
  for (const folder of ['examples/insecure', 'examples/hardened']) {
    for (const name of readdirSync(join(root as string, folder)).sort()) {
      const path = join(folder, name);
      resources.push(...parseSourceFile({ path, text: readFileSync(join(root as string, path), 'utf8') }).resources);
    }
  }
  for (const node of readdirSync(join(root as string, 'test/fixtures/nodes')).sort()) {
    resources.push(...(await loadNode(join(root as string, 'test/fixtures/nodes', node))).resources);
  }
  // Kinds a control judges or reads but no example holds: a bare object, filled by the fuzzer's `add` mutations.
  const have = new Set(resources.map((r) => kindKey(r.ref.apiVersion, r.ref.kind)));
  const wanted = new Set(builtinControls.flatMap((c) => [...(c.target === 'resource' ? c.kinds : []), ...(c.reads ?? [])]));
  for (const kind of [...wanted].filter((k) => !have.has(k)).sort()) {
    const [group, name] = kind.split('/') as [string, string];
    const text = JSON.stringify({ apiVersion: group ? `${group}/v1` : 'v1', kind: name, metadata: { name: 'bare', namespace: 'fuzz' }, spec: {} });
    resources.push(...parseSourceFile({ path: `bare-${name}.json`, text }).resources);
  }
  return resources;
}

/** Texts of the corpus objects by file, for report excerpts. */
export function corpusSources(resources: readonly Resource[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const r of resources) if (r.source) sources.set(r.source.document.file, r.source.document.text);
  return sources;
}

/** Fuzzed input: a few corpus objects mutated; some keep their file (located), some look like cluster objects. */
export function fuzzedInput(resources: readonly Resource[]): fc.Arbitrary<Resource[]> {
  const vocabulary = keyVocabulary(resources.map((r) => r.object));
  return fc.array(fc.record({ pick: fc.nat(), mutations, cluster: fc.boolean() }), { minLength: 1, maxLength: 4 }).map((items) =>
    items.map(({ pick, mutations: list, cluster }, i): Resource => {
      const original = resources[pick % resources.length] as Resource;
      const object = mutate(original.object, list, vocabulary);
      const base = { id: `${original.id}~${i}`, ref: original.ref, object };
      return cluster
        ? { ...base, origin: { type: 'cluster', context: 'fuzz' } }
        : { ...base, origin: original.origin, ...(original.source ? { source: original.source } : {}) };
    }),
  );
}
