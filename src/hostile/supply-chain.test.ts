// The supply chain of the tool itself: few runtime dependencies, pinned exactly and locked with integrity
// hashes; no install scripts of our own or of a runtime dependency; the CI audit gate fails on findings
// and only on findings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot() as string;
interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  hasInstallScript?: boolean;
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const work = mkdtempSync(join(tmpdir(), 'kubeharden-audit-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The packages the lockfile installs for these names, with theirs, as node_modules paths. */
function dependencyClosure(names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const path = `node_modules/${name}`;
    const entry = lock.packages[path] as (LockEntry & { dependencies?: Record<string, string> }) | undefined;
    if (!entry || seen.has(path)) return;
    seen.add(path);
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(dependency);
  };
  for (const name of names) visit(name);
  return seen;
}

describe('supply chain', () => {
  it('the cluster client is loaded only by a cluster scan: no module imports it statically', () => {
    const importers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.js') && /^\s*import\b[^;]*from\s*['"]@kubernetes\/client-node['"]/m.test(readFileSync(path, 'utf8'))) importers.push(path);
      }
    };
    walk(join(root, 'dist'));
    assert.deepEqual(importers, []);
  });

  it('no install scripts of our own; prepare only builds (it runs for git checkouts, never for registry installs)', () => {
    for (const hook of ['preinstall', 'install', 'postinstall', 'preprepare', 'postprepare', 'prepublish', 'preuninstall', 'uninstall', 'postuninstall']) {
      assert.equal(pkg.scripts[hook], undefined, `package.json must not have a ${hook} script`);
    }
    assert.equal(pkg.scripts['prepare'], 'npm run build');
    assert.match(pkg.scripts['build'] ?? '', /^tsc -p tsconfig\.json && node -e "require\('node:fs'\)\.chmodSync\('dist\/cli\/bin\.js', 0o755\)"$/);
  });

  it('few runtime dependencies, each pinned to an exact version and locked with an integrity hash', () => {
    const runtime = Object.entries(pkg.dependencies);
    // commander: the CLI; js-yaml: fast parsing; yaml: positions and comment-keeping edits;
    // @kubernetes/client-node: kubeconfig loading as kubectl does it (exec plugins, OIDC), for `scan --cluster` only.
    assert.deepEqual(
      runtime.map(([name]) => name).sort(),
      ['@kubernetes/client-node', 'commander', 'js-yaml', 'yaml'],
      'a new runtime dependency is a decision: add it here with its reason',
    );
    for (const [name, version] of [...runtime, ...Object.entries(pkg.devDependencies)]) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `${name} must be pinned exactly, not ${version}`);
      const entry = lock.packages[`node_modules/${name}`];
      assert.equal(entry?.version, version, `${name} in the lockfile`);
    }
    // Everything a user installs (runtime dependencies and theirs): locked, hashed, and without install scripts.
    const installed = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.dev);
    // What every scan loads stays small; the cluster client's larger tree loads only for `scan --cluster`.
    const scannerTree = dependencyClosure(['commander', 'js-yaml', 'yaml']);
    assert.ok(scannerTree.size <= 5, `the file scanner's dependency tree: ${[...scannerTree].join(', ')}`);
    assert.ok(installed.length <= 90, `runtime dependency tree grew to ${installed.length} packages: ${installed.map(([p]) => p).join(', ')}`);
    for (const [path, entry] of installed) {
      if (entry.resolved !== undefined) assert.match(entry.resolved, /^https:\/\/registry\.npmjs\.org\//, `${path} resolved from the registry`);
      assert.match(entry.integrity ?? '', /^sha512-/, `${path} has an integrity hash`);
      assert.notEqual(entry.hasInstallScript, true, `${path} runs an install script`);
    }
  });

  describe('the CI audit gate (scripts/audit-runtime-deps.mjs) with a stand-in npm', () => {
    const gate = (npmOutput: string, npmExit: number): { code: number | null; out: string } => {
      const bin = mkdtempSync(join(work, 'bin-'));
      writeFileSync(join(bin, 'out.json'), npmOutput);
      writeFileSync(join(bin, 'npm'), `#!/bin/sh\ncat "${join(bin, 'out.json')}"\nexit ${npmExit}\n`);
      chmodSync(join(bin, 'npm'), 0o755);
      const run = spawnSync(process.execPath, [join(root, 'scripts', 'audit-runtime-deps.mjs')], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` } });
      return { code: run.status, out: run.stdout + run.stderr };
    };
    const report = (high: number, critical: number): string =>
      JSON.stringify({
        auditReportVersion: 2,
        vulnerabilities: high + critical > 0 ? { 'js-yaml': { severity: critical ? 'critical' : 'high', range: '<4.1.1' } } : {},
        metadata: { vulnerabilities: { info: 0, low: 1, moderate: 2, high, critical, total: 3 + high + critical } },
      });

    it('fails when the registry answers with high or critical advisories', () => {
      const result = gate(report(1, 0), 1);
      assert.equal(result.code, 1, result.out);
      assert.match(result.out, /high: js-yaml <4\.1\.1/);
      assert.equal(gate(report(0, 2), 1).code, 1);
    });

    it('passes when only moderate or low advisories are found', () => {
      const result = gate(report(0, 0), 0);
      assert.equal(result.code, 0, result.out);
      assert.match(result.out, /no high or critical advisories/);
    });

    it('does not fail CI when the registry cannot be reached or has no audit endpoint', () => {
      const offline = gate(JSON.stringify({ message: 'request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org', error: { summary: '', detail: '' } }), 1);
      assert.equal(offline.code, 0, offline.out);
      assert.match(offline.out, /could not run .*ENOTFOUND.*skipped/);
      assert.equal(gate('', 1).code, 0);
    });
  });
});
