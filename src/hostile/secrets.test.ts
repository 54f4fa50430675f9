// Secrets never leak: canary credentials in every place a credential hides (Secret data and stringData,
// a dockerconfigjson, env vars, ConfigMap keys and embedded files, the last-applied annotation, container
// args and probe headers, kubeconfig tokens, passwords and client keys, flags of static pods and the
// kubelet unit, a Secret that does not parse) must not appear in any report format, on stderr, or in any
// error message, from any source (files, standard input, node files).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanReport } from '../core/report.js';
import { builtinReporters } from '../reporters/index.js';
import { assertNoCanary, CANARY, canaryManifests, canaryNodeFiles } from '../testing/canary.js';
import { assertNoStackTrace, runInProcess, runSpawned } from '../testing/cli-run.js';

const formats = Object.keys(builtinReporters);
const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function writeTree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-canary-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('secrets never leak: manifests', () => {
  const dir = writeTree(canaryManifests());

  it('the canaries are found (the test can fail): credentials reported with the key and a masked value', async () => {
    const result = await runInProcess(['scan', dir, '-f', 'json']);
    const report = JSON.parse(result.stdout) as ScanReport;
    const messages = report.findings.map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('DB_PASSWORD') && /\*{3,}|masked|…/.test(m)), messages.filter((m) => m.includes('DB_PASSWORD')).join('\n'));
    assert.ok(messages.some((m) => m.includes('API_TOKEN')), 'the ConfigMap credential is reported');
    assert.ok(report.findings.some((f) => f.resource.kind === 'Secret'), 'the Secret has findings');
    assert.ok(report.errors.some((e) => e.file === join(dir, 'broken-secret.yaml') && e.line !== undefined), 'the broken Secret is an error with a line');
    assert.equal(result.code, 2);
    // The raw file does hold them: the masking is what keeps them out.
    assert.throws(() => assertNoCanary(readFileSync(join(dir, 'deployment.yaml'), 'utf8'), 'input'));
  });

  for (const format of formats) {
    it(`${format} on stdout and stderr`, async () => {
      const result = await runInProcess(['scan', dir, '-f', format]);
      assertNoCanary(result.stdout, `${format} report`);
      assertNoCanary(result.stderr, 'stderr');
      assertNoStackTrace(result.stderr);
      assert.ok(result.stdout.length > 200, `${format}: a real report`);
    });
  }

  it('every format written to files at once (-o), with every error on stderr', async () => {
    const out = writeTree({});
    const args = formats.flatMap((f) => ['-f', f, '-o', join(out, `report.${f}`)]);
    const result = await runInProcess(['scan', dir, ...args]);
    assertNoCanary(result.stdout + result.stderr, 'stdout/stderr');
    for (const format of formats) assertNoCanary(readFileSync(join(out, `report.${format}`), 'utf8'), `${format} file`);
  });

  it('the HTML report quotes source lines around findings, and masks them', async () => {
    const result = await runInProcess(['scan', dir, '-f', 'html']);
    assert.match(result.stdout, /DB_PASSWORD/, 'the excerpt around the env finding is shown');
    assertNoCanary(result.stdout, 'html');
  });

  it('one file at a time, so that no finding of another file hides a leak', async () => {
    for (const name of Object.keys(canaryManifests())) {
      for (const format of ['table', 'json', 'html', 'sarif']) {
        const result = await runInProcess(['scan', join(dir, name), '-f', format]);
        assertNoCanary(result.stdout + result.stderr, `${name} as ${format}`);
      }
    }
  });

  it('standard input (a spawned CLI): no leak in the report or on stderr', async () => {
    const stream = Object.values(canaryManifests()).join('\n---\n');
    for (const format of ['table', 'json', 'markdown', 'github']) {
      const result = await runSpawned(['scan', '-', '-f', format], { input: stream, timeoutMs: 60_000 });
      assert.equal(result.timedOut, false);
      assertNoCanary(result.stdout, `${format} from stdin`);
      assertNoCanary(result.stderr, 'stderr');
    }
  });

  it('the exception audit and a parse error inside a Secret quote no value', async () => {
    const result = await runInProcess(['scan', join(dir, 'broken-secret.yaml'), '-f', 'json']);
    const report = JSON.parse(result.stdout) as ScanReport;
    assert.equal(report.errors.length, 1);
    assert.ok(!report.errors[0]?.message.includes(CANARY.brokenSecret.slice(0, 12)));
    assertNoCanary(result.stderr, 'stderr');
  });
});

describe('secrets never leak: node files (scan --node --root)', () => {
  const root = writeTree(canaryNodeFiles());

  it('the node scan reads the kubeconfigs (the test can fail)', async () => {
    const result = await runInProcess(['scan', '--node', '--root', root, '-f', 'json']);
    const report = JSON.parse(result.stdout) as ScanReport;
    assert.ok(report.findings.some((f) => f.controlId === 'NSA-CP-013' || /static bearer token|basic authentication/.test(f.message)), report.findings.map((f) => f.message).join('\n'));
  });

  for (const format of formats) {
    it(`${format}`, async () => {
      const result = await runInProcess(['scan', '--node', '--root', root, '-f', format]);
      assertNoCanary(result.stdout, `node scan, ${format}`);
      assertNoCanary(result.stderr, 'stderr');
      assertNoStackTrace(result.stderr);
    });
  }
});
