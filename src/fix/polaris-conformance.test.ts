import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { conformanceDir } from '../testing/shared-fixtures.js';
import { scanWith } from '../testing/control-tester.js';
import { fixFiles } from './run.js';

/**
 * Polaris fixtures with a `mutated.yaml` (the output of `polaris fix` on `failure.yaml`), and the control
 * whose fix means the same. Our fix of the failure must pass that control, as Polaris' output does.
 * Polaris' probe, replica and pull-policy mutations have no NSA control; its insecureCapabilities
 * mutation drops a named list rather than ALL, so it does not mean the same as NSA-POD-012. NSA-NET-014
 * judges cpu and memory requests together: only the findings of the resource Polaris' check is about count.
 * Where our fix is a suggestion on purpose (`suggested`: why), the suggested patch must do what Polaris does.
 */
const sameMeaning: readonly { readonly check: string; readonly control: string; readonly path?: RegExp; readonly suggested?: RegExp }[] = [
  { check: 'hostPIDSet', control: 'NSA-POD-008' },
  { check: 'hostIPCSet', control: 'NSA-POD-008' },
  { check: 'hostNetworkSet', control: 'NSA-POD-009' },
  { check: 'hostPortSet', control: 'NSA-POD-011' },
  // An added capability is there on purpose (proxy-init's NET_ADMIN): removing it is suggested, not applied.
  { check: 'dangerousCapabilities', control: 'NSA-POD-013', suggested: /added on purpose/ },
  { check: 'runAsRootAllowed', control: 'NSA-POD-001' },
  { check: 'cpuLimitsMissing', control: 'NSA-NET-012' },
  { check: 'memoryLimitsMissing', control: 'NSA-NET-013' },
  { check: 'cpuRequestsMissing', control: 'NSA-NET-014', path: /requests\.cpu$/ },
  { check: 'memoryRequestsMissing', control: 'NSA-NET-014', path: /requests\.memory$/ },
];

const polaris = conformanceDir('polaris');

describe('fixes agree with Polaris mutations', { skip: polaris ? false : 'the shared conformance fixtures (../shared/conformance/polaris) are not here' }, () => {
  for (const { check, control: id, path, suggested } of sameMeaning) {
    it(`${check}: our fix and Polaris' mutated.yaml both pass ${id}`, (t) => {
      const folder = join(polaris as string, 'test', 'checks', check);
      if (!existsSync(join(folder, 'mutated.yaml'))) return t.skip(`no mutated.yaml for ${check}`);
      const control = builtinControls.find((c) => c.meta.id === id);
      assert.ok(control);
      const failure = readFileSync(join(folder, 'failure.yaml'), 'utf8');
      const mutated = readFileSync(join(folder, 'mutated.yaml'), 'utf8');
      const verdict = (text: string): string =>
        scanWith(control, text).findings.some((f) => f.status === 'failed' && (!path || path.test(f.path))) ? 'failed' : 'passed';
      assert.equal(verdict(failure), 'failed', 'the failure fixture fails the control');
      const theirs = verdict(mutated);
      const result = fixFiles([{ path: 'failure.yaml', text: failure }], { controls: builtinControls, only: new Set([id]), settings: defaultSettings });
      if (suggested) {
        assert.equal(theirs, 'passed');
        assert.deepEqual(result.files, [], 'nothing applied');
        assert.ok(result.suggestions.length > 0);
        for (const suggestion of result.suggestions) {
          assert.match(suggestion.reason, suggested);
          // Removing the last added capability removes the maps it leaves empty.
          for (const op of suggestion.patch) assert.match(`${op.op} ${op.path}`, /^remove .*\/securityContext(\/capabilities(\/add(\/\d+)?)?)?$/);
        }
        return;
      }
      assert.equal(result.suggestions.length, 0, result.suggestions.map((s) => s.reason).join('; '));
      const ours = verdict(result.files[0]?.after ?? failure);
      assert.equal(ours, theirs);
      assert.equal(ours, 'passed');
    });
  }
});
