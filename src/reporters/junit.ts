import type { ControlEntry, Finding, ScanError, ScanReport } from '../core/report.js';
import { formatRef } from '../core/resource.js';
import type { Reporter } from './reporter.js';
import {
  count,
  displayPath,
  groupByControlAndResource,
  passedWorkloads,
  resourceKey,
  suppressionOf,
  type ControlResourceGroup,
} from './shared.js';
import { xmlAttributes, xmlText } from './xml.js';

/**
 * JUnit XML: one test suite per control of the report, one test case per control and resource.
 * - A resource with a failed finding of the control is a failed case (`<failure>` with every message
 *   and position); one with only suppressed findings is skipped (`<skipped>` with who suppressed it and
 *   why); one with only warnings passes, the warnings in `<system-out>`.
 * - Passed resources are named where the report can name them: for workload and container controls the
 *   report lists every workload, so each workload without a finding is a passed case. Resource,
 *   namespace and cluster controls only count what they evaluated: the resources that passed are one
 *   passed case named `other resources (N)`.
 * - A control that was not evaluated, or needs manual review, is one skipped case with the reason.
 * - Scan errors are error cases of a last suite, `kubeharden scan errors`.
 */
export const junitReporter: Reporter = {
  name: 'junit',
  fileExtension: 'xml',
  *render(report, ctx) {
    const file: FileName = (name) => displayPath(name, ctx.cwd);
    const groups = groupByControlAndResource(report.findings);
    const suites = report.controls.map((control) => controlSuite(control, groups.get(control.id) ?? [], report, file));
    const known = new Set(report.controls.map((c) => c.id));
    // A finding of a control that the report does not list still gets its suite: nothing is dropped.
    for (const [id, list] of groups) {
      if (!known.has(id)) suites.push(findingsOnlySuite(id, list, file));
    }
    if (report.errors.length > 0) suites.push(errorSuite(report.errors, file));
    const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const suite of suites) {
      totals.tests += suite.tests;
      totals.failures += suite.failures;
      totals.errors += suite.errors;
      totals.skipped += suite.skipped;
    }
    yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${xmlAttributes({ name: 'kubeharden', ...totals, time: 0 })}>\n`;
    for (const suite of suites) {
      const { name, tests, failures, errors, skipped, properties } = suite;
      let out = `  <testsuite${xmlAttributes({ name, tests, failures, errors, skipped, time: 0 })}>\n`;
      if (properties.length > 0) {
        out += '    <properties>\n';
        for (const [key, value] of properties) out += `      <property${xmlAttributes({ name: key, value })}/>\n`;
        out += '    </properties>\n';
      }
      for (const testCase of suite.cases) {
        out += renderCase(testCase);
        if (out.length > 1 << 16) {
          yield out;
          out = '';
        }
      }
      yield `${out}  </testsuite>\n`;
    }
    yield '</testsuites>\n';
  },
};

/** A file name as the report should show it (relative to the working directory when inside it). */
type FileName = (name: string) => string;

interface TestCase {
  readonly name: string;
  readonly classname: string;
  readonly file?: string;
  readonly line?: number;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  readonly error?: { readonly message: string; readonly type: string; readonly text: string };
  readonly skipped?: { readonly message: string; readonly text?: string };
  readonly systemOut?: string;
}

interface Suite {
  readonly name: string;
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
  readonly properties: readonly (readonly [string, string])[];
  readonly cases: readonly TestCase[];
}

function suiteOf(name: string, properties: Suite['properties'], cases: TestCase[]): Suite {
  return {
    name,
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    errors: cases.filter((c) => c.error).length,
    skipped: cases.filter((c) => c.skipped).length,
    properties,
    cases,
  };
}

function controlSuite(control: ControlEntry, groups: readonly ControlResourceGroup[], report: ScanReport, file: FileName): Suite {
  const properties: [string, string][] = [
    ['control', control.id],
    ...(control.slug ? ([['slug', control.slug]] as [string, string][]) : []),
    ['section', control.section],
    ['severity', control.severity],
    ['status', control.status],
    ['evaluated', String(control.evaluated)],
    ['failed', String(control.failed)],
    ...(control.reason ? ([['reason', control.reason]] as [string, string][]) : []),
  ];
  const name = `${control.id} ${control.title}`;
  if (control.status === 'not-evaluated' || control.status === 'manual') {
    const label = control.status === 'manual' ? 'manual review' : 'not evaluated';
    const cases: TestCase[] = [{ name: label, classname: control.id, skipped: { message: `${label}: ${control.reason ?? 'no reason given'}` } }];
    // A verdict about the whole input can still come with findings (an inventory for review): keep them.
    cases.push(...groups.map((g) => groupCase(g, file)));
    return suiteOf(name, properties, cases);
  }
  const cases = groups.map((g) => groupCase(g, file));
  const withFindings = new Set(groups.map((g) => resourceKey(g.resource)));
  const passed = passedWorkloads(control, report, withFindings);
  if (passed) {
    for (const workload of passed) {
      cases.push({
        name: formatRef(workload.resource),
        classname: control.id,
        ...(workload.location ? { file: file(workload.location.file), line: workload.location.line } : {}),
      });
    }
  } else {
    const others = control.evaluated - groups.length;
    if (others > 0) {
      cases.push({
        name: `other resources (${others})`,
        classname: control.id,
        systemOut: `${count(others, 'evaluated resource')} without a finding of ${control.id}; the report counts them but does not name them.`,
      });
    }
  }
  return suiteOf(name, properties, cases);
}

function findingsOnlySuite(id: string, groups: readonly ControlResourceGroup[], file: FileName): Suite {
  const first = groups[0]?.findings[0];
  return suiteOf(`${id}${first ? ` ${first.slug}` : ''}`, [['control', id]], groups.map((g) => groupCase(g, file)));
}

function groupCase(group: ControlResourceGroup, file: FileName): TestCase {
  const first = group.findings[0] as Finding;
  const base = {
    name: formatRef(group.resource),
    classname: group.controlId,
    ...(first.location ? { file: file(first.location.file), line: first.location.line } : {}),
  };
  const text = group.findings.map((f) => describe(f, file)).join('\n');
  if (group.outcome === 'fail') {
    const failed = group.findings.filter((f) => f.status === 'failed');
    const message = failed.length === 1 ? (failed[0] as Finding).message : `${failed.length} failed findings: ${(failed[0] as Finding).message} ...`;
    return { ...base, failure: { message, type: first.severity, text } };
  }
  if (group.outcome === 'skip') {
    const suppression = suppressionOf(first);
    const message = suppression ? `suppressed by ${suppression.by}: ${suppression.reason}` : 'suppressed';
    return { ...base, skipped: { message, text } };
  }
  return { ...base, systemOut: text };
}

/** One finding as a few lines of text: status, message, position, field, and the fix or suppression. */
function describe(finding: Finding, file: FileName): string {
  const where = finding.location
    ? `${file(finding.location.file)}:${finding.location.line}:${finding.location.column}${finding.location.exact ? '' : ' (where the missing field belongs)'}`
    : finding.kubectl
      ? `${formatRef(finding.resource)} (live object: ${finding.kubectl})`
      : `${formatRef(finding.resource)} (no position: the object is not in the input)`;
  const lines = [`${finding.status} (${finding.severity}): ${finding.message}`, `  at ${where}`, `  field: ${finding.path}`];
  if (finding.location?.rendered) {
    lines.push(`  rendered at ${file(finding.location.rendered.file)}:${finding.location.rendered.line}:${finding.location.rendered.column}`);
  }
  const suppression = suppressionOf(finding);
  if (suppression) {
    const details = Object.entries(suppression.details).map(([k, v]) => `, ${k} ${v}`).join('');
    lines.push(`  suppressed by ${suppression.by}: ${suppression.reason}${details}`);
  } else {
    lines.push(`  fix: ${finding.remediation}`);
  }
  return lines.join('\n');
}

function errorSuite(errors: readonly ScanError[], file: FileName): Suite {
  return suiteOf(
    'kubeharden scan errors',
    [],
    errors.map((error, i) => {
      const where = [error.file === undefined ? undefined : file(error.file), error.line, error.column].filter((x) => x !== undefined).join(':');
      return {
        name: where || `error ${i + 1}`,
        classname: 'kubeharden',
        ...(error.file ? { file: file(error.file) } : {}),
        ...(error.line ? { line: error.line } : {}),
        error: { message: error.message, type: `${error.kind} error`, text: `${where ? `${where}: ` : ''}${error.message}` },
      };
    }),
  );
}

function renderCase(testCase: TestCase): string {
  const attributes = xmlAttributes({ name: testCase.name, classname: testCase.classname, file: testCase.file, line: testCase.line, time: 0 });
  const children: string[] = [];
  if (testCase.failure) {
    children.push(`<failure${xmlAttributes({ message: testCase.failure.message, type: testCase.failure.type })}>${xmlText(testCase.failure.text)}</failure>`);
  }
  if (testCase.error) {
    children.push(`<error${xmlAttributes({ message: testCase.error.message, type: testCase.error.type })}>${xmlText(testCase.error.text)}</error>`);
  }
  if (testCase.skipped) {
    const text = testCase.skipped.text;
    children.push(
      text === undefined
        ? `<skipped${xmlAttributes({ message: testCase.skipped.message })}/>`
        : `<skipped${xmlAttributes({ message: testCase.skipped.message })}>${xmlText(text)}</skipped>`,
    );
  }
  if (testCase.systemOut) children.push(`<system-out>${xmlText(testCase.systemOut)}</system-out>`);
  if (children.length === 0) return `    <testcase${attributes}/>\n`;
  return `    <testcase${attributes}>\n${children.map((c) => `      ${c}\n`).join('')}    </testcase>\n`;
}
