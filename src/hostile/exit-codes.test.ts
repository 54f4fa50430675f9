// Exit codes by class, as the README documents them: 0 clean, 1 findings over the gate, 2 usage or input
// errors, 3 internal errors (a control or the engine failed, or a crash). Faults are injected by loading
// a module before the CLI (src/testing/faults).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { ScanReport } from '../core/report.js';
import { assertBounded, assertNoStackTrace, binPath, runInProcess, runSpawned } from '../testing/cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeharden-exit-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const pod = (privileged: boolean): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: ${privileged}\n`;
writeFileSync(join(dir, 'privileged.yaml'), pod(true));
writeFileSync(join(dir, 'clean.yaml'), pod(false));
writeFileSync(join(dir, 'broken.yaml'), 'kind: [\n');
const fault = (name: string): string => pathToFileURL(join(binPath(), '..', '..', 'testing', 'faults', `${name}.js`)).href;

describe('exit codes by class', () => {
  it('0: nothing over the gate', async () => {
    const result = await runInProcess(['scan', join(dir, 'clean.yaml'), '--controls', 'NSA-POD-006']);
    assert.equal(result.code, 0, result.stdout);
  });

  it('1: findings over the gate (and 0 with --fail-on none)', async () => {
    assert.equal((await runInProcess(['scan', join(dir, 'privileged.yaml')])).code, 1);
    assert.equal((await runInProcess(['scan', join(dir, 'privileged.yaml'), '--fail-on', 'none'])).code, 0);
  });

  it('2: usage errors (unknown option, format, control) and input errors, which win over findings', async () => {
    assert.equal((await runInProcess(['scan', '--no-such-flag'])).code, 2);
    assert.equal((await runInProcess(['scan', dir, '-f', 'yaml'])).code, 2);
    assert.equal((await runInProcess(['scan', dir, '--controls', 'NSA-POD-999'])).code, 2);
    assert.equal((await runInProcess(['frobnicate'])).code, 2);
    const input = await runInProcess(['scan', join(dir, 'privileged.yaml'), join(dir, 'broken.yaml')]);
    assert.equal(input.code, 2, 'an incomplete scan is not a pass, nor only a gate failure');
  });

  it('3: a control that throws is an internal error of that control and resource; the scan completes', async () => {
    const result = await runSpawned(['scan', join(dir, 'privileged.yaml'), '-f', 'json'], { preload: [fault('throwing-control')], timeoutMs: 60_000 });
    assertBounded(result);
    assert.equal(result.code, 3);
    const report = JSON.parse(result.stdout) as ScanReport;
    assert.deepEqual(
      report.errors.map((e) => [e.kind, e.controlId, e.resource?.name, e.file, e.message]),
      [['internal', 'NSA-POD-006', 'p', join(dir, 'privileged.yaml'), "control NSA-POD-006 failed on this resource: Cannot read properties of undefined (reading 'privileged')"]],
    );
    assert.ok(report.findings.length > 0, 'the other controls still ran');
    assert.match(result.stderr, /^kubeharden: internal error: .*privileged\.yaml: control NSA-POD-006 failed on this resource/m);
  });

  it('3: internal errors win over input errors', async () => {
    const result = await runSpawned(['scan', join(dir, 'privileged.yaml'), join(dir, 'broken.yaml'), '-f', 'json'], { preload: [fault('throwing-control')], timeoutMs: 60_000 });
    assert.equal(result.code, 3);
  });

  it('3: a crash prints one line without a stack trace; KUBEHARDEN_DEBUG shows the stack', async () => {
    const crash = await runSpawned(['scan', join(dir, 'clean.yaml'), '-f', 'json'], { preload: [fault('throwing-reporter')], timeoutMs: 60_000 });
    assert.equal(crash.code, 3);
    assert.equal(crash.stderr, 'kubeharden: internal error: injected reporter failure (set KUBEHARDEN_DEBUG=1 for details)\n');
    assertNoStackTrace(crash.stderr);
    const debug = await runSpawned(['scan', join(dir, 'clean.yaml'), '-f', 'json'], { preload: [fault('throwing-reporter')], env: { KUBEHARDEN_DEBUG: '1' }, timeoutMs: 60_000 });
    assert.equal(debug.code, 3);
    assert.match(debug.stderr, /RangeError: injected reporter failure\n\s+at /);
  });
});
