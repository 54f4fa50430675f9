import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { findingFingerprint } from '../core/fingerprint.js';
import type { Finding, ScanReport } from '../core/report.js';
import { cleanReport, clusterOnlyReport, edgeReport, exampleReport, ODD_FILE, root, type EdgeScan } from '../testing/report-fixtures.js';
import { multitoolBinary, validateSarif } from '../testing/sarif-multitool.js';
import { renderToString, type ReporterContext } from './reporter.js';
import { FINGERPRINT_KEY, sarifReporter, SRCROOT, type FindingFix } from './sarif.js';
import { lastPathSegment } from './shared.js';

interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: Rule[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: string; message: { text: string }; locations?: unknown[] }[] }[];
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: Result[];
  }[];
}
interface Rule {
  id: string;
  name?: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: string };
  properties: { 'security-severity': string; tags: string[]; precision: string };
}
interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region };
    logicalLocations: { name: string; fullyQualifiedName: string; kind: string; properties: Record<string, string> }[];
  }[];
  relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: Region } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string; properties: Record<string, string> }[];
  fixes?: unknown[];
  properties: { located: boolean; status: string };
}

const render = (report: ScanReport, ctx: Partial<ReporterContext> = {}): Sarif =>
  JSON.parse(renderToString(sarifReporter, report, { color: false, cwd: root, ...ctx })) as Sarif;

let insecure: ScanReport;
let hardened: ScanReport;
let edge: EdgeScan;

before(async () => {
  [insecure, hardened, edge] = await Promise.all([exampleReport('insecure'), exampleReport('hardened'), edgeReport()]);
});

/** The edge report with a fix on its first located finding, as a fixable control would give it. */
function withFix(report: ScanReport): ScanReport {
  const index = report.findings.findIndex((f) => f.location?.exact);
  const finding = report.findings[index] as Finding;
  const location = finding.location as NonNullable<Finding['location']>;
  const fix: FindingFix = {
    description: 'Set the field to false.',
    replacements: [{ startLine: location.line, startColumn: location.column, endLine: location.line, endColumn: location.column + 4, text: 'false' }],
  };
  const findings = [...report.findings];
  findings[index] = { ...finding, fix } as Finding;
  return { ...report, findings };
}

describe('SARIF validated by the Microsoft SARIF Multitool', () => {
  it('has zero errors for the examples, unlocated, suppressed and odd findings, and catches a broken file', (t) => {
    const binary = multitoolBinary();
    if (!binary) {
      t.skip('@microsoft/sarif-multitool-linux is not installed (npm ci installs it on Linux)');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-sarif-'));
    const cases: Record<string, string> = {
      'insecure.sarif': renderToString(sarifReporter, insecure, { color: false, cwd: root }),
      'hardened.sarif': renderToString(sarifReporter, hardened, { color: false, cwd: root }),
      'edge.sarif': renderToString(sarifReporter, edge.report, { color: false, cwd: edge.dir }),
      'edge-absolute.sarif': renderToString(sarifReporter, edge.report, { color: false }),
      'edge-fix.sarif': renderToString(sarifReporter, withFix(edge.report), { color: false, cwd: edge.dir }),
      'clean.sarif': renderToString(sarifReporter, cleanReport(), { color: false }),
      'cluster-only.sarif': renderToString(sarifReporter, clusterOnlyReport(), { color: false }),
    };
    // A relative reference that starts with a slash: the validator must reject it, or this test proves nothing.
    const broken = JSON.parse(cases['clean.sarif'] as string) as Sarif;
    (broken.runs[0] as Sarif['runs'][number]).results.push({
      ruleId: 'NSA-POD-006',
      message: { text: 'x.' },
      locations: [{ physicalLocation: { artifactLocation: { uri: '/not/relative.yaml', uriBaseId: SRCROOT }, region: { startLine: 1 } } }],
    } as unknown as Result);
    cases['broken.sarif'] = JSON.stringify(broken);
    const files = Object.entries(cases).map(([name, text]) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    });
    const issues = validateSarif(binary, files);
    const ofFile = (name: string) => issues.filter((i) => i.file === join(dir, name));
    assert.ok(ofFile('broken.sarif').some((i) => i.level === 'error'), `the validator found no error in a broken file: ${JSON.stringify(issues)}`);
    for (const name of Object.keys(cases).filter((n) => n !== 'broken.sarif')) {
      const found = ofFile(name);
      for (const w of found.filter((i) => i.level !== 'error')) t.diagnostic(`${name}: ${w.level} ${w.ruleId}: ${w.message}`);
      assert.deepEqual(
        found.filter((i) => i.level === 'error').map((i) => `${i.ruleId}: ${i.message}`),
        [],
        `${name} has validation errors`,
      );
    }
    t.diagnostic(`Multitool warnings on kubeharden's SARIF: ${issues.filter((i) => i.level === 'warning' && !i.file.endsWith('broken.sarif')).length}`);
  });
});

describe('SARIF rules', () => {
  it('has one rule per implemented control, with descriptions, help, severity score and tags', () => {
    const sarif = render(insecure);
    const rules = sarif.runs[0]?.tool.driver.rules ?? [];
    const implemented = insecure.controls.filter((c) => c.slug !== undefined);
    assert.deepEqual(rules.map((r) => r.id), implemented.map((c) => c.id));
    const scores = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
    for (const [i, rule] of rules.entries()) {
      const control = implemented[i] as (typeof implemented)[number];
      assert.equal(rule.name, control.slug);
      assert.equal(rule.shortDescription.text, control.title);
      assert.ok(rule.fullDescription.text.length > 40, `${rule.id}: the rationale is the full description`);
      assert.match(rule.help.text, /^Remediation: /);
      assert.ok(rule.help.markdown.includes('**Remediation.**') && rule.help.markdown.includes('Kubernetes Hardening Guidance'));
      assert.equal(rule.properties['security-severity'], scores[control.severity]);
      assert.ok(rule.properties.tags.includes('security') && rule.properties.tags.includes(control.section), rule.id);
      assert.ok(rule.properties.tags.some((tag) => /^nsa-(pod|net|auth|log|upg|cp|sec)$/.test(tag)), `${rule.id}: the guidance family is a tag`);
      assert.equal(rule.defaultConfiguration.level, control.severity === 'critical' || control.severity === 'high' ? 'error' : 'warning');
      // helpUri names the control's page, which the repository holds.
      assert.ok(rule.helpUri.endsWith(`/docs/controls/${rule.id}.md`), rule.helpUri);
      assert.ok(existsSync(join(root, 'docs', 'controls', `${rule.id}.md`)), `docs/controls/${rule.id}.md exists`);
    }
  });
});

describe('SARIF results', () => {
  it('has one result per finding, with rule, level, message and the finding fingerprint', () => {
    const sarif = render(insecure);
    const run = sarif.runs[0] as Sarif['runs'][number];
    assert.equal(run.results.length, insecure.findings.length);
    for (const [i, result] of run.results.entries()) {
      const finding = insecure.findings[i] as Finding;
      assert.equal(result.ruleId, finding.controlId);
      assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, finding.controlId);
      assert.equal(result.message.text, finding.message);
      assert.equal(result.partialFingerprints[FINGERPRINT_KEY], findingFingerprint(finding));
      const expected = finding.status === 'warning' ? 'note' : finding.severity === 'critical' || finding.severity === 'high' ? 'error' : 'warning';
      assert.equal(result.level, expected, `${finding.controlId} ${finding.status} ${finding.severity}`);
      assert.equal(result.fixes, undefined, 'no control has a fix yet');
    }
    assert.ok(run.results.some((r) => r.level === 'note'), 'the example has warnings, written as notes');
    assert.equal(run.invocations[0]?.executionSuccessful, true);
  });

  it('places each result at the finding; the region of a located key spans exactly the key in the file', () => {
    const sarif = render(insecure);
    let spans = 0;
    for (const [i, result] of (sarif.runs[0]?.results ?? []).entries()) {
      const finding = insecure.findings[i] as Finding;
      const location = finding.location as NonNullable<Finding['location']>;
      const physical = result.locations[0]?.physicalLocation;
      assert.ok(physical);
      assert.equal(physical.artifactLocation.uriBaseId, SRCROOT);
      assert.equal(decodeURIComponent(physical.artifactLocation.uri), location.file);
      assert.equal(physical.region.startLine, location.line);
      assert.equal(physical.region.startColumn, location.column);
      const key = lastPathSegment(finding.path);
      if (location.exact && typeof key === 'string') {
        const line = readFileSync(join(root, location.file), 'utf8').split('\n')[location.line - 1] ?? '';
        const region = physical.region;
        assert.equal(region.endLine, location.line);
        assert.equal(line.slice((region.startColumn as number) - 1, (region.endColumn as number) - 1), key, `${finding.controlId} ${finding.path}`);
        spans++;
      } else {
        assert.equal(physical.region.endColumn, undefined, `${finding.path}: no span when the field is missing or a list item`);
      }
    }
    assert.ok(spans > 5, `only ${spans} spans checked`);
  });

  it('names the object in logicalLocations: kind, namespace, name and the fully qualified name', () => {
    const result = render(insecure).runs[0]?.results.find((r) => r.ruleId === 'NSA-POD-006');
    const logical = result?.locations[0]?.logicalLocations[0];
    assert.ok(logical);
    assert.match(logical.fullyQualifiedName, /^[A-Za-z]+\/shop\/[a-z-]+(\/[a-z-]+)?$/);
    assert.equal(logical.properties['namespace'], 'shop');
    assert.ok(logical.properties['kind'] && logical.properties['apiVersion'] && logical.properties['path']);
    assert.equal(logical.name, logical.fullyQualifiedName.split('/')[2]);
  });

  it('writes suppressions: inSource for annotations and comments, external for exception files, with the justification', () => {
    const results = render(edge.report, { cwd: edge.dir }).runs[0]?.results ?? [];
    const suppressed = results.filter((r) => r.suppressions);
    assert.equal(suppressed.length, edge.report.findings.filter((f) => f.status === 'suppressed').length);
    const byKind = Object.fromEntries(suppressed.map((r) => [r.suppressions?.[0]?.properties['by'], r.suppressions?.[0]]));
    assert.deepEqual(Object.keys(byKind).sort(), ['annotation', 'comment', 'config']);
    assert.equal(byKind['annotation']?.kind, 'inSource');
    assert.equal(byKind['annotation']?.justification, `reviewed: needs <raw> & "device" access, 100% 'sure'`);
    assert.equal(byKind['comment']?.kind, 'inSource');
    assert.equal(byKind['config']?.kind, 'external');
    assert.equal(byKind['config']?.properties['owner'], 'payments-team');
    assert.equal(byKind['config']?.properties['expires'], '2027-06-30');
    assert.ok(suppressed.every((r) => r.suppressions?.[0]?.status === 'accepted'));
    // A suppressed finding keeps the level of what it was.
    assert.ok(suppressed.some((r) => r.level === 'error'));
  });

  it('gives findings without a position a place code scanning accepts, and says they are not located', () => {
    const sarif = render(edge.report, { cwd: edge.dir });
    const results = sarif.runs[0]?.results ?? [];
    const unlocated = edge.report.findings.flatMap((f, i) => (f.location ? [] : [{ finding: f, result: results[i] as Result }]));
    assert.ok(unlocated.some(({ finding }) => finding.resource.kind === 'Cluster'), 'a finding about the whole cluster');
    assert.ok(unlocated.some(({ finding }) => finding.resource.kind === 'Namespace'), 'a finding about a Namespace not in the input');
    for (const { finding, result } of unlocated) {
      assert.equal(result.properties.located, false);
      const physical = result.locations[0]?.physicalLocation;
      assert.ok(physical, `${finding.controlId}: a physical location`);
      const namespaceStart = edge.report.workloads.find((w) => w.resource.namespace === finding.resource.name)?.location;
      if (finding.resource.kind === 'Namespace' && namespaceStart) {
        assert.equal(decodeURIComponent(physical.artifactLocation.uri), namespaceStart.file.split('/').pop(), 'at the first workload of its namespace');
        assert.equal(physical.region.startLine, namespaceStart.line);
      } else {
        assert.equal(physical.region.startLine, 1, 'the cluster: line 1 of the first scanned file');
      }
      assert.equal(result.locations[0]?.logicalLocations[0]?.fullyQualifiedName, `${finding.resource.kind}/${finding.resource.name}`);
    }
  });

  it('writes results without a physical location when no scanned file exists (a live cluster)', () => {
    const report = clusterOnlyReport();
    const results = render(report).runs[0]?.results ?? [];
    assert.ok(results.length > 0);
    assert.ok(results.every((r) => r.locations[0]?.physicalLocation === undefined && r.locations[0]?.logicalLocations[0]?.fullyQualifiedName));
  });

  it('encodes odd file names as URIs relative to the working directory, or as absolute file URIs', () => {
    const relative = render(edge.report, { cwd: edge.dir });
    const uris = new Set(relative.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation?.artifactLocation.uri));
    assert.ok(uris.has('we%3Aird%2C%20100%25%20%3Cfile%3E%20%231%20%C3%BC.yaml'), [...uris].join(' '));
    assert.equal(relative.runs[0]?.originalUriBaseIds?.[SRCROOT]?.uri, `file://${edge.dir}/`);
    const absolute = render(edge.report, { cwd: undefined });
    const absoluteUri = absolute.runs[0]?.results.find((r) => r.locations[0]?.physicalLocation)?.locations[0]?.physicalLocation?.artifactLocation;
    assert.ok(absoluteUri?.uri.startsWith(`file://${edge.dir}/`) && absoluteUri.uriBaseId === undefined, JSON.stringify(absoluteUri));
    assert.equal(new URL(absoluteUri?.uri ?? "").pathname.split('/').map(decodeURIComponent).join('/').startsWith(edge.dir), true);
  });

  it('puts the rendered Helm position in relatedLocations', () => {
    const results = render(edge.report, { cwd: edge.dir }).runs[0]?.results ?? [];
    const index = edge.report.findings.findIndex((f) => f.location?.rendered);
    assert.ok(index >= 0);
    const finding = edge.report.findings[index] as Finding;
    const result = results[index] as Result;
    assert.equal(result.locations[0]?.physicalLocation?.artifactLocation.uri, 'shop/templates/deploy.yaml');
    assert.equal(result.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri, 'rendered.yaml');
    assert.equal(result.relatedLocations?.[0]?.physicalLocation.region.startLine, finding.location?.rendered?.line);
  });

  it('reports scan errors as tool notifications and marks the run unsuccessful', () => {
    const run = render(edge.report, { cwd: edge.dir }).runs[0];
    assert.equal(run?.invocations[0]?.executionSuccessful, false);
    const notification = run?.invocations[0]?.toolExecutionNotifications?.[0];
    assert.equal(notification?.level, 'error');
    assert.equal(edge.report.errors.length, 1);
    assert.equal(notification?.message.text, edge.report.errors[0]?.message);
  });

  it('writes fixes only for a finding that has one', () => {
    const report = withFix(edge.report);
    const results = render(report, { cwd: edge.dir }).runs[0]?.results ?? [];
    const fixed = results.filter((r) => r.fixes);
    assert.equal(fixed.length, 1);
    assert.deepEqual((fixed[0]?.fixes as { artifactChanges: { replacements: { insertedContent: { text: string } }[] }[] }[])[0]?.artifactChanges[0]?.replacements[0]?.insertedContent, {
      text: 'false',
    });
  });

  it('is valid JSON with no results for a clean scan, and is the same whatever the chunking', () => {
    const sarif = render(cleanReport());
    assert.deepEqual(sarif.runs[0]?.results, []);
    assert.equal(sarif.version, '2.1.0');
    const big = { ...insecure, findings: Array.from({ length: 40 }, () => insecure.findings).flat() };
    assert.equal(render(big).runs[0]?.results.length, insecure.findings.length * 40);
  });
});
