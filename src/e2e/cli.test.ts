import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ScanReport } from '../core/report.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const bin = join(root, 'dist', 'cli', 'bin.js');

function run(args: string[], input?: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const json = (stdout: string) => JSON.parse(stdout) as ScanReport;

const privilegedPod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';

describe('kubeharden scan (CLI)', () => {
  it('scans the insecure example with findings at exact lines, exit 1', () => {
    const r = run(['scan', 'examples/insecure', '-f', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const report = json(r.stdout);
    assert.equal(report.schemaVersion, 1);
    assert.ok(report.findings.length > 20);
    assert.ok(report.findings.every((f) => f.location && f.location.file.startsWith('examples/insecure/') && f.location.line > 0));
    assert.ok(report.workloads.some((w) => w.resource.kind === 'Rollout'), 'the CRD workload is scanned');
  });

  it('scans the hardened example clean, exit 0', () => {
    const r = run(['scan', 'examples/hardened', '-f', 'json']);
    assert.equal(r.code, 0, r.stdout.slice(0, 2000));
    const report = json(r.stdout);
    assert.deepEqual(report.findings.filter((f) => f.status !== 'suppressed').map((f) => `${f.controlId} ${f.message}`), []);
    assert.ok(report.workloads.length > 0 && report.workloads.every((w) => w.pss.level === 'restricted'));
  });

  it('reads standard input, and --fail-on decides the exit code', () => {
    assert.equal(run(['scan', '-'], privilegedPod).code, 1);
    assert.equal(run(['scan', '-', '--fail-on', 'none'], privilegedPod).code, 0);
    const r = run(['scan', '-', '-f', 'json', '--controls', 'NSA-POD-006'], privilegedPod);
    const report = json(r.stdout);
    assert.deepEqual(report.findings.map((f) => [f.controlId, f.location?.file, f.location?.line, f.location?.column]), [
      ['NSA-POD-006', '<stdin>', 9, 9],
    ]);
  });

  it('accepts slugs in --controls and --skip-controls, and rejects unknown controls with exit 2', () => {
    const r = run(['scan', '-', '-f', 'json', '--controls', 'privileged-containers,NSA-POD-009'], privilegedPod);
    assert.deepEqual([...new Set(json(r.stdout).findings.map((f) => f.controlId))], ['NSA-POD-006']);
    const skipped = run(['scan', '-', '-f', 'json', '--skip-controls', 'privileged-containers'], privilegedPod);
    assert.ok(!json(skipped.stdout).findings.some((f) => f.controlId === 'NSA-POD-006'));
    const unknown = run(['scan', '-', '--controls', 'NSA-POD-999'], privilegedPod);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown control: NSA-POD-999/);
  });

  it('exits 2 on unreadable paths and empty input, naming them', () => {
    const missing = run(['scan', 'no/such/dir']);
    assert.equal(missing.code, 2);
    assert.match(missing.stdout + missing.stderr, /no\/such\/dir/);
    const empty = run(['scan', '-'], '# nothing here\n');
    assert.equal(empty.code, 2);
    assert.match(empty.stdout, /no Kubernetes resources found/);
  });

  it('reports a broken document with file and line, scans the rest, and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-'));
    writeFileSync(join(dir, 'good.yaml'), privilegedPod);
    writeFileSync(join(dir, 'bad.yml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
    const r = run(['scan', dir, '-f', 'json']);
    assert.equal(r.code, 2);
    const report = json(r.stdout);
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0]?.file, join(dir, 'bad.yml'));
    assert.ok((report.errors[0]?.line ?? 0) >= 4);
    assert.ok(report.findings.some((f) => f.controlId === 'NSA-POD-006'), 'the good file is still scanned');
    assert.match(r.stderr, /bad\.yml:\d+/);
  });

  it('attributes Helm-rendered findings to the template file', () => {
    const stream = `---\n# Source: shop/templates/pod.yaml\n${privilegedPod}`;
    const report = json(run(['scan', '-', '-f', 'json', '--controls', 'NSA-POD-006'], stream).stdout);
    const location = report.findings[0]?.location;
    assert.equal(location?.file, 'shop/templates/pod.yaml');
    assert.equal(location?.line, 9);
    assert.deepEqual(location?.rendered, { file: '<stdin>', line: 11, column: 9, by: 'helm' });
  });

  it('renders Kustomize folders with kubectl when it is on PATH', { skip: hasKubectl() ? false : 'kubectl not on PATH' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-kustomize-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'kustomization.yaml'), 'namespace: shop\nresources: [pod.yaml]\n');
    writeFileSync(join(dir, 'app', 'pod.yaml'), privilegedPod);
    const report = json(run(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006']).stdout);
    assert.deepEqual(report.findings.map((f) => [f.resource.namespace, f.controlId]), [['shop', 'NSA-POD-006']]);
  });

  it('explains a missing kubectl for Kustomize folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-kustomize-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: []\n');
    const r = run(['scan', dir], undefined, { PATH: '/nonexistent' });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /needs kubectl on PATH/);
  });

  it('keeps and counts kinds it has no controls for', () => {
    const r = run(['scan', '-', '-f', 'json'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
    assert.equal(r.code, 0);
    assert.deepEqual(json(r.stdout).summary.unknownKinds, { Widget: 1 });
  });

  it('prints a readable table by default, sorted by file and line, without colour when not on a TTY', () => {
    const r = run(['scan', 'examples/insecure/debug-pod.yaml', 'examples/insecure/api.yaml']);
    assert.equal(r.code, 1);
    assert.ok(!r.stdout.includes('\u001b['), 'no ANSI colour codes');
    const lines = r.stdout.split('\n');
    const apiHeader = lines.indexOf('examples/insecure/api.yaml');
    const debugHeader = lines.indexOf('examples/insecure/debug-pod.yaml');
    assert.ok(apiHeader >= 0 && debugHeader > apiHeader, 'files are grouped and sorted');
    const positions = lines
      .slice(apiHeader + 1, debugHeader)
      .map((l) => /^  (\d+):(\d+) /.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]));
    assert.ok(positions.length > 3);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    assert.match(r.stdout, /^Findings: \d+ failed/m);
    assert.match(r.stdout, /^Pod Security Standards \(v1\.37\):/m);
  });

  it('writes the report to --output', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kubeharden-out-')), 'report.json');
    const r = run(['scan', '-', '-f', 'json', '-o', out], privilegedPod);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(json(readFileSync(out, 'utf8')).findings.some((f) => f.controlId === 'NSA-POD-006'), true);
  });

  it('ends the table with per-section coverage and the manual checklist count; the JSON carries the checklist', () => {
    const table = run(['scan', 'examples/hardened']);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines.at(-1) ?? '', /^Manual checks: 23 guidance recommendations .*kubeharden explain --manual/);
    assert.match(table.stdout, /^Coverage by guidance section +passed +failed +not evaluated +manual +score$/m);
    assert.match(table.stdout, /^ {2}Kubernetes Pod security +\d+ +0 +\d+ +\d+ +100%$/m);
    const report = json(run(['scan', 'examples/hardened', '-f', 'json']).stdout);
    assert.equal(report.manualChecks.length, 23);
    assert.deepEqual(Object.keys(report.manualChecks[0] ?? {}), ['id', 'recommendation', 'guidance', 'reason', 'relatedControls']);
    assert.equal(report.controls.length, 114);
  });
});

describe('kubeharden controls and explain (CLI)', () => {
  it('lists the control catalog as JSON and as a table', () => {
    const r = run(['controls', '-f', 'json']);
    assert.equal(r.code, 0);
    const rows = JSON.parse(r.stdout) as { id: string; slug: string | null; implemented: boolean; fixable: boolean; scopes: string[] }[];
    assert.equal(rows.length, 114);
    assert.deepEqual(rows.find((c) => c.id === 'NSA-POD-006'), {
      id: 'NSA-POD-006', slug: 'privileged-containers', title: 'No privileged containers', section: 'Kubernetes Pod security',
      severity: 'critical', scopes: ['M', 'L'], implemented: true, fixable: true, heuristic: false,
    });
    const table = run(['controls']);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^ {2}ID +SLUG +SEVERITY +SCOPES +IMPLEMENTED +FIX +TITLE$/m);
    assert.match(table.stdout, /^ {2}NSA-LOG-001 +audit-logging-enabled +high +CP,CL +yes +no +API audit logging enabled$/m);
    assert.equal(run(['controls', '-f', 'xml']).code, 2);
  });

  it('explains a control by ID or slug', () => {
    const byId = run(['explain', 'NSA-POD-006']);
    assert.equal(byId.code, 0, byId.stderr);
    for (const part of ['NSA-POD-006  No privileged containers', 'severity:', 'scopes:', 'Why it matters', 'guidance:', 'Fails when', 'Remediation', 'Compliant example']) {
      assert.ok(byId.stdout.includes(part), part);
    }
    assert.equal(run(['explain', 'privileged-containers']).stdout, byId.stdout);
  });

  it('rejects an unknown control with exit 2, and explain without a control or with both', () => {
    const unknown = run(['explain', 'NSA-POD-999']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /^kubeharden: unknown control: NSA-POD-999 .*kubeharden controls/);
    assert.equal(run(['explain']).code, 2);
    assert.equal(run(['explain', 'NSA-POD-006', '--manual']).code, 2);
  });

  it('prints the manual checklist', () => {
    const r = run(['explain', '--manual']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.match(/^MANUAL-\d+ {2}/gm)?.length, 23);
    assert.match(r.stdout, /Why manual: /);
  });
});

function hasKubectl(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
}
