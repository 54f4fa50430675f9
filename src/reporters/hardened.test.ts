import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { ScanReport } from '../core/report.js';
import { exampleReport, root } from '../testing/report-fixtures.js';
import { descendants, parseXml } from '../testing/xml-tree.js';
import { builtinReporters } from './index.js';
import { renderToString } from './reporter.js';

// The hardened example scans clean: every format must say so, and still list what passed.
let hardened: ScanReport;
const render = (format: string) => renderToString(builtinReporters[format] as NonNullable<(typeof builtinReporters)[string]>, hardened, { color: false, cwd: root });

before(async () => {
  hardened = await exampleReport('hardened');
  assert.equal(hardened.findings.length, 0, 'the hardened example has no finding');
});

describe('every format on the hardened example', () => {
  it('SARIF: the rules, no result, a successful run', () => {
    const sarif = JSON.parse(render('sarif')) as { runs: { tool: { driver: { rules: unknown[] } }; results: unknown[]; invocations: { executionSuccessful: boolean }[] }[] };
    assert.deepEqual(sarif.runs[0]?.results, []);
    assert.equal(sarif.runs[0]?.tool.driver.rules.length, hardened.controls.filter((c) => c.slug).length);
    assert.equal(sarif.runs[0]?.invocations[0]?.executionSuccessful, true);
  });

  it('JUnit: a passed case per workload for each workload control, no failure', () => {
    const root = parseXml(render('junit'));
    assert.equal(root.attributes['failures'], '0');
    const suite = root.children.find((s) => s.attributes['name']?.startsWith('NSA-POD-001 '));
    assert.equal(descendants(suite ?? root, 'testcase').length, hardened.workloads.length);
    assert.ok(descendants(suite ?? root, 'testcase').every((c) => c.children.length === 0));
  });

  it('Markdown: the gate passed, no finding tables', () => {
    const text = render('markdown');
    assert.match(text, /Gate passed/);
    assert.ok(!text.includes('### Failed controls') && !text.includes('<details><summary>All'));
  });

  it('GitHub: only the summary notice', () => {
    assert.deepEqual(render('github').trimEnd().split('\n').map((l) => l.slice(0, l.indexOf(' '))), ['::notice']);
  });

  it('PolicyReport: pass results only', () => {
    const results = parseAllDocuments(render('policyreport'))
      .flatMap((d) => ((d.toJS() as { results?: { result: string }[] }).results ?? []))
      .map((r) => r.result);
    assert.ok(results.length >= hardened.workloads.length);
    assert.deepEqual([...new Set(results)], ['pass']);
  });
});
