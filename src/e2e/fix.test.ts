import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ScanReport } from '../core/report.js';
import { builtinControls } from '../controls/index.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const bin = join(root, 'dist', 'cli', 'bin.js');

function run(args: string[], cwd = root as string) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function copyOfInsecure(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-fix-'));
  cpSync(join(root as string, 'examples', 'insecure'), dir, { recursive: true });
  return dir;
}

function texts(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const fixable = new Set(builtinControls.filter((c) => c.meta.fixable).map((c) => c.meta.id as string));

describe('kubeharden fix (CLI)', () => {
  it('turns the insecure example into one that passes every fixable control but for the suggestions it lists, keeping every comment', () => {
    const dir = copyOfInsecure();
    const before = texts(dir);
    const dry = run(['fix', dir]);
    assert.equal(dry.code, 1, dry.stderr);
    assert.match(dry.stdout, /^--- .*api\.yaml\n\+\+\+ .*api\.yaml\n@@ /m);
    assert.deepEqual(texts(dir), before, '--dry-run changes nothing');

    const written = run(['fix', dir, '--write']);
    assert.equal(written.code, 1, 'suggestions remain');
    assert.match(written.stdout, /Suggestions \(not applied\):/);
    const after = texts(dir);
    for (const [name, text] of before) {
      const comments = text.split('\n').filter((l) => l.trim().startsWith('#')).map((l) => l.trim());
      const kept = (after.get(name) as string).split('\n').map((l) => l.trim());
      for (const comment of comments) assert.ok(kept.includes(comment), `${name} lost the comment ${comment}`);
    }
    // The diff is small: every changed file keeps most of its lines as they were.
    for (const [name, text] of before) {
      const old = text.split('\n');
      const now = new Set((after.get(name) as string).split('\n'));
      assert.ok(old.filter((l) => now.has(l)).length >= old.length * 0.75, `${name} was rewritten rather than edited`);
    }

    const scanned = run(['scan', dir, '-f', 'json', '--fail-on', 'none']);
    const report = JSON.parse(scanned.stdout) as ScanReport;
    const suggested = new Set(
      [...written.stdout.matchAll(/^ {2}(NSA-[A-Z]+-\d+) \(line \d+, ([^)]*)\)/gm)].map((m) => `${m[1]} ${m[2]}`),
    );
    const left = report.findings.filter((f) => f.status === 'failed' && fixable.has(f.controlId) && !suggested.has(`${f.controlId} ${f.path}`));
    assert.deepEqual(left.map((f) => `${f.controlId} ${f.location?.file}:${f.location?.line} ${f.message}`), []);

    const again = run(['fix', dir, '--write']);
    assert.deepEqual(texts(dir), after, 'fixing twice changes nothing');
    assert.match(again.stdout, /0 findings fixed; changed 0 files/);
  });

  it('never edits Helm-rendered output: it prints a JSON patch as kubectl patch and a Kustomize patch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-fix-'));
    const file = join(dir, 'rendered.yaml');
    const text = '---\n# Source: shop/templates/api.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n        - name: api\n          image: api:1\n';
    writeFileSync(file, text);
    const r = run(['fix', file, '--write', '--controls', 'NSA-POD-009']);
    assert.equal(r.code, 1);
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.match(r.stdout, /rendered by Helm from shop\/templates\/api\.yaml/);
    assert.ok(r.stdout.includes(`kubectl patch deployment.apps api -n shop --type=json -p '[{"op":"remove","path":"/spec/template/spec/hostNetwork"}]'`));
    assert.match(r.stdout, /patches:\n {6}- target: \{group: apps, version: v1, kind: Deployment, name: api, namespace: shop\}\n {8}patch: \|-\n {10}- \{"op":"remove"/);
  });

  it('leaves the hardened example as it is, exit 0', () => {
    const r = run(['fix', 'examples/hardened']);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.stdout.trim(), '0 findings fixed; would change 0 files; 0 suggestions not applied.');
    assert.match(run(['generate', 'namespace-defaults', 'examples/hardened']).stdout, /Nothing to generate/);
  });

  it('follows the configuration file and inline exceptions: an allowed capability and a suppressed finding are left alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-fix-'));
    writeFileSync(join(dir, '.kubeharden.yaml'), 'settings:\n  allowedCapabilities: [NET_ADMIN]\n');
    const pod = (name: string, annotation: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: x\n${annotation}spec:\n  hostPID: true\n  containers:\n    - name: app\n      image: a:1\n      securityContext:\n        capabilities:\n          add: [NET_ADMIN]\n`;
    writeFileSync(join(dir, 'a.yaml'), pod('a', ''));
    writeFileSync(join(dir, 'b.yaml'), pod('b', '  annotations:\n    kubeharden.io/ignore: NSA-POD-008\n    kubeharden.io/ignore-reason: debugging\n'));
    const r = run(['fix', '.', '--write', '--controls', 'NSA-POD-008,NSA-POD-013'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(dir, 'a.yaml'), 'utf8'), pod('a', '').replace('  hostPID: true\n', ''));
    assert.equal(readFileSync(join(dir, 'b.yaml'), 'utf8'), pod('b', '  annotations:\n    kubeharden.io/ignore: NSA-POD-008\n    kubeharden.io/ignore-reason: debugging\n'));
    assert.equal(run(['fix', '.', '--no-config', '--controls', 'NSA-POD-013'], dir).code, 1, 'without the configuration NET_ADMIN is removed');
  });

  it('rejects --write with standard input and unknown controls, exit 2', () => {
    assert.equal(run(['fix', '-', '--write']).code, 2);
    assert.equal(run(['fix', 'examples/insecure', '--controls', 'no-such-control']).code, 2);
  });

  it('--level baseline applies only the baseline fixes', () => {
    const dir = copyOfInsecure();
    const r = run(['fix', dir, '--write', '--level', 'baseline']);
    const api = readFileSync(join(dir, 'api.yaml'), 'utf8');
    assert.ok(!api.includes('hostPort: 8080'), 'host ports are a baseline fix');
    assert.ok(!api.includes('readOnlyRootFilesystem'), 'a read-only root file system is not');
    // api keeps its added NET_ADMIN and the toolbox pod its hostPath volume (suggestions), so enforcing baseline in shop would reject them.
    assert.doesNotMatch(readFileSync(join(dir, '00-namespaces.yaml'), 'utf8'), /pod-security\.kubernetes\.io\/enforce: baseline/);
    assert.match(r.stdout, /Deployment\/shop\/api reaches only the privileged level \(capabilities_baseline\) \(and 2 more workloads\): enforcing baseline would reject its pods/);
  });
});

describe('kubeharden generate namespace-defaults (CLI)', () => {
  it('writes what each namespace lacks, and the input with it scans clean for the network and resource controls', () => {
    const dir = copyOfInsecure();
    const output = join(dir, 'zz-namespace-defaults.yaml');
    const r = run(['generate', 'namespace-defaults', dir, '--output', output]);
    assert.equal(r.code, 0, r.stderr);
    const generated = readFileSync(output, 'utf8');
    assert.match(generated, /kubectl label namespace shop pod-security\.kubernetes\.io\/enforce=restricted/);
    assert.match(generated, /k8s-app: kube-dns/);
    const controls = 'NSA-NET-004,NSA-NET-005,NSA-NET-006,NSA-NET-007,NSA-NET-010,NSA-NET-011';
    const before = JSON.parse(run(['scan', join(root as string, 'examples', 'insecure'), '-f', 'json', '--fail-on', 'none', '--controls', controls]).stdout) as ScanReport;
    assert.ok(before.findings.some((f) => f.status === 'failed'));
    const report = JSON.parse(run(['scan', dir, '-f', 'json', '--fail-on', 'none', '--controls', controls]).stdout) as ScanReport;
    assert.deepEqual(report.findings.filter((f) => f.status === 'failed').map((f) => `${f.controlId} ${f.message}`), []);

    // A namespace that is only named gets a Namespace with the labels, which passes the PSA controls.
    const only = mkdtempSync(join(tmpdir(), 'kubeharden-gen-'));
    writeFileSync(join(only, 'app.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: team-a}\n');
    run(['generate', 'namespace-defaults', only, '--output', join(only, 'defaults.yaml')]);
    const clean = JSON.parse(
      run(['scan', only, '-f', 'json', '--fail-on', 'none', '--controls', `${controls},NSA-POD-026,NSA-POD-029`]).stdout,
    ) as ScanReport;
    assert.deepEqual(clean.findings.filter((f) => f.status === 'failed').map((f) => f.message), []);
    assert.ok(clean.controls.filter((c) => c.id === 'NSA-POD-026' || c.id === 'NSA-NET-004').every((c) => c.status === 'passed'));
  });
});
