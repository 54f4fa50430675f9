import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import { sarifReporter } from '../reporters/sarif.js';
import { sarifFix } from '../cli/fix.js';
import { applyEdits } from './apply.js';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../testing/shared-fixtures.js';
import { tempFolder } from '../testing/temp-folder.js';
import { unifiedDiff } from './diff.js';

const manifest = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: p, namespace: shop}',
  'spec:',
  '  hostNetwork: true   # why not',
  '  containers:',
  '    - name: app',
  '      image: nginx:1.27',
  '',
].join('\n');

interface Replacement {
  deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  insertedContent: { text: string };
}

function offset(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at + column - 1;
}

describe('fixes in reports', () => {
  it('SARIF results carry their own edits as artifactChanges, and applying them fixes the finding', () => {
    const { resources } = parseManifests({ path: 'pod.yaml', text: manifest });
    const only = new Set(['NSA-POD-009', 'NSA-POD-007']);
    const report = scan(resources, { controls: builtinControls, settings: defaultSettings, only, failOn: 'low', onFix: sarifFix });
    const sarif = JSON.parse([...sarifReporter.render(report, { cwd: '', color: false })].join('')) as {
      runs: { results: { ruleId: string; fixes?: { artifactChanges: { replacements: Replacement[] }[] }[] }[] }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    assert.deepEqual(results.map((r) => r.ruleId).sort(), ['NSA-POD-007', 'NSA-POD-009']);
    for (const result of results) {
      const replacements = result.fixes?.[0]?.artifactChanges[0]?.replacements ?? [];
      assert.ok(replacements.length > 0, `${result.ruleId} has a fix`);
      const edits = replacements.map((r) => ({
        range: [offset(manifest, r.deletedRegion.startLine, r.deletedRegion.startColumn), offset(manifest, r.deletedRegion.endLine, r.deletedRegion.endColumn)] as const,
        text: r.insertedContent.text,
      }));
      const fixed = applyEdits(manifest, edits).text;
      const again = scan(parseManifests({ path: 'pod.yaml', text: fixed }).resources, {
        controls: builtinControls,
        settings: defaultSettings,
        only: new Set([result.ruleId]),
        failOn: 'low',
      });
      assert.deepEqual(again.findings.map((f) => f.message), [], `${result.ruleId} passes after its own fix`);
    }
    const hostNetwork = results.find((r) => r.ruleId === 'NSA-POD-009')?.fixes?.[0]?.artifactChanges[0]?.replacements;
    assert.deepEqual(hostNetwork, [
      { deletedRegion: { startLine: 5, startColumn: 1, endLine: 6, endColumn: 1 }, insertedContent: { text: '  # why not\n' } },
    ]);
  });

  it('a fix that could break the workload is a suggestion: SARIF shows no automatic fix, the finding keeps the patch', () => {
    const daemonSet = manifest.replace('kind: Pod', 'kind: DaemonSet').replace('apiVersion: v1', 'apiVersion: apps/v1');
    const wrapped = daemonSet.replace('spec:\n', 'spec:\n  template:\n    spec:\n').replace(/\n {2}(hostNetwork|containers)/g, '\n      $1').replace(/\n {4}- name/, '\n        - name').replace(/\n {6}image/, '\n          image');
    const { resources, errors } = parseManifests({ path: 'ds.yaml', text: wrapped });
    assert.deepEqual(errors, []);
    const report = scan(resources, { controls: builtinControls, settings: defaultSettings, only: new Set(['NSA-POD-009']), failOn: 'low', onFix: sarifFix });
    const finding = report.findings[0];
    assert.ok(finding?.fix);
    assert.match(finding.fix.suggestion ?? '', /DaemonSet p runs on every node/);
    assert.deepEqual(finding.fix.replacements, []);
    assert.deepEqual(finding.fix.patch, [{ op: 'remove', path: '/spec/template/spec/hostNetwork' }]);
    const sarif = [...sarifReporter.render(report, { cwd: '', color: false })].join('');
    assert.ok(!sarif.includes('"fixes"'));
  });

  it('SARIF offers no edit that kubeharden fix holds back for what other objects of the input show', () => {
    const root = tempFolder({
      'shop.yaml': `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: shop}
spec:
  serviceAccountName: agent
  containers:
    - name: agent
      image: agent:1.0
      securityContext: {privileged: true}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  serviceAccountName: web
  containers:
    - name: web
      image: web:1.0
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: agent-reads, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: agent}]
`,
    }, 'kubeharden-sarif-guards-');
    const repository = repoRoot();
    assert.ok(repository);
    // Only the two controls whose fixes are guarded: the RBAC controls that would index the binding are not run.
    const result = spawnSync(process.execPath, [join(repository, 'dist/cli/bin.js'), 'scan', join(root, 'shop.yaml'), '-f', 'sarif', '--controls', 'NSA-POD-026,NSA-POD-023'], { encoding: 'utf8' });
    const sarif = JSON.parse(result.stdout) as { runs: { results: { ruleId: string; message: { text: string }; fixes?: unknown[]; properties?: Record<string, unknown> }[] }[] };
    const results = sarif.runs[0]?.results ?? [];
    const fixed = (ruleId: string, text: RegExp) => results.find((r) => r.ruleId === ruleId && text.test(r.message.text))?.fixes !== undefined;
    assert.equal(fixed('NSA-POD-026', /shop/), false, 'enforcing a level the privileged agent does not reach would reject its pods');
    assert.equal(fixed('NSA-POD-023', /"agent"/), false, 'the bound account\'s pods call the API');
    assert.equal(fixed('NSA-POD-023', /"web"/), true, 'an unbound account\'s token is still turned off');
  });

  it('prints a unified diff with context and line numbers', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n';
    const after = 'a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\nm\n';
    assert.equal(
      unifiedDiff(before, after, 'a/x', 'b/x'),
      '--- a/x\n+++ b/x\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n@@ -10,3 +10,4 @@\n j\n k\n l\n+m\n',
    );
    // Changes at most 2 * 3 lines apart share one hunk, as in GNU diff.
    assert.match(unifiedDiff(before, before.replace('d', 'D').replace('k', 'K'), 'a/x', 'b/x'), /^@@ -1,12 \+1,12 @@$/m);
    assert.equal(unifiedDiff(before, before, 'a/x', 'b/x'), '');
    assert.equal(unifiedDiff('x', 'y', 'a', 'b'), '--- a\n+++ b\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+y\n\\ No newline at end of file\n');
  });
});
