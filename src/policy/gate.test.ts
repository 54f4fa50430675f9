import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, WorkloadEntry } from '../core/report.js';
import type { Severity } from '../core/severity.js';
import { workloadIdentity } from './baseline.js';
import { evaluateGate } from './gate.js';

const finding = (severity: Severity, extra: Partial<Finding> = {}): Finding => ({
  controlId: 'NSA-POD-006', slug: 'privileged-containers', severity, status: 'failed',
  resource: { apiVersion: 'v1', kind: 'Pod', name: 'p' }, path: 'spec', messageId: 'm', message: 'm', remediation: 'r', ...extra,
});
const workload = (name: string, level: WorkloadEntry['pss']['level']): WorkloadEntry => ({
  resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name },
  pss: { version: 'v1.37', level, violations: [] },
});
const report = (findings: Finding[], score: number | null = 100, workloads: WorkloadEntry[] = []) => ({ findings, workloads, summary: { score } });

describe('gate', () => {
  it('fails on unsuppressed, new failed findings at or above --fail-on; warnings, suppressed and baseline findings never fail it', () => {
    assert.deepEqual(evaluateGate(report([finding('medium')]), { failOn: 'high' }), { status: 'passed', reasons: [] });
    assert.deepEqual(evaluateGate(report([finding('critical'), finding('high'), finding('high')]), { failOn: 'high' }), {
      status: 'failed', reasons: ['3 failed findings at or above high (critical 1, high 2), not suppressed'],
    });
    const harmless = [finding('critical', { status: 'warning' }), finding('critical', { status: 'suppressed' }), finding('critical', { baseline: true })];
    assert.equal(evaluateGate(report(harmless), { failOn: 'low' }).status, 'passed');
    assert.equal(evaluateGate(report([finding('critical')]), { failOn: 'none' }).status, 'passed');
  });

  it('fails below --min-score, and when no control could be judged', () => {
    assert.equal(evaluateGate(report([], 80), { failOn: 'none', minScore: 80 }).status, 'passed');
    assert.deepEqual(evaluateGate(report([], 79.9), { failOn: 'none', minScore: 80 }).reasons, ['the score 79.9% is below the minimum of 80%']);
    assert.deepEqual(evaluateGate(report([], null), { failOn: 'none', minScore: 0 }).reasons, ['no control could be judged on this input, so the score cannot reach the minimum of 0%']);
  });

  it('fails on workloads below the target Pod Security level, unless the baseline had them at that level already', () => {
    const workloads = [workload('a', 'restricted'), workload('b', 'baseline'), workload('c', 'privileged')];
    assert.deepEqual(evaluateGate(report([], 100, workloads), { failOn: 'none', pssLevel: 'baseline' }).reasons, [
      '1 workload is below the Pod Security Standards level baseline: Deployment/shop/c (privileged)',
    ]);
    assert.equal(evaluateGate(report([], 100, workloads), { failOn: 'none', pssLevel: 'restricted' }).reasons.length, 1);
    const known = new Map([[workloadIdentity(workloads[1]!.resource), 'baseline' as const], [workloadIdentity(workloads[2]!.resource), 'baseline' as const]]);
    assert.deepEqual(evaluateGate(report([], 100, workloads), { failOn: 'none', pssLevel: 'restricted' }, { workloadLevels: known }).reasons, [
      '1 workload is below the Pod Security Standards level restricted (new, or lower than in the baseline): Deployment/shop/c (privileged)',
    ]);
  });

  it('gives every reason at once', () => {
    const result = evaluateGate(report([finding('high')], 50, [workload('c', 'privileged')]), { failOn: 'high', minScore: 90, pssLevel: 'baseline' });
    assert.equal(result.status, 'failed');
    assert.equal(result.reasons.length, 3);
  });
});
