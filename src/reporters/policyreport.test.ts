import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { ScanReport } from '../core/report.js';
import { groupByControlAndResource } from './shared.js';
import { cleanReport, edgeReport, exampleReport, type EdgeScan } from '../testing/report-fixtures.js';
import { policyReportReporter } from './policyreport.js';
import { renderToString } from './reporter.js';

type Doc = Record<string, unknown>;
interface Result {
  policy: string;
  rule?: string;
  category?: string;
  severity?: string;
  result: string;
  scored?: boolean;
  source?: string;
  message?: string;
  resources?: Record<string, string>[];
  properties?: Record<string, string>;
}

/**
 * The documents, read as Go's YAML 1.1 readers (kubectl, Policy Reporter) read them, and checked against
 * the wgpolicyk8s.io/v1alpha2 CRD schema: known fields only, their types, and the enums.
 */
function parseReports(text: string): Doc[] {
  const docs = parseAllDocuments(text, { version: '1.1' });
  assert.ok(Array.isArray(docs));
  return docs.map((doc) => {
    assert.deepEqual(doc.errors, []);
    const object = doc.toJS() as Doc;
    checkSchema(object);
    return object;
  });
}

const objectReferenceFields = ['apiVersion', 'fieldPath', 'kind', 'name', 'namespace', 'resourceVersion', 'uid'];
const resultFields = ['source', 'policy', 'rule', 'category', 'severity', 'timestamp', 'result', 'scored', 'resources', 'resourceSelector', 'message', 'properties'];

function checkSchema(doc: Doc): void {
  const fields = (o: object, allowed: string[], where: string) => {
    for (const key of Object.keys(o)) assert.ok(allowed.includes(key), `${where}: unknown field ${key}`);
  };
  fields(doc, ['apiVersion', 'kind', 'metadata', 'scope', 'scopeSelector', 'summary', 'results'], 'report');
  assert.equal(doc['apiVersion'], 'wgpolicyk8s.io/v1alpha2');
  assert.ok(doc['kind'] === 'PolicyReport' || doc['kind'] === 'ClusterPolicyReport');
  const metadata = doc['metadata'] as Record<string, unknown>;
  assert.match(metadata['name'] as string, /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/);
  assert.equal(typeof metadata['namespace'] === 'string', doc['kind'] === 'PolicyReport', 'only PolicyReports are namespaced');
  const summary = doc['summary'] as Record<string, unknown>;
  fields(summary, ['pass', 'fail', 'warn', 'error', 'skip'], 'summary');
  for (const value of Object.values(summary)) assert.ok(Number.isInteger(value));
  const results = (doc['results'] ?? []) as Result[];
  assert.ok(Array.isArray(results));
  for (const r of results) {
    fields(r, resultFields, 'result');
    assert.equal(typeof r.policy, 'string');
    for (const key of ['source', 'rule', 'category', 'message'] as const) assert.ok(r[key] === undefined || typeof r[key] === 'string', key);
    assert.ok(['pass', 'fail', 'warn', 'error', 'skip'].includes(r.result));
    assert.ok(r.severity === undefined || ['critical', 'high', 'low', 'medium', 'info'].includes(r.severity));
    assert.ok(r.scored === undefined || typeof r.scored === 'boolean');
    for (const ref of r.resources ?? []) {
      fields(ref, objectReferenceFields, 'resources[]');
      for (const value of Object.values(ref)) assert.equal(typeof value, 'string');
    }
    for (const [key, value] of Object.entries(r.properties ?? {})) assert.equal(typeof value, 'string', `properties.${key}`);
  }
  for (const key of ['pass', 'fail', 'warn', 'error', 'skip']) {
    assert.equal(summary[key], results.filter((r) => r.result === key).length, `summary.${key}`);
  }
}

const render = (report: ScanReport) => parseReports(renderToString(policyReportReporter, report, { color: false }));
const resultsOf = (doc: Doc | undefined) => (doc?.['results'] ?? []) as Result[];
const escalationOnOddApp = (all: Result[]) => all.find((r) => r.policy === 'NSA-POD-007' && r.resources?.[0]?.name === 'odd-app');

let insecure: ScanReport;
let edge: EdgeScan;

before(async () => {
  [insecure, edge] = await Promise.all([exampleReport('insecure'), edgeReport()]);
});

describe('PolicyReport', () => {
  it('writes one PolicyReport per namespace and one ClusterPolicyReport, valid against the CRD schema', () => {
    const docs = render(insecure);
    assert.deepEqual(
      docs.map((d) => [d['kind'], (d['metadata'] as Record<string, string>)['namespace'], (d['metadata'] as Record<string, string>)['name']]),
      [
        ['PolicyReport', 'shop', 'kubeharden-shop'],
        ['PolicyReport', 'shop-logging', 'kubeharden-shop-logging'],
        ['ClusterPolicyReport', undefined, 'kubeharden-cluster'],
      ],
    );
  });

  it('has one result per control and resource with findings, in the report of its namespace', () => {
    const docs = render(insecure);
    const groups = [...groupByControlAndResource(insecure.findings).values()].flat();
    const results = docs.flatMap((d) => resultsOf(d).map((r) => ({ r, namespace: (d['metadata'] as Record<string, string>)['namespace'] })));
    const withFindings = results.filter(({ r }) => r.result !== 'pass');
    assert.equal(withFindings.length, groups.length);
    for (const group of groups) {
      const matching = withFindings.filter(({ r }) => r.policy === group.controlId && r.resources?.[0]?.name === group.resource.name && r.resources[0].kind === group.resource.kind);
      assert.equal(matching.length, 1, `${group.controlId} ${group.resource.kind}/${group.resource.name}`);
      const { r, namespace } = matching[0] as (typeof matching)[number];
      assert.equal(namespace, group.resource.namespace, 'namespaced objects in their namespace; Namespaces in the cluster report');
      const control = insecure.controls.find((c) => c.id === group.controlId);
      assert.equal(r.rule, control?.slug);
      assert.equal(r.category, control?.section);
      assert.equal(r.severity, control?.severity);
      assert.equal(r.source, 'kubeharden');
      assert.equal(r.result, group.outcome);
      for (const f of group.findings) assert.ok(r.message?.includes(f.message));
      assert.equal(r.properties?.['file'], group.findings[0]?.location?.file);
    }
  });

  it('lists the workloads that passed workload and container controls as pass results', () => {
    const docs = render(insecure);
    const passes = docs.flatMap(resultsOf).filter((r) => r.policy === 'NSA-POD-006' && r.result === 'pass');
    const failed = new Set(insecure.findings.filter((f) => f.controlId === 'NSA-POD-006').map((f) => f.resource.name));
    assert.deepEqual(
      passes.map((r) => r.resources?.[0]?.name).sort(),
      insecure.workloads.map((w) => w.resource.name).filter((n) => !failed.has(n)).sort(),
    );
    // Resource controls only count what passed: no pass results for them.
    assert.ok(!docs.flatMap(resultsOf).some((r) => r.policy === 'NSA-POD-024' && r.result === 'pass'));
  });

  it('skips suppressed results with who and why, puts the cluster and scan errors in the ClusterPolicyReport', () => {
    const docs = parseReports(renderToString(policyReportReporter, edge.report, { color: false, cwd: edge.dir }));
    const all = docs.flatMap(resultsOf);
    const privileged = all.find((r) => r.policy === 'NSA-POD-006' && r.resources?.[0]?.name === 'odd-app');
    assert.equal(privileged?.result, 'skip');
    assert.deepEqual(
      [privileged?.properties?.['suppressedBy'], privileged?.properties?.['suppressionReason'], privileged?.properties?.['suppression.owner'], privileged?.properties?.['suppression.expires']],
      ['config', 'capabilities are managed by the runtime profile', 'payments-team', '2027-06-30'],
    );
    const cluster = docs.at(-1) as Doc;
    const clusterResults = resultsOf(cluster);
    const logAgent = clusterResults.find((r) => r.policy === 'NSA-LOG-010');
    assert.equal(logAgent?.result, 'fail');
    assert.equal(logAgent?.resources, undefined, 'a result about the cluster has no object');
    assert.ok(clusterResults.some((r) => r.policy === 'NSA-NET-002' && r.resources?.[0]?.kind === 'Namespace' && r.resources[0].name === 'kube-tools'));
    const error = clusterResults.find((r) => r.result === 'error');
    assert.equal(error?.policy, 'kubeharden-input-error');
    assert.match(error?.message ?? '', /^broken\.yaml:4:14: invalid YAML/);
    assert.equal(escalationOnOddApp(all)?.properties?.['file'], 'we:ird, 100% <file> #1 ü.yaml');
    const odd = all.find((r) => r.policy === 'NSA-POD-033' && r.resources?.[0]?.name === 'odd-app');
    assert.equal(odd?.result, 'warn');
    assert.ok(odd?.message?.includes('x<y>&z\u0001\u001fend'), 'odd characters survive the YAML round trip');
    assert.equal(odd?.properties?.['containers'], 'app\r\n::error::injected');
  });

  it('writes a pass result and an empty ClusterPolicyReport for a clean scan', () => {
    const docs = render(cleanReport());
    assert.equal(docs.length, 2);
    assert.deepEqual(resultsOf(docs[0]).map((r) => [r.policy, r.result, r.resources?.[0]?.name]), [['NSA-POD-006', 'pass', 'ok']]);
    assert.deepEqual(docs[1]?.['summary'], { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 });
  });

  it('quotes values that YAML 1.1 readers would take for booleans or numbers', () => {
    const report = cleanReport();
    const yes = { ...report, workloads: report.workloads.map((w) => ({ ...w, resource: { ...w.resource, name: 'yes', namespace: 'on' } })) };
    const text = renderToString(policyReportReporter, yes, { color: false });
    const docs = parseReports(text);
    assert.equal(resultsOf(docs[0])[0]?.resources?.[0]?.name, 'yes');
    assert.equal((docs[0]?.['metadata'] as Record<string, string>)['namespace'], 'on');
  });
});
