import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ControlEntry } from '../core/report.js';
import { complianceScore, sectionScores } from './score.js';

const control = (section: string, status: ControlEntry['status']): ControlEntry => ({
  id: 'X', title: 't', section, severity: 'low', status, evaluated: status === 'passed' || status === 'failed' ? 1 : 0, failed: status === 'failed' ? 1 : 0,
});

test('the score is passed over judged controls; not-evaluated and manual controls are left out, never counted as passed', () => {
  assert.equal(complianceScore(2, 1), 66.7);
  assert.equal(complianceScore(0, 0), null);
  const sections = sectionScores([
    control('Pod', 'passed'), control('Pod', 'failed'), control('Pod', 'not-evaluated'), control('Pod', 'passed'),
    control('Network', 'manual'), control('Network', 'not-evaluated'),
  ]);
  assert.deepEqual(sections, [
    { section: 'Pod', passed: 2, failed: 1, notEvaluated: 1, manual: 0, score: 66.7 },
    { section: 'Network', passed: 0, failed: 0, notEvaluated: 1, manual: 1, score: null },
  ]);
});
