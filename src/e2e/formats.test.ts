import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { ScanReport } from '../core/report.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot() as string;
const bin = join(root, 'dist', 'cli', 'bin.js');

function run(args: string[], input = '', env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GITHUB_SERVER_URL: '', GITHUB_REPOSITORY: '', GITHUB_SHA: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const privilegedPod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';

describe('kubeharden scan --format ... --output ... (one scan, many reports)', () => {
  it('writes every format from one scan: standard input, which can be read once, is in all of them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-formats-cli-'));
    const out = (name: string) => join(dir, name);
    const r = run(
      ['scan', '-', '--controls', 'NSA-POD-006', '-f', 'sarif', '-o', out('r.sarif'), '-f', 'junit', '-o', out('r.xml'), '-f', 'markdown', '-o', out('r.md'),
        '-f', 'github', '-o', out('r.txt'), '-f', 'policyreport', '-o', out('r.yaml'), '-f', 'table', '-o', out('r.table'), '-f', 'json'],
      privilegedPod,
    );
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as ScanReport;
    assert.equal(report.findings.length, 1);
    const sarif = JSON.parse(readFileSync(out('r.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(sarif.runs[0]?.results.map((x) => x.ruleId), ['NSA-POD-006']);
    assert.match(readFileSync(out('r.xml'), 'utf8'), /<failure message="Container &quot;app&quot; runs privileged\." type="critical">/);
    assert.match(readFileSync(out('r.md'), 'utf8'), /\| critical \| NSA-POD-006 \| `Pod\/x\/p` \| `<stdin>:9` \|/);
    assert.match(readFileSync(out('r.txt'), 'utf8'), /^::error file=<stdin>,line=9,col=9,endLine=9,endColumn=19,title=NSA-POD-006 No privileged containers \(critical\)::Container "app" runs privileged\./m);
    assert.match(readFileSync(out('r.yaml'), 'utf8'), /policy: NSA-POD-006\n\s+rule: privileged-containers\n[\s\S]*result: fail/);
    assert.match(readFileSync(out('r.table'), 'utf8'), /NSA-POD-006/);
    assert.ok(!readFileSync(out('r.table'), 'utf8').includes('\u001b['), 'no colours in files');
  });

  it('pairs each --output with the --format before it; the format without one goes to standard output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-formats-cli-'));
    const r = run(['scan', 'examples/insecure', '-f', 'table', '-f', 'sarif', '-o', join(dir, 'k.sarif')]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Failed controls$/m, 'the table on standard output');
    const sarif = JSON.parse(readFileSync(join(dir, 'k.sarif'), 'utf8')) as {
      runs: { originalUriBaseIds: Record<string, { uri: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[];
    };
    const run0 = sarif.runs[0];
    assert.equal(run0?.originalUriBaseIds['%SRCROOT%']?.uri, `${pathToFileURL(root).href}/`);
    assert.ok(run0?.results.every((x) => x.locations[0]?.physicalLocation.artifactLocation.uri.startsWith('examples/insecure/')));
    // Today's single-format usage keeps working, --output before or after --format.
    const before = run(['scan', 'examples/hardened', '-o', join(dir, 'h.json'), '-f', 'json']);
    assert.equal(before.code, 0, before.stderr);
    assert.equal((JSON.parse(readFileSync(join(dir, 'h.json'), 'utf8')) as ScanReport).schemaVersion, 1);
    const tableFile = run(['scan', 'examples/hardened', '-o', join(dir, 'h.txt')]);
    assert.equal(tableFile.code, 0);
    assert.equal(tableFile.stdout, '');
    assert.match(readFileSync(join(dir, 'h.txt'), 'utf8'), /^Scanned \d+ resources/m);
  });

  it('rejects ambiguous or impossible output requests with exit 2 before scanning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeharden-formats-cli-'));
    const cases: [string[], RegExp][] = [
      [['-f', 'json', '-f', 'sarif'], /only one format can write to standard output, not json and sarif/],
      [['-f', 'json', '-o', join(dir, 'a'), '-o', join(dir, 'b')], /--output .*b has no --format of its own/],
      [['-f', 'xml'], /unknown format: xml \(choose from table, json, html, sarif, junit, markdown, github, policyreport/],
      [['-f', 'json', '-o', join(dir, 'same'), '-f', 'sarif', '-o', join(dir, 'same')], /two reports would be written to .*same/],
    ];
    for (const [args, message] of cases) {
      const r = run(['scan', 'examples/insecure', ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '', 'nothing is written');
    }
    assert.ok(!existsSync(join(dir, 'a')) && !existsSync(join(dir, 'same')), 'no file is written');
    const unwritable = run(['scan', 'examples/insecure', '-f', 'sarif', '-o', join(dir, 'no', 'such', 'dir', 'x.sarif')]);
    assert.equal(unwritable.code, 2);
    assert.match(unwritable.stderr, /cannot write the sarif report to .*x\.sarif: ENOENT/);
  });

  it('links file:line in the Markdown report to the commit when run in GitHub Actions', () => {
    const r = run(['scan', 'examples/insecure', '-f', 'markdown'], '', {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: 'abc123',
    });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\]\(https:\/\/github\.com\/acme\/shop\/blob\/abc123\/examples\/insecure\/[a-z-]+\.yaml#L\d+\)/);
  });
});
