import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanReport } from '../core/report.js';
import { repoRoot } from '../testing/shared-fixtures.js';
import { cycloneDx, grypeReport, HIGH_V3, makeZip, osvRecord, spdx, trivyReport } from '../vuln/test-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const bin = join(root, 'dist', 'cli', 'bin.js');

const dir = mkdtempSync(join(tmpdir(), 'kubeharden-vuln-e2e-'));
const file = (...parts: string[]): string => join(dir, ...parts);

function run(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const deployment = (name: string, image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: ${image}
`;

mkdirSync(file('manifests'));
writeFileSync(file('manifests', 'apps.yaml'), [deployment('api', 'registry.example.com/api:1.0'), deployment('web', 'registry.example.com/web:2.0'), deployment('cache', 'redis:7.2'), deployment('tools', 'registry.example.com/tools:3')].join('---\n'));
mkdirSync(file('osv', 'Debian'), { recursive: true });
writeFileSync(file('osv', 'Debian', 'DEBIAN-CVE-2024-0001.json'), JSON.stringify(osvRecord('DEBIAN-CVE-2024-0001', 'Debian:12', 'openssl', [{ events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] }], { severity: [HIGH_V3], upstream: ['CVE-2024-0001'] })));
writeFileSync(
  file('osv', 'npm-all.zip'),
  makeZip({ 'GHSA-aaaa-bbbb-cccc.json': { text: JSON.stringify(osvRecord('GHSA-aaaa-bbbb-cccc', 'npm', 'express', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.19.2' }] }, { type: 'GIT', events: [{ introduced: '0' }] }], { severity: [HIGH_V3] })) } }),
);
mkdirSync(file('sboms'));
writeFileSync(file('sboms', 'api.cdx.json'), JSON.stringify(cycloneDx({ name: 'registry.example.com/api', version: '1.0' }, ['pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl&distro=debian-12', 'pkg:npm/express@4.18.2'])));
writeFileSync(file('sboms', 'web.spdx.json'), JSON.stringify(spdx({ name: 'registry.example.com/web:2.0' }, ['pkg:npm/express@4.19.2'])));
writeFileSync(file('redis.trivy.json'), JSON.stringify(trivyReport('redis:7.2', [{ id: 'CVE-2024-0009', pkg: 'redis', installed: '7.2.0', fixed: '7.2.4', severity: 'CRITICAL' }])));
writeFileSync(file('tools.grype.json'), JSON.stringify(grypeReport('registry.example.com/tools:3', [{ id: 'CVE-2024-0010', severity: 'High', pkg: 'bash', version: '5.2' }])));
after(() => rmSync(dir, { recursive: true, force: true }));

const evidence = ['--sbom', 'sboms', '--osv-db', 'osv', '--vuln-report', 'redis.trivy.json', '--vuln-report', 'tools.grype.json'];
const only = ['--controls', 'NSA-UPG-007,NSA-UPG-008'];

describe('kubeharden scan with vulnerability evidence', () => {
  it('reports NSA-UPG-007 for exactly the workloads whose images have fixable vulnerabilities, with file and line', () => {
    const r = run(['scan', 'manifests', ...evidence, ...only, '-f', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as ScanReport;
    assert.deepEqual(
      report.findings.map((f) => [f.controlId, f.resource.name, f.location?.file, f.location?.line, f.path]),
      [
        ['NSA-UPG-007', 'api', 'manifests/apps.yaml', 15, 'spec.template.spec.containers[0].image'],
        ['NSA-UPG-007', 'cache', 'manifests/apps.yaml', 47, 'spec.template.spec.containers[0].image'],
      ].sort(),
    );
    assert.match(report.findings.find((f) => f.resource.name === 'api')?.message ?? '', /CVE-2024-0001 \/ DEBIAN-CVE-2024-0001 \(high\) libssl3 3\.0\.11-1~deb12u2, fixed in 3\.0\.13-1~deb12u1/);
    assert.match(r.stderr, /range\(s\) of type GIT skipped/);
    const images = report.vulnerabilities?.images ?? [];
    assert.deepEqual(images.map((i) => [i.image, i.reported, i.counts.critical + i.counts.high, i.evidence?.matchedBy]), [
      ['registry.example.com/api:1.0', 2, 2, 'tag'],
      ['redis:7.2', 1, 1, 'tag'],
      ['registry.example.com/tools:3', 0, 1, 'tag'],
      ['registry.example.com/web:2.0', 0, 0, 'tag'],
    ]);
  });
  it('--vuln-include-unfixable adds the vulnerability without a fix', () => {
    const report = JSON.parse(run(['scan', 'manifests', ...evidence, ...only, '--vuln-include-unfixable', '-f', 'json']).stdout) as ScanReport;
    assert.deepEqual(report.findings.map((f) => f.resource.name).sort(), ['api', 'cache', 'tools']);
  });
  it('--vuln-severity critical keeps only the critical one', () => {
    const report = JSON.parse(run(['scan', 'manifests', ...evidence, ...only, '--vuln-severity', 'critical', '-f', 'json']).stdout) as ScanReport;
    assert.deepEqual(report.findings.map((f) => f.resource.name), ['cache']);
  });
  it('NSA-UPG-008 for an image without evidence; both not evaluated without any', () => {
    const partial = JSON.parse(run(['scan', 'manifests', '--vuln-report', 'redis.trivy.json', ...only, '-f', 'json']).stdout) as ScanReport;
    assert.deepEqual(partial.findings.filter((f) => f.controlId === 'NSA-UPG-008').map((f) => f.resource.name).sort(), ['api', 'tools', 'web']);
    const none = JSON.parse(run(['scan', 'manifests', ...only, '-f', 'json']).stdout) as ScanReport;
    assert.deepEqual(none.controls.map((c) => c.status), ['not-evaluated', 'not-evaluated']);
    assert.equal(none.vulnerabilities, undefined);
  });
  it('every format shows the NSA-UPG-007 findings; the HTML report has the images view', () => {
    for (const format of ['table', 'markdown', 'sarif', 'junit', 'github', 'policyreport', 'html']) {
      const r = run(['scan', 'manifests', ...evidence, ...only, '-f', format]);
      assert.equal(r.code, 1, `${format}: ${r.stderr}`);
      assert.ok(r.stdout.includes('NSA-UPG-007') || r.stdout.includes('image-vulnerabilities'), `${format} names the control`);
      assert.match(r.stdout, /CVE\\?-2024\\?-0009/, `${format} lists the vulnerability`);
    }
    const html = run(['scan', 'manifests', ...evidence, ...only, '-f', 'html']).stdout;
    assert.match(html, /<section id="images"/);
    assert.match(html, /<th scope="row" class="mono">redis:7\.2<\/th>/);
  });
  it('a folder scan does not read the evidence as manifests', () => {
    const r = run(['scan', '.', ...evidence, ...only, '-f', 'json']);
    const report = JSON.parse(r.stdout) as ScanReport;
    assert.deepEqual(report.errors, []);
    assert.equal(report.summary.resources, 4);
  });
  it('usage errors exit 2: --sbom without --osv-db, a file that is no evidence, an unknown severity', () => {
    const a = run(['scan', 'manifests', '--sbom', 'sboms']);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /--sbom needs OSV data/);
    assert.equal(run(['scan', 'manifests', '--vuln-report', 'manifests/apps.yaml']).code, 2);
    assert.equal(run(['scan', 'manifests', '--vuln-report', 'redis.trivy.json', '--vuln-severity', 'urgent']).code, 2);
    assert.ok(readFileSync(file('manifests', 'apps.yaml'), 'utf8').length > 0);
  });
});
