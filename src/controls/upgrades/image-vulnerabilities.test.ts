import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanSettings } from '../../engine/settings.js';
import { matchSbom, VulnerabilityEvidence, type RawImageEvidence } from '../../vuln/evidence.js';
import { OsvDatabase } from '../../vuln/osv.js';
import { readScannerReport } from '../../vuln/scanner-reports.js';
import { readSbom } from '../../vuln/sbom.js';
import { CRITICAL_V3, cycloneDx, HIGH_V3, MEDIUM_V3, osvRecord, trivyReport } from '../../vuln/test-fixtures.js';
import { scanWith, testControl, yaml } from '../../testing/control-tester.js';
import control from './image-vulnerabilities.js';

const RUNNING = `sha256:${'c'.repeat(64)}`;

const osv = new OsvDatabase();
for (const record of [
  osvRecord('DEBIAN-CVE-2024-0001', 'Debian:12', 'openssl', [{ events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] }], { severity: [HIGH_V3], upstream: ['CVE-2024-0001'] }),
  osvRecord('GHSA-crit-0000-0001', 'npm', 'express', [{ type: 'SEMVER', events: [{ introduced: '4.0.0' }, { fixed: '4.19.2' }] }], { severity: [CRITICAL_V3], aliases: ['CVE-2024-0002'] }),
  osvRecord('CVE-2024-0002', 'npm', 'express', [{ type: 'SEMVER', events: [{ introduced: '4.0.0' }, { fixed: '4.19.2' }] }]),
  osvRecord('GHSA-medi-0000-0003', 'PyPI', 'jinja2', [{ events: [{ introduced: '0' }, { fixed: '3.1.4' }] }], { severity: [MEDIUM_V3] }),
  osvRecord('GHSA-nofx-0000-0004', 'npm', 'left-pad', [{ type: 'SEMVER', events: [{ introduced: '0' }, { last_affected: '1.3.0' }] }], { severity: [HIGH_V3] }),
]) osv.add(record);

const sbom = (image: string, purls: string[]): RawImageEvidence => matchSbom(readSbom(cycloneDx({ name: image.split(':')[0] as string, version: image.split(':')[1] as string }, purls), `${image}.cdx.json`)!, osv);

const evidence = new VulnerabilityEvidence([
  sbom('registry.example.com/api:1.0', ['pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl&distro=debian-12', 'pkg:npm/express@4.18.2']),
  sbom('registry.example.com/api:1.1', ['pkg:deb/debian/libssl3@3.0.13-1~deb12u1?upstream=openssl&distro=debian-12', 'pkg:npm/express@4.19.2']),
  sbom('registry.example.com/web:2.0', ['pkg:pypi/Jinja2@3.1.2', 'pkg:npm/left-pad@1.3.0']),
  readScannerReport(trivyReport('registry.example.com/cache:7', [{ id: 'CVE-2024-0009', pkg: 'redis', installed: '7.0.0', fixed: '7.0.15', severity: 'HIGH' }], { RepoDigests: [`registry.example.com/cache@${RUNNING}`] }), 'cache.trivy.json')!,
  readScannerReport(trivyReport('registry.example.com/cache:7-old', [], {}), 'cache-old.trivy.json')!,
]);

const settings = (extra: Partial<NonNullable<ScanSettings['vulnerabilities']>> = {}): Partial<ScanSettings> => ({
  vulnerabilities: { evidence, minSeverity: 'high', includeUnfixable: false, ...extra },
});

const pod = (image: string): string => yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: app, namespace: shop}
  spec:
    containers:
      - name: main
        image: ${image}`;

testControl(control, {
  valid: [
    { name: 'every package at or above its fixed version (no false positive at the fix)', manifest: pod('registry.example.com/api:1.1'), settings: settings() },
    { name: 'only a medium vulnerability, threshold high', manifest: pod('registry.example.com/web:2.0'), settings: settings() },
    { name: 'an image without evidence (NSA-UPG-008 reports it)', manifest: pod('registry.example.com/other:1'), settings: settings() },
    { name: 'a clean scanner report', manifest: pod('registry.example.com/cache:7-old'), settings: settings() },
  ],
  invalid: [
    {
      name: 'a Debian package and an npm package below their fixes',
      manifest: pod('registry.example.com/api:1.0'),
      settings: settings(),
      findings: [{ messageId: 'vulnerableImage', path: 'spec.containers[0].image', container: 'main', line: 7, column: 7 }],
    },
    {
      name: 'medium vulnerabilities with --vuln-severity medium',
      manifest: pod('registry.example.com/web:2.0'),
      settings: settings({ minSeverity: 'medium' }),
      findings: [{ messageId: 'vulnerableImage', path: 'spec.containers[0].image', container: 'main' }],
    },
    {
      name: 'a vulnerability without a fix, with --vuln-include-unfixable',
      manifest: pod('registry.example.com/web:2.0'),
      settings: settings({ includeUnfixable: true }),
      findings: [{ messageId: 'vulnerableImage', path: 'spec.containers[0].image', container: 'main' }],
    },
    {
      name: 'one finding per image: two containers of one image, and an init container',
      manifest: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: app}
        spec:
          initContainers:
            - name: migrate
              image: registry.example.com/api:1.0
          containers:
            - name: api
              image: registry.example.com/api:1.0
            - name: api-2
              image: registry.example.com/api:1.0
            - name: cache
              image: registry.example.com/cache:7@${RUNNING}`,
      settings: settings(),
      findings: [
        { messageId: 'vulnerableImage', path: 'spec.initContainers[0].image', container: 'migrate', line: 7 },
        { messageId: 'vulnerableImage', path: 'spec.containers[2].image', container: 'cache', line: 14 },
      ],
    },
  ],
});

describe('NSA-UPG-007 details', () => {
  it('lists IDs (aliases merged), severity, installed and fixed versions, and the evidence', () => {
    const report = scanWith(control, pod('registry.example.com/api:1.0'), settings());
    assert.equal(
      report.findings[0]?.message,
      'Container "main" runs registry.example.com/api:1.0 with known vulnerabilities (1 critical, 1 high) that have a fix, per registry.example.com/api:1.0.cdx.json (matched by tag): ' +
        'CVE-2024-0002 / GHSA-crit-0000-0001 (critical) express 4.18.2, fixed in 4.19.2; CVE-2024-0001 / DEBIAN-CVE-2024-0001 (high) libssl3 3.0.11-1~deb12u2, fixed in 3.0.13-1~deb12u1.',
    );
  });
  it('uses the tag evidence for another digest of the tag, and says the digest is not confirmed', () => {
    const other = `sha256:${'f'.repeat(64)}`;
    const report = scanWith(control, pod(`registry.example.com/cache:7@${other}`), settings());
    assert.match(report.findings[0]?.message ?? '', new RegExp(`matched by tag; it names sha256:c{64}, not the digest that runs, ${other}`));
  });
  it('is not evaluated without evidence', () => {
    const report = scanWith(control, pod('nginx:1.25'));
    const entry = report.controls.find((c) => c.id === 'NSA-UPG-007');
    assert.equal(entry?.status, 'not-evaluated');
    assert.match(entry?.reason ?? '', /--sbom with --osv-db, or --vuln-report/);
  });
  it("a live Pod's status digest wins over its tag", () => {
    const live = (imageID: string): string => yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: cache, namespace: shop}
      spec:
        containers:
          - name: cache
            image: registry.example.com/cache:7-old
      status:
        containerStatuses:
          - name: cache
            image: registry.example.com/cache:7-old
            imageID: ${imageID}`;
    // The tag names a clean report, but the digest that runs is the vulnerable build.
    const running = scanWith(control, live(`registry.example.com/cache@${RUNNING}`), settings());
    assert.deepEqual(running.findings.map((f) => `${f.path} ${f.message.includes('matched by digest')}`), ['spec.containers[0].image true']);
    const before = scanWith(control, live(''), settings());
    assert.deepEqual(before.findings, [], 'without a status digest the tag decides');
  });
});
