import { join } from 'node:path';
import type { ConformanceCase, ProjectCases, SkippedRow } from '../model.js';
import { readTsv, splitCell } from '../tsv.js';

/**
 * FairwindsOps/polaris `test/checks/<check>/{success,failure}*.yaml`: the file name is the oracle. The
 * upstream test runs each file with `checks: {<check>: danger}`; a failure file must give >=1 danger
 * result for the check, a success file none. So the case is the whole file: any object flagged.
 * `mutated.*` rows (expected output of `polaris fix`) and the admission-webhook deployment manifest carry
 * no pass/fail and are skipped; `check.yaml` files are Polaris custom-check definitions, not input.
 */
export function loadPolaris(dir: string): ProjectCases {
  const cases: ConformanceCase[] = [];
  const skipped: SkippedRow[] = [];
  for (const row of readTsv(join(dir, 'INDEX.tsv'), ['case_id', 'files', 'check', 'expected', 'concept', 'notes'])) {
    const id = row['case_id'] as string;
    const concept = baseConcept(row['concept'] as string);
    const expected = row['expected'] as string;
    if (expected !== 'pass' && expected !== 'fail') {
      skipped.push({ project: 'polaris', id, concept, reason: `no pass/fail oracle (${expected})` });
      continue;
    }
    const displayFiles = splitCell(row['files'] as string, ';').filter((f) => !f.endsWith('/check.yaml'));
    cases.push({
      project: 'polaris',
      id,
      concept,
      check: row['check'] as string,
      files: displayFiles.map((f) => join(dir, f)),
      displayFiles,
      expected,
      target: { type: 'case' },
      ...(row['notes'] ? { detail: row['notes'] as string } : {}),
    });
  }
  return { cases, skipped };
}

/** Polaris' linuxHardening rows say which part they exercise (`...[seccomp]`); the concept is the same. */
function baseConcept(concept: string): string {
  return concept.replace(/\[[^\]]*\]$/, '');
}
