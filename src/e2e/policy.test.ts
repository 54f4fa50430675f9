import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../testing/temp-folder.js';
import type { ScanReport } from '../core/report.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const bin = join(root, 'dist', 'cli', 'bin.js');

/** Runs the CLI in `cwd` with a fixed date for exception expiry (never the real one). */
function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    input: '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KUBEHARDEN_NOW: '2026-06-15', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const json = (stdout: string) => JSON.parse(stdout) as ScanReport;

const workspace = (files: Record<string, string>): string => tempFolder(files, 'kubeharden-policy-');

const privilegedPod = (name = 'p', extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop${extra}}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n`;

describe('kubeharden scan: configuration file', () => {
  it('is found upward from the first scanned path, and is not read as a manifest', () => {
    const dir = workspace({
      '.kubeharden.yaml': 'failOn: none\ncontrols:\n  enabled: [NSA-POD-006, NSA-POD-009]\n  severity: {NSA-POD-006: medium}\n',
      'apps/shop/pod.yaml': privilegedPod(),
    });
    for (const target of ['apps/shop', 'apps/shop/pod.yaml', '.']) {
      const r = run(['scan', target, '-f', 'json'], dir);
      assert.equal(r.code, 0, `${target}: ${r.stderr}`);
      const report = json(r.stdout);
      assert.equal(report.settings.failOn, 'none');
      assert.deepEqual(report.findings.map((f) => [f.controlId, f.severity]), [['NSA-POD-006', 'medium']], target);
      assert.equal(report.summary.resources, 1, 'the configuration file is not a manifest');
    }
  });

  it('flags given on the command line win over it; --config names another file; --no-config reads none', () => {
    const dir = workspace({
      '.kubeharden.yaml': 'failOn: none\n',
      'strict.yaml': 'failOn: medium\nsettings:\n  allowedCapabilities: []\n',
      'pod.yaml': privilegedPod(),
    });
    assert.equal(run(['scan', 'pod.yaml'], dir).code, 0);
    assert.equal(run(['scan', 'pod.yaml', '--fail-on', 'critical'], dir).code, 1);
    const explicit = run(['scan', 'pod.yaml', '--config', 'strict.yaml', '-f', 'json'], dir);
    assert.equal(explicit.code, 1);
    assert.equal(json(explicit.stdout).settings.failOn, 'medium');
    assert.equal(run(['scan', 'pod.yaml', '--no-config'], dir).code, 1, 'the default fail-on (high) applies');
  });

  it('a mistake in it is exit 2 naming the file, line and key, with a suggestion; so is an unknown control', () => {
    const dir = workspace({ '.kubeharden.yaml': 'settings:\n  trustedRegistry: [ghcr.io]\n', 'pod.yaml': privilegedPod() });
    const r = run(['scan', 'pod.yaml'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^kubeharden: \.kubeharden\.yaml:2: settings\.trustedRegistry: unknown key \(did you mean "trustedRegistries"\?\)/);
    writeFileSync(join(dir, '.kubeharden.yaml'), 'controls:\n  disabled: [NSA-POD-999]\n');
    const unknown = run(['scan', 'pod.yaml'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /\.kubeharden\.yaml:2: controls\.disabled\[0\]: unknown control "NSA-POD-999"/);
    assert.equal(run(['scan', 'pod.yaml', '--config', 'missing.yaml'], dir).code, 2);
  });
});

describe('kubeharden scan: exceptions', () => {
  const exceptions = (expires: string) =>
    `exceptions:\n  - controls: [privileged-containers]\n    match: {kind: Pod, namespace: shop, name: "p*", container: app}\n    reason: CNI agent\n    expires: "${expires}"\n    owner: net-team\n`;

  it('an exceptions file suppresses until its expiry, then the finding fails again with a warning', () => {
    const dir = workspace({ 'manifests/pod.yaml': privilegedPod(), 'exceptions.yaml': exceptions('2026-06-30') });
    const args = ['scan', 'manifests', '--exceptions', 'exceptions.yaml', '--fail-on', 'critical', '-f', 'json'];
    const valid = run(args, dir, { KUBEHARDEN_NOW: '2026-06-30' });
    assert.equal(valid.code, 0, valid.stderr);
    assert.deepEqual(json(valid.stdout).findings.find((f) => f.controlId === 'NSA-POD-006')?.suppression, {
      by: 'config', reason: 'CNI agent', owner: 'net-team', expires: '2026-06-30', exception: 'exceptions.yaml:2',
    });
    const expired = run(args, dir, { KUBEHARDEN_NOW: '2026-07-01' });
    assert.equal(expired.code, 1);
    assert.equal(json(expired.stdout).findings.find((f) => f.controlId === 'NSA-POD-006')?.status, 'failed');
    assert.match(expired.stderr, /^kubeharden: warning: exceptions\.yaml:2: the config exception for NSA-POD-006 expired on 2026-06-30 .*\(owner: net-team\)$/m);
    assert.match(expired.stderr, /^kubeharden: gate failed: 1 failed finding at or above critical/m);
  });

  it('an exceptions file inside the scanned folder is not read as a manifest', () => {
    const dir = workspace({ 'pod.yaml': privilegedPod(), 'exceptions.yaml': exceptions('2027-01-01') });
    const r = run(['scan', '.', '--exceptions', 'exceptions.yaml', '--fail-on', 'critical', '-f', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(json(r.stdout).summary.resources, 1);
  });

  it('a mistake in an exceptions file, or an unreadable one, is exit 2 naming the file, entry and key', () => {
    const dir = workspace({ 'pod.yaml': privilegedPod(), 'bad.yaml': 'exceptions:\n  - controls: [NSA-POD-006]\n    reason: r\n  - controls: [NSA-POD-606]\n    reason: r\n' });
    const r = run(['scan', 'pod.yaml', '--exceptions', 'bad.yaml'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kubeharden: bad\.yaml:4: exceptions\[1\]\.controls\[0\]: unknown control "NSA-POD-606" \(did you mean "NSA-POD-006"\?\)/);
    const missing = run(['scan', 'pod.yaml', '--exceptions', 'nope.yaml'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml: cannot read the exceptions file \(ENOENT\)/);
  });

  it('annotations and comments suppress, unless --no-inline-exceptions (or inlineExceptions: false) is set', () => {
    const dir = workspace({
      'annotated.yaml': privilegedPod('a', ', annotations: {kubeharden.io/ignore: NSA-POD-006, kubeharden.io/ignore-reason: "CNI"}'),
      'commented.yaml': privilegedPod('c').replace('privileged: true', 'privileged: true  # kubeharden:ignore NSA-POD-006 reason="CNI" expires=2027-03-01'),
    });
    const inline = run(['scan', '.', '--fail-on', 'critical', '-f', 'json'], dir);
    assert.equal(inline.code, 0, inline.stderr);
    assert.deepEqual(json(inline.stdout).findings.filter((f) => f.controlId === 'NSA-POD-006').map((f) => f.suppression?.by), ['annotation', 'comment']);
    const off = run(['scan', '.', '--fail-on', 'critical', '--no-inline-exceptions', '-f', 'json'], dir);
    assert.equal(off.code, 1);
    const report = json(off.stdout);
    assert.deepEqual(report.findings.filter((f) => f.controlId === 'NSA-POD-006').map((f) => f.status), ['failed', 'failed']);
    assert.equal(report.settings.inlineExceptions, false);
    writeFileSync(join(dir, '.kubeharden.yaml'), 'inlineExceptions: false\n');
    assert.equal(run(['scan', '.', '--fail-on', 'critical'], dir).code, 1);
  });

  it('an unknown control in an annotation or a comment is exit 2 at its file and line', () => {
    const dir = workspace({ 'pod.yaml': privilegedPod().replace('privileged: true', 'privileged: true # kubeharden:ignore NSA-POD-066 reason=typo') });
    const r = run(['scan', 'pod.yaml', '-f', 'json'], dir);
    assert.equal(r.code, 2);
    assert.deepEqual(json(r.stdout).errors.map((e) => [e.file, e.line]), [['pod.yaml', 9]]);
    assert.match(r.stderr, /input error: pod\.yaml:9:1: kubeharden:ignore comment: unknown control "NSA-POD-066"/);
  });

  it('--audit-exceptions lists unused and expired exceptions, and exits 1 only when one has expired', () => {
    const dir = workspace({
      'pod.yaml': privilegedPod('p', ', annotations: {kubeharden.io/ignore: "NSA-POD-009", kubeharden.io/ignore-reason: "was hostNetwork"}'),
      'exceptions.yaml': exceptions('2026-06-30'),
    });
    const current = run(['scan', 'pod.yaml', '--exceptions', 'exceptions.yaml', '--audit-exceptions'], dir, { KUBEHARDEN_NOW: '2026-06-01' });
    assert.equal(current.code, 0, current.stderr);
    assert.match(current.stdout, /^Exceptions: 2 \(1 used, 1 unused, 0 expired\)\.$/m);
    assert.match(current.stdout, /^UNUSED {2}pod\.yaml:3 {2}\(annotation\) {2}NSA-POD-009$/m);
    const later = run(['scan', 'pod.yaml', '--exceptions', 'exceptions.yaml', '--audit-exceptions', '-f', 'json'], dir, { KUBEHARDEN_NOW: '2026-07-01' });
    assert.equal(later.code, 1);
    const audit = JSON.parse(later.stdout) as { summary: Record<string, number>; exceptions: { id: string; status: string }[] };
    assert.deepEqual(audit.summary, { total: 2, used: 0, unused: 1, expired: 1 });
    assert.deepEqual(audit.exceptions.map((e) => [e.id, e.status]), [['exceptions.yaml:2', 'expired'], ['pod.yaml:3', 'unused']]);
  });
});

describe('kubeharden scan: baseline and gates', () => {
  it('--baseline fails only on new findings: line shifts and file moves keep the old ones as baseline', () => {
    const dir = workspace({ 'deploy/pod.yaml': privilegedPod() });
    const first = run(['scan', 'deploy', '-f', 'json', '-o', 'baseline.json'], dir);
    assert.equal(first.code, 1);
    renameSync(join(dir, 'deploy'), join(dir, 'manifests'));
    writeFileSync(join(dir, 'manifests', 'pod.yaml'), `# moved and reformatted\n\n${privilegedPod()}`);
    const moved = run(['scan', '.', '--baseline', 'baseline.json', '-f', 'json'], dir);
    assert.equal(moved.code, 0, moved.stderr);
    const report = json(moved.stdout);
    assert.equal(report.summary.resources, 1, 'the baseline report in the scanned folder is not read as a manifest');
    assert.ok(report.findings.length > 0 && report.findings.every((f) => f.baseline === true));
    assert.equal(report.summary.findings.baseline, report.findings.length);
    writeFileSync(join(dir, 'manifests', 'pod.yaml'), privilegedPod().replace('spec:\n', 'spec:\n  hostPID: true\n'));
    const changed = run(['scan', 'manifests', '--baseline', 'baseline.json', '-f', 'json'], dir);
    assert.equal(changed.code, 1);
    assert.deepEqual(json(changed.stdout).findings.filter((f) => !f.baseline).map((f) => f.controlId), ['NSA-POD-008']);
    assert.match(changed.stderr, /gate failed: 1 failed finding at or above high \(high 1\), not suppressed and not in the baseline/);
  });

  it('a baseline that cannot be read, or is not a report, is exit 2', () => {
    const dir = workspace({ 'pod.yaml': privilegedPod(), 'sarif.json': '{"version": "2.1.0"}' });
    assert.match(run(['scan', 'pod.yaml', '--baseline', 'nope.json'], dir).stderr, /nope\.json: cannot read the baseline report/);
    const wrong = run(['scan', 'pod.yaml', '--baseline', 'sarif.json'], dir);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /sarif\.json: not a kubeharden JSON report/);
  });

  it('--min-score and --pss-level fail the gate with their reason; a bad --min-score is exit 2', () => {
    const dir = workspace({ 'pod.yaml': privilegedPod() });
    const low = run(['scan', 'pod.yaml', '--fail-on', 'none', '--min-score', '90', '-f', 'json'], dir);
    assert.equal(low.code, 1);
    const report = json(low.stdout);
    assert.equal(report.settings.minScore, 90);
    assert.deepEqual(report.gate, { status: 'failed', reasons: [`the score ${report.summary.score}% is below the minimum of 90%`] });
    assert.ok(report.summary.sections.length > 0 && report.summary.sections.every((s) => s.score === null || (s.score >= 0 && s.score <= 100)));
    assert.equal(run(['scan', 'pod.yaml', '--fail-on', 'none', '--min-score', '0'], dir).code, 0);
    assert.equal(run(['scan', 'pod.yaml', '--min-score', 'ninety'], dir).code, 2);
    const pss = run(['scan', 'pod.yaml', '--fail-on', 'none', '--pss-level', 'baseline'], dir);
    assert.equal(pss.code, 1);
    assert.match(pss.stderr, /gate failed: 1 workload is below the Pod Security Standards level baseline: Pod\/shop\/p \(privileged\)/);
  });

  it('KUBEHARDEN_NOW must be a date', () => {
    const dir = workspace({ 'pod.yaml': privilegedPod() });
    const r = run(['scan', 'pod.yaml'], dir, { KUBEHARDEN_NOW: 'yesterday' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /KUBEHARDEN_NOW: expected a date/);
  });
});

describe('kubeharden scan: the example configuration', () => {
  it('the README example is a valid configuration', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = /```yaml\n(# \.kubeharden\.yaml\n[\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example, 'the README has a full .kubeharden.yaml example');
    const dir = workspace({ '.kubeharden.yaml': example, 'security/exceptions.yaml': 'exceptions: []\n', 'pod.yaml': privilegedPod() });
    const r = run(['scan', 'pod.yaml', '-f', 'json'], dir);
    assert.notEqual(r.code, 2, r.stderr);
    const report = json(r.stdout);
    assert.deepEqual([report.settings.failOn, report.settings.pssVersion, report.settings.minScore, report.settings.pssLevel], ['high', 'v1.30', 80, 'baseline']);
    const registries = report.controls.find((c) => c.id === 'NSA-POD-032');
    assert.equal(registries?.status, 'failed', 'the trusted registries of the file are used: nginx is not among them');
    assert.equal(report.findings.find((f) => f.controlId === 'NSA-POD-033')?.severity, 'high', 'the severity override applies');
    const flagged = json(run(['scan', 'pod.yaml', '-f', 'json', '--trusted-registries', 'docker.io', '--pss-version', 'v1.25'], dir).stdout);
    assert.equal(flagged.controls.find((c) => c.id === 'NSA-POD-032')?.status, 'passed', '--trusted-registries replaces the file\'s list');
    assert.equal(flagged.settings.pssVersion, 'v1.25');
  });
});
