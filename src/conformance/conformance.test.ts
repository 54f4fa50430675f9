/**
 * Runs the peer fixtures (Polaris, Kubescape regolibrary, kube-linter, kube-score) through the
 * conformance harness and holds kubeharden to the agreement it reaches on every mapped concept whose
 * controls are implemented: 95%, or the recorded floor of a concept that a known control bug holds
 * below it. Deliberate differences (deliberate.ts) are counted apart and must still disagree.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { catalogEntry } from '../guidance/lookup.js';
import { conformanceDir } from '../testing/shared-fixtures.js';
import { main } from './cli.js';
import { runHarness } from './harness.js';
import { conceptMappings, mappingFor } from './mapping.js';
import { projectNames } from './model.js';
import { byConcept, groupStatus } from './summary.js';

const required = 95;

/**
 * Concepts held below 95% by a control bug, with today's agreement. When the bug is fixed the test fails
 * until the floor is removed, so a floor never outlives its bug.
 */
const knownFloors: Readonly<Record<string, { readonly floor: number; readonly bug: string }>> = {};

const polarisDir = conformanceDir('polaris');
const sharedDir = polarisDir === undefined ? undefined : dirname(dirname(polarisDir));
const skip = 'conformance fixtures not found (../shared/conformance beside the clone, or KUBEHARDEN_SHARED_DIR)';

describe('the mapping table', () => {
  it('names only catalog control IDs, and says why a concept is out of scope', () => {
    for (const entry of conceptMappings) {
      if (entry.type === 'mapped') {
        assert.ok(entry.controls.length > 0, `${entry.concept}: no controls`);
        for (const id of entry.controls) assert.ok(catalogEntry(id), `${entry.concept}: ${id} is not in the catalog`);
        assert.ok(entry.note.length > 0);
      } else {
        assert.ok(entry.reason.length > 10, `${entry.concept}: out of scope without a reason`);
      }
    }
  });

  it('prefers the entry narrowed to a project and its checks', () => {
    const broad = mappingFor({ concept: 'privileged', project: 'polaris', check: 'runAsPrivileged' });
    const narrow = mappingFor({ concept: 'privileged', project: 'kubescape-regolibrary', check: 'rule-privilege-escalation' });
    assert.deepEqual(broad?.type === 'mapped' && broad.controls, ['NSA-POD-006']);
    assert.deepEqual(narrow?.type === 'mapped' && narrow.controls, ['NSA-POD-006', 'NSA-POD-013']);
    const cis = mappingFor({ concept: 'control-plane-config', project: 'kubescape-regolibrary', check: 'ensure-that-the-api-server-profiling-argument-is-set-to-false' });
    assert.equal(cis?.type, 'out-of-scope');
    const anonymous = mappingFor({ concept: 'control-plane-config', project: 'kubescape-regolibrary', check: 'ensure-that-the-api-server-anonymous-auth-argument-is-set-to-false' });
    assert.deepEqual(anonymous?.type === 'mapped' && anonymous.controls, ['NSA-AUTH-001']);
    assert.equal(mappingFor({ concept: 'no-such-concept', project: 'polaris', check: 'x' }), undefined);
  });
});

if (sharedDir === undefined) {
  it('conformance against peer fixtures', { skip }, () => {});
} else {
  const shared = sharedDir;
  const result = await runHarness({ sharedDir: shared, projects: projectNames });
  const concepts = byConcept(result.results, result.skipped);

  describe('conformance against peer fixtures', () => {
    it('maps every concept of every project and scans every case without error', () => {
      const errors = result.results.filter((r) => r.status === 'error').map((r) => `${r.case.project} ${r.case.id}: ${r.reason}`);
      assert.deepEqual(errors, []);
      for (const project of projectNames) assert.ok(result.results.some((r) => r.case.project === project), `${project}: no cases read`);
      const unmappedSkipped = [...new Set(result.skipped.map((s) => s.concept))].filter((c) => !conceptMappings.some((e) => e.concept === c));
      assert.deepEqual(unmappedSkipped, [], 'concepts of rows without an oracle must be in the mapping table too');
    });

    it('judges the implemented pod-security concepts on real cases', () => {
      for (const concept of ['privileged', 'hostPID', 'hostNetwork', 'runAsNonRoot', 'readOnlyRootFilesystem', 'seccomp', 'capabilities-added']) {
        const group = concepts.find((g) => g.concept === concept);
        assert.ok(group && group.counts.agree >= 5, `${concept}: too few agreeing cases (${group?.counts.agree ?? 0})`);
      }
    });

    it('keeps no stale deliberate differences', () => {
      assert.deepEqual(
        result.staleDeliberate.map((d) => `${d.project} ${d.caseId}`),
        [],
        'these cases agree now: remove them from deliberate.ts and docs/conformance.md',
      );
    });

    // A concept is judged when at least one of its mappings has all its controls implemented.
    for (const group of concepts) {
      const judged = group.counts.agree + group.counts.disagree;
      if (judged === 0) continue;
      const known = knownFloors[group.concept ?? ''];
      it(`${group.concept}: agreement ${group.agreement}% of ${judged} (${group.controls.join(', ')})`, () => {
        if (known) {
          assert.ok((group.agreement ?? 0) >= known.floor, `below the recorded floor ${known.floor}% (${known.bug})`);
          assert.ok((group.agreement ?? 0) < required, `reaches ${required}% now: remove the floor of ${group.concept} (${known.bug})`);
        } else {
          assert.ok((group.agreement ?? 0) >= required, `${group.concept} agrees ${group.agreement}% < ${required}%: run npm run conformance -- --concept ${group.concept} --verbose`);
        }
        assert.notEqual(groupStatus(group), 'ERROR');
      });
    }

    it('reports a concept whose control is missing as not implemented, not as disagreement', async () => {
      const withoutPrivileged = builtinControls.filter((c) => c.meta.id !== 'NSA-POD-006');
      const partial = await runHarness({ sharedDir: shared, projects: ['polaris'], concept: 'privileged', controls: withoutPrivileged });
      assert.ok(partial.results.length > 0);
      assert.ok(partial.results.every((r) => r.status === 'not-implemented'));
    });

    it('reports a case whose mapped control could not judge the input as not evaluated, never as agreement', () => {
      const status = (project: string, id: string) => result.results.find((r) => r.case.project === project && r.case.id === id);
      // The binding's role is not in the input: NSA-AUTH-014 cannot know what it grants.
      const missingRole = status('polaris', 'rolebindingRolePodExecAttach/failure.binding_points_to_missing_ref');
      assert.equal(missingRole?.status, 'not-evaluated');
      assert.match(missingRole?.reason ?? '', /^NSA-AUTH-014 not evaluated: .*Role "does-not-exist"/);
      // No binding at all: a pass of NSA-POD-025 would be a guess.
      assert.equal(status('kubescape-regolibrary', 'serviceaccount-token-mount/pod-mount')?.status, 'not-evaluated');
      // The default-ServiceAccount warning needs no binding, so kube-linter's question is still answered.
      assert.equal(status('kube-linter', 'default-service-account#0')?.status, 'agree');
      assert.equal(status('kube-linter', 'default-service-account#2')?.status, 'agree');
    });

    it('the command exits 1 under --min when a concept is below it, 0 above', async () => {
      const quiet = { stdout: () => {}, stderr: () => {} };
      // A copy of one Polaris case whose expectation is turned around: a real disagreement.
      const flipped = mkdtempSync(join(tmpdir(), 'kubeharden-conformance-'));
      const index = readFileSync(join(shared, 'conformance', 'polaris', 'INDEX.tsv'), 'utf8').split('\n');
      const row = index.find((line) => line.startsWith('runAsPrivileged/failure.pod\t')) as string;
      const columns = row.split('\t');
      mkdirSync(join(flipped, 'conformance', 'polaris', dirname(columns[1] as string)), { recursive: true });
      copyFileSync(join(shared, 'conformance', 'polaris', columns[1] as string), join(flipped, 'conformance', 'polaris', columns[1] as string));
      writeFileSync(join(flipped, 'conformance', 'polaris', 'INDEX.tsv'), `${index[0]}\n${row.replace('\tfail\t', '\tpass\t')}\n`);
      try {
        assert.equal(await main(['--shared', flipped, '--project', 'polaris', '--concept', 'privileged', '--min', '95'], {}, quiet), 1);
      } finally {
        rmSync(flipped, { recursive: true, force: true });
      }
      assert.equal(await main(['--shared', shared, '--project', 'polaris', '--concept', 'privileged', '--min', '95'], {}, quiet), 0);
      assert.equal(await main(['--shared', shared, '--project', 'nope'], {}, quiet), 2);
    });
  });
}
