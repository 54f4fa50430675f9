import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Finding, ScanReport } from '../core/report.js';
import { severityRank } from '../core/severity.js';
import { cleanReport, edgeReport, exampleReport, ODD_FILE, type EdgeScan } from '../testing/report-fixtures.js';
import { escapeData, escapeProperty, githubReporter } from './github.js';
import { renderToString, type ReporterContext } from './reporter.js';

interface Command {
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** Reads workflow commands as the Actions runner does: `::name k=v,k=v::data`, then unescapes. */
function parseCommands(output: string): Command[] {
  const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unescapeProperty = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      assert.ok(line.startsWith('::'), `not a command: ${line}`);
      const end = line.indexOf('::', 2);
      assert.ok(end > 0, `unterminated command: ${line}`);
      const head = line.slice(2, end);
      const space = head.indexOf(' ');
      const command = space < 0 ? head : head.slice(0, space);
      const properties: Record<string, string> = {};
      if (space >= 0) {
        for (const pair of head.slice(space + 1).split(',')) {
          const eq = pair.indexOf('=');
          properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
        }
      }
      return { command, properties, message: unescapeData(line.slice(end + 2)) };
    });
}

const render = (report: ScanReport, ctx: Partial<ReporterContext> = {}) => parseCommands(renderToString(githubReporter, report, { color: false, ...ctx }));

let insecure: ScanReport;
let edge: EdgeScan;

before(async () => {
  [insecure, edge] = await Promise.all([exampleReport('insecure'), edgeReport()]);
});

describe('GitHub Actions annotations', () => {
  it('annotates each open finding: errors for what fails the gate, first and worst first; warnings for the rest', () => {
    const commands = render(insecure);
    const open = insecure.findings.filter((f) => f.status !== 'suppressed');
    assert.equal(commands.length, open.length + 1);
    const annotations = commands.slice(0, -1);
    const gating = open.filter((f) => f.status === 'failed' && severityRank(f.severity) >= severityRank('high'));
    assert.equal(annotations.filter((c) => c.command === 'error').length, gating.length);
    assert.equal(annotations.filter((c) => c.command === 'warning').length, open.length - gating.length);
    const levels = annotations.map((c) => c.command);
    assert.deepEqual(levels, [...levels].sort(), 'errors before warnings');
    assert.match(annotations[0]?.properties['title'] ?? '', /^NSA-POD-006 No privileged containers \(critical\)$/);
    assert.equal(commands.at(-1)?.command, 'notice');
    assert.match(commands.at(-1)?.message ?? '', /^Score \d+(\.\d)?%: \d+ controls passed, \d+ failed/);
  });

  it('gives file, line, column and, for a located key, its end column', () => {
    const commands = render(insecure);
    const privileged = commands.find((c) => c.properties['title']?.startsWith('NSA-POD-006')) as Command;
    const finding = insecure.findings.find((f) => f.controlId === 'NSA-POD-006' && privileged.message.startsWith(f.message)) as Finding;
    assert.deepEqual(privileged.properties, {
      file: finding.location?.file,
      line: String(finding.location?.line),
      col: String(finding.location?.column),
      endLine: String(finding.location?.line),
      endColumn: String((finding.location?.column ?? 0) + 'privileged'.length),
      title: 'NSA-POD-006 No privileged containers (critical)',
    });
    assert.equal(privileged.message, `${finding.message}\n${finding.resource.kind}/${finding.resource.namespace}/${finding.resource.name}: ${finding.path}\nFix: ${finding.remediation}`);
    const inexact = commands.find((c) => c.properties['title']?.startsWith('NSA-POD-001'));
    assert.ok(inexact && inexact.properties['line'] && inexact.properties['endColumn'] === undefined, 'a missing field has no end column');
  });

  it('escapes odd file names and messages so that nothing else is read as a command', () => {
    const output = renderToString(githubReporter, edge.report, { color: false, cwd: edge.dir });
    const commands = parseCommands(output);
    const open = edge.report.findings.filter((f) => f.status !== 'suppressed');
    assert.equal(commands.length, edge.report.errors.length + open.length + 1, 'one line per command: the injection in a container name stays data');
    const odd = commands.filter((c) => c.properties['file'] === ODD_FILE);
    assert.ok(odd.length > 0, 'the odd file name round-trips');
    const injected = commands.find((c) => c.message.includes('::error::injected'));
    assert.ok(injected?.message.includes('Container "app\r\n::error::injected"'), 'line breaks survive as data');
    assert.ok(commands.some((c) => c.properties['title'] === 'NSA-POD-033 Images pinned, never `latest` (warning, low)'), 'commas in titles');
    const error = commands[0] as Command;
    assert.equal(error.command, 'error');
    assert.deepEqual(error.properties, { file: 'broken.yaml', line: '4', col: '14', title: 'kubeharden input error' });
  });

  it('leaves suppressed findings out, and annotates findings without a position on the run', () => {
    const commands = render(edge.report, { cwd: edge.dir });
    const suppressed = edge.report.findings.filter((f) => f.status === 'suppressed');
    assert.ok(suppressed.length > 0);
    for (const f of suppressed) assert.ok(!commands.some((c) => c.message.startsWith(f.message) && c.properties['title']?.startsWith(f.controlId)));
    const cluster = commands.find((c) => c.properties['title']?.startsWith('NSA-LOG-010'));
    assert.ok(cluster);
    assert.equal(cluster.properties['file'], undefined);
    assert.match(cluster.message, /\nCluster\/cluster: .* \(the object is not in the input\)\n/);
  });

  it('has only warnings when the gate is off, and only the summary for a clean scan', () => {
    const off = render({ ...insecure, settings: { ...insecure.settings, failOn: 'none' } });
    assert.ok(!off.some((c) => c.command === 'error'));
    const clean = render(cleanReport());
    assert.deepEqual(clean.map((c) => c.command), ['notice']);
  });

  it('escapes as the workflow-command spec says', () => {
    assert.equal(escapeData('100%\r\nnext: a,b'), '100%25%0D%0Anext: a,b');
    assert.equal(escapeProperty('100%\r\nnext: a,b'), '100%25%0D%0Anext%3A a%2Cb');
  });
});
