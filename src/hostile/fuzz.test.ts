// Property-based fuzzing of the controls and the engine: realistic objects of every kind a control judges
// or reads, with fields replaced by values of other types, must never make a control throw. A control
// that throws anyway becomes an internal error of that control and resource, and the scan completes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ControlDefinition } from '../core/control.js';
import type { Resource } from '../core/resource.js';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import { sourceExcerpts } from '../reporters/excerpts.js';
import { builtinReporters } from '../reporters/index.js';
import { renderToString } from '../reporters/reporter.js';
import { fuzzParameters } from '../testing/fuzz.js';
import { corpusSources, fuzzCorpus, fuzzedInput } from '../testing/fuzz-corpus.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { parseSourceFile } from '../parse/source-file.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const resources = await fuzzCorpus();
const sources = corpusSources(resources);
const fuzzed = fuzzedInput(resources);

function scanOf(input: readonly Resource[], controls: readonly ControlDefinition[] = builtinControls) {
  return scan(input, { controls, settings: defaultSettings, failOn: 'high', now: new Date('2026-11-23T00:00:00Z') });
}

describe('fuzzing the controls with odd shapes (fast-check)', () => {
  it('has a corpus with an object of every kind a control judges', () => {
    const kinds = new Set(resources.map((r) => kindKey(r.ref.apiVersion, r.ref.kind)));
    const judged = builtinControls.flatMap((c) => [...(c.target === 'resource' ? c.kinds : []), ...(c.reads ?? [])]);
    assert.deepEqual([...new Set(judged)].filter((k) => !kinds.has(k)), []);
    assert.ok(resources.length > 100, `${resources.length} corpus objects`);
  });

  it('the unmutated corpus scans without an internal error', () => {
    const report = scanOf(resources);
    assert.deepEqual(report.errors.filter((e) => e.kind === 'internal'), []);
  });

  it('no control throws on mutated objects, and every report format renders', () => {
    const excerpts = sourceExcerpts(sources);
    let runs = 0;
    fc.assert(
      fc.property(fuzzed, (input) => {
        runs++;
        const report = scanOf(input);
        const internal = report.errors.filter((e) => e.kind === 'internal');
        assert.deepEqual(internal.map((e) => `${e.controlId ?? "engine"} ${e.resource?.kind}: ${e.message}`), []);
        for (const reporter of Object.values(builtinReporters)) {
          if (runs % 10 !== 0 && reporter.name === 'html') continue; // the HTML report is slow to build: every tenth run
          renderToString(reporter, report, { color: false, excerpts, cwd: root as string });
        }
      }),
      fuzzParameters(),
    );
  });

  it('the parser never throws on damaged text: every problem is an input error with a file and line', () => {
    const texts = [...sources.entries()].filter(([file]) => /\.(ya?ml|json)$/.test(file));
    const fragments = ['\t', '"', "'", ':', ': ', '- ', '[', ']', '{', '}', '&a ', '*a', '<<: *a', '!!binary ', '!x ', '\u0000', '\uFEFF', '\r\n', '\n---\n', '\n...\n', '#', '|', '>-', '%YAML 1.1\n', '? ', ',', '\\', '\uD800', '\n  '];
    const damage = fc.array(
      fc.record({ at: fc.nat(), cut: fc.nat({ max: 40 }), insert: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8 })) }),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(fc.nat(), damage, (pick, edits) => {
        const [file, original] = texts[pick % texts.length] as [string, string];
        let text = original;
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.cut);
        }
        const parsed = parseSourceFile({ path: file, text });
        for (const error of parsed.errors) {
          assert.equal(error.kind, 'input');
          assert.equal(error.file, file);
          assert.ok(error.line === undefined || (error.line >= 1 && error.line <= text.split('\n').length + 1), `line ${error.line}`);
        }
        const report = scanOf(parsed.resources);
        assert.deepEqual(report.errors.filter((e) => e.kind === 'internal'), []);
      }),
      fuzzParameters(),
    );
  });

  it('a control that throws becomes an internal error for that control and resource, and the scan completes', () => {
    const throwing: ControlDefinition = {
      ...(builtinControls.find((c) => c.meta.id === 'NSA-POD-006') as ControlDefinition),
      check: function* () {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    } as ControlDefinition;
    const others = builtinControls.filter((c) => c.meta.id !== 'NSA-POD-006');
    const pods = resources.filter((r) => r.ref.kind === 'Pod').slice(0, 2);
    assert.equal(pods.length, 2);
    const report = scanOf(pods, [throwing, ...others]);
    const internal = report.errors.filter((e) => e.kind === 'internal');
    assert.ok(internal.length >= pods.length, 'one entry per resource (and container) the control failed on');
    assert.deepEqual(new Set(internal.map((e) => e.controlId)), new Set(['NSA-POD-006']));
    assert.deepEqual(new Set(internal.map((e) => e.resource?.name)), new Set(pods.map((p) => p.ref.name)));
    assert.ok(internal.every((e) => e.file !== undefined), 'the error names the file');
    assert.ok(internal.every((e) => /control NSA-POD-006 failed on this resource: Cannot read properties/.test(e.message)));
    assert.equal(report.summary.errors.internal, internal.length);
    assert.ok(report.findings.some((f) => f.controlId !== 'NSA-POD-006'), 'the other controls still ran');
    assert.equal(report.summary.resources, 2);
  });

  it('a control hook that throws (observe, precondition, conclude) is an internal error too, never a failed scan', () => {
    const pods = resources.filter((r) => r.ref.kind === 'Pod').slice(0, 2);
    const base = builtinControls.find((c) => c.meta.id === 'NSA-POD-006') as ControlDefinition;
    const boom = (): never => {
      throw new Error('hook failed');
    };
    for (const hook of ['observe', 'precondition', 'conclude'] as const) {
      const broken = { ...base, [hook]: boom } as ControlDefinition;
      const report = scanOf(pods, [broken, ...builtinControls.filter((c) => c !== base)]);
      const internal = report.errors.filter((e) => e.kind === 'internal');
      assert.ok(internal.length >= 1, hook);
      assert.ok(internal.every((e) => e.controlId === 'NSA-POD-006' && e.message === 'control NSA-POD-006 failed: hook failed'), JSON.stringify(internal));
      const entry = report.controls.find((c) => c.id === 'NSA-POD-006');
      if (hook !== 'observe') assert.equal(entry?.status, 'not-evaluated', hook);
      assert.ok(report.findings.length > 0, 'the other controls ran');
    }
  });
});
