import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Finding, ScanReport } from '../core/report.js';
import { cleanReport, edgeReport, exampleReport, type EdgeScan } from '../testing/report-fixtures.js';
import { cell, code, COMMENT_LIMIT, markdownReporter } from './markdown.js';
import { renderToString, type ReporterContext } from './reporter.js';

const render = (report: ScanReport, ctx: Partial<ReporterContext> = {}) => renderToString(markdownReporter, report, { color: false, ...ctx });

/** Cells of a table row: split on the pipes that are not escaped. */
const cells = (row: string): string[] => row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());

/** The rows of the table under a heading or summary line that starts with `title`. */
function table(markdown: string, title: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  assert.ok(start >= 0, `no "${title}"`);
  const header = lines.findIndex((l, i) => i >= start && l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = header; i < lines.length && (lines[i] as string).startsWith('|'); i++) rows.push(cells(lines[i] as string));
  return rows;
}

let insecure: ScanReport;
let edge: EdgeScan;

before(async () => {
  [insecure, edge] = await Promise.all([exampleReport('insecure'), edgeReport()]);
});

describe('Markdown summary', () => {
  it('shows the gate, the score and the failed findings per severity', () => {
    const text = render(insecure);
    const s = insecure.summary;
    assert.match(text, /^## kubeharden: Kubernetes hardening report$/m);
    assert.match(text, /^:x: \*\*Gate failed:\*\* \d+ failed findings at or above \*\*high\*\* severity\.$/m);
    assert.ok(text.includes(`**Score: ${s.score}%** (${s.controls.passed} of ${s.controls.passed + s.controls.failed} judged controls passed)`));
    const counts = table(text, '| Findings');
    assert.deepEqual(counts[2], [
      'failed',
      ...['critical', 'high', 'medium', 'low'].map((sev) => String(s.findings.failedBySeverity[sev as 'high'])),
      String(s.findings.warning),
      String(s.findings.suppressed),
    ]);
  });

  it('lists the failed controls worst first, linked to their documentation', () => {
    const rows = table(render(insecure), '### Failed controls').slice(2);
    const failed = insecure.controls.filter((c) => c.status === 'failed');
    assert.equal(rows.length, failed.length);
    assert.match(rows[0]?.[0] ?? '', /^\[NSA-POD-006\]\(https:\/\/github\.com\/.+\/docs\/controls\/NSA-POD-006\.md\)$/);
    const ranks = { critical: 4, high: 3, medium: 2, low: 1 };
    const severities = rows.map((r) => ranks[r[1] as 'high']);
    assert.deepEqual(severities, [...severities].sort((a, b) => b - a));
    const escalation = rows.find((r) => r[0]?.startsWith('[NSA-POD-007]'));
    const control = failed.find((c) => c.id === 'NSA-POD-007');
    assert.equal(escalation?.[3], `${control?.failed} of ${control?.evaluated}`);
  });

  it('shows the worst findings with file:line, linked to the commit when a link base is known', () => {
    const plain = table(render(insecure), '### Top findings').slice(2);
    assert.equal(plain.length, 15);
    assert.equal(plain[0]?.[0], 'critical');
    assert.match(plain[0]?.[3] ?? '', /^`examples\/insecure\/[a-z-]+\.yaml:\d+`$/);
    const base = 'https://github.com/acme/shop/blob/0123abc/';
    const linked = table(render(insecure, { linkBase: base }), '### Top findings').slice(2);
    const first = insecure.findings.find((f) => f.status === 'failed' && f.severity === 'critical') as Finding;
    assert.equal(linked[0]?.[3], `[${cell(`${first.location?.file}:${first.location?.line}`)}](${base}${first.location?.file}#L${first.location?.line})`);
  });

  it('puts every finding in a collapsed section, and notes what was not evaluated', () => {
    const text = render(insecure);
    assert.ok(text.includes(`<details><summary>All ${insecure.findings.length} findings</summary>`));
    assert.equal(table(text, '<details><summary>All').length - 2, insecure.findings.length);
    const notEvaluated = insecure.summary.controls['not-evaluated'];
    assert.match(text, new RegExp(`^> \\*\\*Not evaluated\\.\\*\\* ${notEvaluated} controls were not evaluated: .* They count neither as passed nor as failed\\.`, 'm'));
    assert.ok(text.includes('`kubeharden explain --manual`'));
  });

  it('keeps tables intact whatever the messages hold, and shows suppressions and findings without a position', () => {
    const text = render(edge.report, { cwd: edge.dir });
    const rows = table(text, '<details><summary>All').slice(2);
    assert.equal(rows.length, edge.report.findings.length);
    for (const row of rows) assert.equal(row.length, 6, `a row with ${row.length} cells: ${row.join(' ‖ ')}`);
    assert.ok(!/\r|::error::injected\n/.test(text), 'line breaks in messages are flattened');
    assert.ok(text.includes('x\\<y\\>&amp;z\\\\u0001\\\\u001Fend'), 'markup and control characters are escaped');
    assert.ok(rows.some((r) => r[0] === 'suppressed (config: capabilities are managed by the runtime profile)'));
    assert.ok(rows.some((r) => r[3] === '`Cluster/cluster`' && r[4] === 'no position'));
    assert.ok(rows.some((r) => r[4] === '`we:ird, 100% <file> #1 ü.yaml:14`'), 'file names relative to the working directory');
    assert.match(text, /^:warning: \*\*The scan is incomplete\*\*: 1 input error, 0 internal errors/m);
    assert.match(text, /^### Scan errors\n\n- input: `broken\.yaml:4:14` invalid YAML/m);
  });

  it('stays under the comment limit, and says how many rows it left out', () => {
    const findings = Array.from({ length: 400 }, () => insecure.findings).flat();
    const text = render({ ...insecure, findings });
    assert.ok(text.length <= COMMENT_LIMIT, `${text.length} characters`);
    const shown = table(text, '<details><summary>All').slice(2);
    const note = /^\| … \| (\d+) more findings not shown \|$/m.exec(text);
    assert.ok(note, 'a truncation row');
    assert.equal(shown.length - 1 + Number(note[1]), findings.length);
    assert.match(text, /^> \*\*Truncated:\*\* \d+ rows left out to stay under GitHub's 65,536-character comment limit/m);
    assert.ok(text.trimEnd().endsWith('</sub>'), 'the closing notes are kept');
  });

  it('passes the gate and has no finding tables for a clean scan', () => {
    const text = render(cleanReport());
    assert.match(text, /^:white_check_mark: \*\*Gate passed:\*\* no failed finding at or above \*\*high\*\* severity\.$/m);
    assert.ok(!text.includes('### Failed controls') && !text.includes('### Top findings') && !text.includes('All 0'));
    assert.match(text, /\*\*Score: 100%\*\* \(1 of 1 judged control passed\)/);
  });

  it('writes code spans that hold backticks and pipes', () => {
    assert.equal(code('a`b|c'), '``a`b\\|c``');
    assert.equal(code('`x`'), '`` `x` ``');
    assert.equal(cell('1 | 2 <b>@team</b>'), '1 \\| 2 \\<b\\>\\@team\\</b\\>');
  });
});
