import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceCase, Outcome, ProjectCases, SkippedRow } from '../model.js';
import { readTsv } from '../tsv.js';

interface ExpectedTest {
  readonly test: string;
  readonly fixture: string | null;
  readonly report_count: number | null;
  readonly messages: readonly { readonly report_index: number; readonly op: string; readonly text: string }[];
}

/**
 * Objects whose INDEX_objects.tsv expectation is `unknown` or `pass?` (unverified), resolved by reading
 * the bats assertions (EXPECTED.json) and kube-linter's check templates. Only objects of concepts that
 * map to an NSA control are resolved; the others stay without an oracle.
 */
const resolvedObjects: Readonly<Record<string, { readonly expected: Outcome; readonly why: string }>> = {
  'drop-net-raw-capability#0': {
    expected: 'pass',
    why: 'kube-linter (template verify-container-capabilities) only looks at containers whose securityContext.capabilities is set; here it is null',
  },
  'drop-net-raw-capability#1': {
    expected: 'pass',
    why: 'kube-linter (template verify-container-capabilities) only looks at containers whose securityContext.capabilities is set; here it is null',
  },
  'drop-net-raw-capability#2': {
    expected: 'fail',
    why: 'adds NET_RAW and does not drop it: 2 reports (ADD, missing DROP); 4 reports in all for the two "app" objects',
  },
  'drop-net-raw-capability#3': {
    expected: 'fail',
    why: 'adds NET_RAW and does not drop it: 2 reports (ADD, missing DROP); 4 reports in all for the two "app" objects',
  },
  'wildcard-in-rules#0': { expected: 'pass', why: 'rule verbs [get] on pods: no wildcard; the single report is the other Role' },
  'wildcard-in-rules#1': { expected: 'fail', why: 'the single report, "Role: wildcard "*" in verb specification", is this Role (verbs ["*"])' },
  'no-extensions-v1beta#0': { expected: 'pass', why: 'networking.k8s.io/v1; the single report names extensions/v1beta1' },
  'no-extensions-v1beta#1': { expected: 'fail', why: 'the single report: "disallowed API object found: extensions/v1beta1, Kind=NetworkPolicy"' },
};

/**
 * stackrox/kube-linter `tests/checks/<check>.yml`: one multi-document file per check, linted with
 * `--include <check> --do-not-auto-add-defaults`; the bats test asserts the report count and the
 * `Kind: message` of (some of) the reports. INDEX_objects.tsv derives a pass/fail per object from them;
 * each object is a case. Objects it could not derive are resolved above or carry no oracle.
 */
export function loadKubeLinter(dir: string): ProjectCases {
  const cases: ConformanceCase[] = [];
  const skipped: SkippedRow[] = [];
  const tests = new Map<string, ExpectedTest>();
  const expectedJson = JSON.parse(readFileSync(join(dir, 'EXPECTED.json'), 'utf8')) as { tests: ExpectedTest[] };
  for (const t of expectedJson.tests) tests.set(t.test, t);
  const columns = ['case_id', 'file', 'doc_index', 'kind', 'name', 'check', 'concept', 'expected(heuristic)'];
  for (const row of readTsv(join(dir, 'INDEX_objects.tsv'), columns)) {
    const id = row['case_id'] as string;
    const concept = row['concept'] as string;
    const heuristic = row['expected(heuristic)'] as string;
    const resolved = resolvedObjects[id];
    const derived = /^(pass|fail)\(/.exec(heuristic)?.[1] as Outcome | undefined;
    const expected = resolved?.expected ?? derived;
    if (!expected) {
      skipped.push({ project: 'kube-linter', id, concept, reason: `no per-object oracle (${heuristic || 'none derived'})` });
      continue;
    }
    const test = tests.get(id.slice(0, id.lastIndexOf('#')));
    const kind = row['kind'] as string;
    const messages = (test?.messages ?? []).filter((m) => m.text.startsWith(`${kind}: `)).map((m) => `#${m.report_index} ${m.text}`);
    const detail = [
      `test reports: ${test?.report_count ?? '?'}`,
      resolved ? `resolved: ${resolved.why}` : `derived: ${heuristic}`,
      messages.length > 0 ? `${kind} messages: ${messages.join(' | ')}` : `no asserted ${kind} message`,
    ];
    const file = row['file'] as string;
    cases.push({
      project: 'kube-linter',
      id,
      concept,
      check: row['check'] as string,
      files: [join(dir, file)],
      displayFiles: [file],
      expected,
      target: { type: 'object', file: join(dir, file), position: Number(row['doc_index']), object: { kind, name: row['name'] as string } },
      detail: detail.join('; '),
    });
  }
  return { cases, skipped };
}
