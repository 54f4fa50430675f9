import { join } from 'node:path';
import type { ConformanceCase, ProjectCases, SkippedRow } from '../model.js';
import { readTsv, splitCell } from '../tsv.js';

/**
 * zegl/kube-score `score/testdata/*.yaml` with the assertions of `score/*_test.go`:
 * `testExpectedScore(file, "<Check Name>", grade)` scores the file and asserts the grade of the first
 * object that ran the check (CRITICAL = fail, WARNING = warn, OK/ALMOST_OK = pass). The case is the file:
 * the fixtures are written so that every object the check runs on gets the same grade. Rows asserting
 * that a check was skipped or evaluated, and custom Go assertions, carry no grade and are skipped.
 */
export function loadKubeScore(dir: string): ProjectCases {
  const cases: ConformanceCase[] = [];
  const skipped: SkippedRow[] = [];
  const columns = ['case_id', 'files', 'check', 'expected_grade', 'expected', 'concept', 'run_config', 'expected_comment_summaries_in_test'];
  for (const row of readTsv(join(dir, 'INDEX.tsv'), columns)) {
    const id = row['case_id'] as string;
    const concept = row['concept'] as string;
    const expected = row['expected'] as string;
    if (expected !== 'pass' && expected !== 'warn' && expected !== 'fail') {
      skipped.push({ project: 'kube-score', id, concept, reason: `no grade asserted (${expected})` });
      continue;
    }
    const runConfig = row['run_config'] as string;
    const version = /k8s=(1\.\d+)/.exec(runConfig)?.[1];
    const displayFiles = splitCell(row['files'] as string, ';');
    const comments = row['expected_comment_summaries_in_test'] as string;
    cases.push({
      project: 'kube-score',
      id,
      concept,
      check: row['check'] as string,
      files: displayFiles.map((f) => join(dir, f)),
      displayFiles,
      expected,
      target: { type: 'case' },
      ...(version ? { kubernetesVersion: version } : {}),
      ...(runConfig ? { peerConfig: runConfig } : {}),
      detail: [`grade ${row['expected_grade']}`, runConfig ? `run_config: ${runConfig}` : '', comments ? `comments: ${comments}` : '']
        .filter(Boolean)
        .join('; '),
    });
  }
  return { cases, skipped };
}
