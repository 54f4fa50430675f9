// The command-line options of the secrets and upgrade controls: defaults shown in the help, values
// reaching the controls, and malformed values refused with exit code 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ScanReport } from '../core/report.js';
import { LATEST_PSS_MINOR } from '../pss/version.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const bin = join(root, 'dist', 'cli', 'bin.js');

function run(args: string[], input = '') {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function findings(args: string[], input: string, control: string): string[] {
  const r = run(['scan', '-', '-f', 'json', '--fail-on', 'none', '--controls', control, ...args], input);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as ScanReport).findings.map((f) => `${f.status} ${f.path}`);
}

const node = (kubelet: string, os: string, runtime: string): string =>
  `apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nstatus:\n  nodeInfo: {kubeletVersion: "${kubelet}", osImage: "${os}", kernelVersion: "6.8.0-1021-aws", containerRuntimeVersion: "${runtime}"}\n`;

const pod = (env: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      env: ${env}\n`;

describe('kubeharden scan: options of the secrets and upgrade controls', () => {
  it('documents the defaults in the help', () => {
    const help = run(['scan', '--help']).stdout;
    assert.match(help, new RegExp(`v1\\.${LATEST_PSS_MINOR - 2}-v1\\.${LATEST_PSS_MINOR}`));
    assert.match(help, /containerd=2\.0\.0/);
    assert.match(help, /Ubuntu=22\.04/);
    assert.match(help, /default: "4\.19"/);
    assert.match(help, /--secret-value-pattern/);
  });

  it('adds secret patterns to the defaults', () => {
    const input = pod('[{name: LICENSE, value: acme_0badc0de}, {name: DB_PASSWORD, value: hunter2}]');
    assert.deepEqual(findings([], input, 'NSA-SEC-005'), ['failed spec.containers[0].env[1].value']);
    assert.deepEqual(findings(['--secret-value-pattern', '^acme_[0-9a-f]{8}$'], input, 'NSA-SEC-005'), [
      'failed spec.containers[0].env[0].value',
      'failed spec.containers[0].env[1].value',
    ]);
    assert.deepEqual(findings(['--non-sensitive-key-pattern', '^db_password$'], input, 'NSA-SEC-005'), []);
  });

  it('refuses a pattern that is not a regular expression', () => {
    const r = run(['scan', '-', '--sensitive-key-pattern', '(unclosed'], pod('[]'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid --sensitive-key-pattern "\(unclosed"/);
  });

  it('takes the supported window and node minimums from the command line', () => {
    const input = node('v1.31.4', 'Ubuntu 22.04.4 LTS', 'containerd://1.7.27');
    assert.deepEqual(findings([], input, 'NSA-UPG-001'), ['failed status.nodeInfo.kubeletVersion']);
    assert.deepEqual(findings(['--supported-versions', 'v1.30-v1.32'], input, 'NSA-UPG-001'), []);
    assert.deepEqual(findings([], input, 'NSA-UPG-005'), ['failed status.nodeInfo.containerRuntimeVersion']);
    assert.deepEqual(findings(['--min-runtime', 'containerd=1.7', '--min-os', 'Ubuntu=24.04'], input, 'NSA-UPG-005'), ['failed status.nodeInfo.osImage']);
    assert.deepEqual(findings(['--min-runtime', 'containerd=1.7', '--min-kernel', '6.10'], input, 'NSA-UPG-005'), ['failed status.nodeInfo.kernelVersion']);
  });

  it('lets CRI-O follow the configured window', () => {
    const input = node('v1.31.4', 'Ubuntu 24.04.1 LTS', 'cri-o://1.30.2');
    assert.deepEqual(findings([], input, 'NSA-UPG-005'), ['failed status.nodeInfo.containerRuntimeVersion']);
    assert.deepEqual(findings(['--supported-versions', '1.30-1.32'], input, 'NSA-UPG-005'), []);
  });

  it('refuses malformed windows and minimums', () => {
    for (const args of [['--supported-versions', 'v1.32-v1.30'], ['--supported-versions', 'latest'], ['--min-runtime', 'containerd'], ['--min-os', 'Ubuntu=jammy'], ['--min-kernel', 'new']]) {
      const r = run(['scan', '-', ...args], pod('[]'));
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /kubeharden: invalid --/, args.join(' '));
    }
  });
});
