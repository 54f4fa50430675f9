import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../testing/shared-fixtures.js';
import { catalog, manualChecks as generatedManualChecks } from './catalog.js';
import type { ManualCheck } from './types.js';

const manualChecks: readonly ManualCheck[] = generatedManualChecks;

const root = repoRoot();
assert.ok(root, 'repository root not found');
const generator = join(root, 'scripts', 'generate-catalog.mjs');
const catalogSource = join(root, 'src', 'guidance', 'catalog.ts');
const fromEnv = process.env['KUBEHARDEN_SHARED_DIR'];
const spec = [...(fromEnv ? [join(fromEnv, 'spec', 'controls.md')] : []), join(root, '..', 'shared', 'spec', 'controls.md')].find((p) => existsSync(p));

/** Runs the generator on a spec, writing to (and keeping the manual-check IDs of) `out`. */
function generate(specPath: string, out: string): string {
  const run = spawnSync(process.execPath, [generator, specPath, out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return readFileSync(out, 'utf8');
}

/** The manual checks of a generated catalog.ts. */
function manualChecksOf(source: string): { id: string; recommendation: string; reason: string; relatedControls: string[] }[] {
  const match = /export const manualChecks = (\[[\s\S]*?\n\]) as const/.exec(source);
  assert.ok(match, 'no manualChecks in the generated catalog');
  return JSON.parse(match[1] as string) as ReturnType<typeof manualChecksOf>;
}

function specWith(manualRows: readonly string[]): string {
  return [
    '## 2. Kubernetes Pod security (NSA-POD)',
    '',
    '| ID | Title | Guidance § | Scope | What to check → FAIL when | Sev. | Kubescape | PSS | Remediation |',
    '|---|---|---|---|---|---|---|---|---|',
    '| NSA-POD-001 | Non-root | p.7 | M, L | `runAsNonRoot` unset. | high (escape) | C-0013 | – | Set it. |',
    '| NSA-POD-002 | No UID 0 | same | M | UID 0. | high (root) | – | – | Non-zero UID. |',
    '| NSA-POD-003 | Groups | p.10 | M | GID 0. | medium (x) | – | – | Non-zero GID. |',
    '',
    '## 11. Recommendations that cannot be checked automatically, and why',
    '',
    "| Guidance item | Why it can't be automated from manifests, the API or config files |",
    '|---|---|',
    ...manualRows,
    '',
  ].join('\n');
}

describe('control catalog', () => {
  it('has 114 controls with unique IDs', () => {
    assert.equal(catalog.length, 114);
    assert.equal(new Set(catalog.map((c) => c.id)).size, 114);
  });

  it('carries the 23 manual checks of section 11, each with its reason and known related controls', () => {
    assert.equal(manualChecks.length, 23);
    const ids = manualChecks.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length);
    const controlIds = new Set<string>(catalog.map((c) => c.id));
    for (const m of manualChecks) {
      assert.match(m.id, /^MANUAL-\d{2,}$/);
      assert.ok(m.recommendation.length > 10 && m.reason.length > 10, m.id);
      assert.ok(!m.recommendation.includes('(p.'), `${m.id}: the page reference belongs in guidance`);
      for (const id of m.relatedControls) assert.ok(controlIds.has(id), `${m.id} refers to ${id}`);
    }
    const rootless = manualChecks.find((m) => m.recommendation.startsWith('Adopt rootless'));
    assert.deepEqual([rootless?.guidance, rootless?.relatedControls], ['p.7–8', ['NSA-POD-036']]);
    // "CP-002…013" is a range.
    const tls = manualChecks.find((m) => m.recommendation.startsWith('All traffic actually encrypted'));
    assert.equal(tls?.relatedControls.length, 12);
    assert.deepEqual([tls?.relatedControls[0], tls?.relatedControls[11]], ['NSA-CP-002', 'NSA-CP-013']);
  });

  it('is what the generator makes of the spec', { skip: spec ? false : 'the catalog spec (../shared/spec/controls.md) is absent' }, () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kubeharden-catalog-')), 'catalog.ts');
    copyFileSync(catalogSource, out);
    assert.equal(generate(spec as string, out), readFileSync(catalogSource, 'utf8'), 'src/guidance/catalog.ts is stale: run npm run catalog');
  });

  it('keeps manual-check IDs when rows move or are reworded, and never reuses a removed ID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-catalog-'));
    const specPath = join(dir, 'controls.md');
    const out = join(dir, 'catalog.ts');
    writeFileSync(specPath, specWith([
      '| Firewall the control plane (p.15–17) | Network ACLs outside Kubernetes; see POD-001. |',
      '| Use strong user authentication (MFA) (p.19) | Lives in the IdP. |',
      '| Keep hypervisors patched (p.32, [v1.2]) | A process; only POD-001/002 and POD-001…003 are checkable. |',
    ]));
    const first = manualChecksOf(generate(specPath, out));
    assert.deepEqual(first.map((m) => [m.id, m.recommendation]), [
      ['MANUAL-01', 'Firewall the control plane'],
      ['MANUAL-02', 'Use strong user authentication (MFA)'],
      ['MANUAL-03', 'Keep hypervisors patched'],
    ]);
    assert.deepEqual(first[2]?.relatedControls, ['NSA-POD-001', 'NSA-POD-002', 'NSA-POD-003']);

    writeFileSync(specPath, specWith([
      '| Segment worker nodes (p.16) | Network topology. |',
      '| Keep hypervisors patched (p.32, [v1.2]) | A process; only POD-001/002 and POD-001…003 are checkable. |',
      '| Firewall the control plane and worker ports (p.15–17) | Network ACLs outside Kubernetes; see POD-001. |',
    ]));
    const second = manualChecksOf(generate(specPath, out));
    assert.deepEqual(second.map((m) => [m.id, m.recommendation]), [
      ['MANUAL-04', 'Segment worker nodes'],
      ['MANUAL-03', 'Keep hypervisors patched'],
      ['MANUAL-01', 'Firewall the control plane and worker ports'],
    ]);

    writeFileSync(specPath, specWith(['| Decide on a service mesh (p.29) | An architecture choice. |']));
    assert.deepEqual(manualChecksOf(generate(specPath, out)).map((m) => m.id), ['MANUAL-05']);
  });

  it('refuses a manual item that refers to a control missing from the catalog', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-catalog-'));
    writeFileSync(join(dir, 'controls.md'), specWith(['| Something (p.1) | Partly covered by NET-999. |']));
    const run = spawnSync(process.execPath, [generator, join(dir, 'controls.md'), join(dir, 'catalog.ts')], { encoding: 'utf8' });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /NSA-NET-999, which is not in the catalog/);
  });
});
