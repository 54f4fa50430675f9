import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ScanReport } from '../core/report.js';
import { formatRef } from '../core/resource.js';
import { cleanReport, edgeReport, exampleReport, ODD_FILE, type EdgeScan } from '../testing/report-fixtures.js';
import { descendants, parseXml, type XmlElement } from '../testing/xml-tree.js';
import { junitReporter } from './junit.js';
import { renderToString } from './reporter.js';

const parse = (report: ScanReport, cwd?: string): XmlElement =>
  parseXml(renderToString(junitReporter, report, { color: false, ...(cwd ? { cwd } : {}) }));
const suiteOf = (root: XmlElement, id: string): XmlElement => {
  const suite = root.children.find((s) => s.attributes['name']?.startsWith(`${id} `));
  assert.ok(suite, `no suite for ${id}`);
  return suite;
};
const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);

let insecure: ScanReport;
let edge: EdgeScan;

before(async () => {
  [insecure, edge] = await Promise.all([exampleReport('insecure'), edgeReport()]);
});

describe('JUnit XML', () => {
  it('has one test suite per control, and counts that match the test cases', () => {
    const root = parse(insecure);
    assert.equal(root.name, 'testsuites');
    assert.equal(root.children.length, insecure.controls.length);
    const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const [i, suite] of root.children.entries()) {
      const control = insecure.controls[i] as ScanReport['controls'][number];
      assert.equal(suite.attributes['name'], `${control.id} ${control.title}`);
      const cases = suite.children.filter((c) => c.name === 'testcase');
      const counted = {
        tests: cases.length,
        failures: cases.filter((c) => child(c, 'failure')).length,
        errors: cases.filter((c) => child(c, 'error')).length,
        skipped: cases.filter((c) => child(c, 'skipped')).length,
      };
      for (const key of Object.keys(counted) as (keyof typeof counted)[]) {
        assert.equal(Number(suite.attributes[key]), counted[key], `${control.id} ${key}`);
        totals[key] += counted[key];
      }
      if (control.status === 'failed' || control.status === 'passed') {
        assert.equal(counted.failures, control.failed, `${control.id}: one failed case per failed resource`);
      } else {
        assert.equal(counted.skipped, 1, `${control.id} (${control.status}) is one skipped case`);
        assert.match(child(cases[0] as XmlElement, 'skipped')?.attributes['message'] ?? '', /^(not evaluated|manual review): ./);
      }
    }
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) assert.equal(Number(root.attributes[key]), totals[key]);
  });

  it('lists every workload for workload and container controls: failed ones with messages and positions, the others passed', () => {
    const root = parse(insecure);
    const suite = suiteOf(root, 'NSA-POD-006');
    const cases = suite.children.filter((c) => c.name === 'testcase');
    assert.deepEqual(cases.map((c) => c.attributes['name']).sort(), insecure.workloads.map((w) => formatRef(w.resource)).sort());
    const findings = insecure.findings.filter((f) => f.controlId === 'NSA-POD-006');
    const failed = cases.filter((c) => child(c, 'failure'));
    assert.equal(failed.length, new Set(findings.map((f) => formatRef(f.resource))).size);
    for (const testCase of failed) {
      const finding = findings.find((f) => formatRef(f.resource) === testCase.attributes['name']);
      const failure = child(testCase, 'failure') as XmlElement;
      assert.equal(failure.attributes['type'], 'critical');
      assert.ok(failure.text.includes(finding?.message ?? '?'));
      assert.ok(failure.text.includes(`${finding?.location?.file}:${finding?.location?.line}:${finding?.location?.column}`));
      assert.equal(testCase.attributes['file'], finding?.location?.file);
      assert.equal(testCase.attributes['classname'], 'NSA-POD-006');
    }
  });

  it('counts the resources that passed other controls in one case, since the report does not name them', () => {
    const root = parse(insecure);
    // NSA-POD-024 judges ServiceAccounts: the report counts them (6) but lists only those with findings.
    const counted = insecure.controls.find((c) => c.id === 'NSA-POD-024');
    assert.ok(counted && counted.evaluated > counted.failed, 'the example has ServiceAccounts that pass NSA-POD-024');
    const cases = suiteOf(root, counted.id).children.filter((c) => c.name === 'testcase');
    const withFindings = new Set(insecure.findings.filter((f) => f.controlId === counted.id).map((f) => formatRef(f.resource))).size;
    assert.equal(cases.length, withFindings + 1);
    assert.equal(cases.at(-1)?.attributes['name'], `other resources (${counted.evaluated - withFindings})`);
    assert.equal(child(cases.at(-1) as XmlElement, 'failure'), undefined);
  });

  it('skips suppressed cases with who and why, keeps odd characters and names intact, and puts warnings in system-out', () => {
    const root = parse(edge.report, edge.dir);
    const privileged = suiteOf(root, 'NSA-POD-006').children.find((c) => c.attributes['name'] === 'Deployment/kube-tools/odd-app') as XmlElement;
    assert.equal(child(privileged, 'skipped')?.attributes['message'], 'suppressed by config: capabilities are managed by the runtime profile');
    assert.match(child(privileged, 'skipped')?.text ?? '', /owner payments-team, expires 2027-06-30/);
    const runAsRoot = suiteOf(root, 'NSA-POD-001').children.find((c) => c.attributes['name'] === 'Deployment/kube-tools/odd-app') as XmlElement;
    assert.equal(child(runAsRoot, 'skipped')?.attributes['message'], `suppressed by annotation: reviewed: needs <raw> & "device" access, 100% 'sure'`);
    // Attribute values keep line breaks; characters XML forbids are shown as \uXXXX.
    const escalation = suiteOf(root, 'NSA-POD-007').children.find((c) => c.attributes['name'] === 'Deployment/kube-tools/odd-app') as XmlElement;
    const message = edge.report.findings.find((f) => f.controlId === 'NSA-POD-007' && f.resource.name === 'odd-app')?.message;
    assert.ok(message?.includes('\r\n'));
    assert.equal(child(escalation, 'failure')?.attributes['message'], message);
    assert.equal(escalation.attributes['file'], ODD_FILE, 'relative to the working directory');
    assert.equal(parse(edge.report).children.find((s) => s.attributes['name']?.startsWith('NSA-POD-007 '))?.children.find((c) => c.attributes['name'] === 'Deployment/kube-tools/odd-app')?.attributes['file'], `${edge.dir}/${ODD_FILE}`);
    const pinned = suiteOf(root, 'NSA-POD-033').children.find((c) => c.attributes['name'] === 'Deployment/kube-tools/odd-app') as XmlElement;
    assert.equal(child(pinned, 'failure'), undefined, 'a warning does not fail');
    assert.ok(child(pinned, 'system-out')?.text.includes('x<y>&z\\u0001\\u001Fend'), child(pinned, 'system-out')?.text);
  });

  it('reports findings without a position, and scan errors as error cases', () => {
    const root = parse(edge.report);
    const cluster = suiteOf(root, 'NSA-LOG-010').children.find((c) => c.attributes['name'] === 'Cluster/cluster') as XmlElement;
    assert.equal(cluster.attributes['file'], undefined);
    assert.match(child(cluster, 'failure')?.text ?? '', /no position: the object is not in the input/);
    const errors = root.children.at(-1) as XmlElement;
    assert.equal(errors.attributes['name'], 'kubeharden scan errors');
    assert.equal(errors.attributes['errors'], '1');
    assert.equal(child(errors.children[0] as XmlElement, 'error')?.attributes['message'], edge.report.errors[0]?.message);
    assert.equal(Number(root.attributes['errors']), 1);
  });

  it('is a valid document for a scan without findings', () => {
    const root = parse(cleanReport());
    assert.equal(root.children.length, 1);
    assert.deepEqual(
      descendants(root, 'testcase').map((c) => [c.attributes['name'], c.children.length]),
      [['Pod/shop/ok', 0]],
    );
    assert.equal(root.attributes['failures'], '0');
  });
});
