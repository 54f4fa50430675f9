import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cvss2BaseScore, cvss3BaseScore, cvss4ApproximateScore } from './cvss.js';
import { parsePurl } from './purl.js';
import { readSbom, SbomError } from './sbom.js';
import { readScannerReport } from './scanner-reports.js';
import { cycloneDx, grypeReport, makeZip, spdx, trivyReport } from './test-fixtures.js';
import { zipEntries } from './zip.js';

const DIGEST = `sha256:${'1'.repeat(64)}`;

describe('purl', () => {
  it('reads type, namespace, name, version, qualifiers and subpath, decoding each', () => {
    assert.deepEqual(parsePurl('pkg:npm/%40angular/core@16.2.0'), { type: 'npm', namespace: '@angular', name: 'core', version: '16.2.0', qualifiers: {} });
    assert.deepEqual(parsePurl('pkg:npm/@angular/core@16.2.0')?.namespace, '@angular');
    assert.deepEqual(parsePurl('pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&upstream=bash%405.2.15-2&distro=debian-12#sub/dir'), {
      type: 'deb',
      namespace: 'debian',
      name: 'bash',
      version: '5.2.15-2+b2',
      qualifiers: { arch: 'amd64', upstream: 'bash@5.2.15-2', distro: 'debian-12' },
      subpath: 'sub/dir',
    });
    assert.equal(parsePurl('pkg:golang/github.com/gin-gonic/gin@v1.9.1')?.namespace, 'github.com/gin-gonic');
    assert.equal(parsePurl('not a purl'), undefined);
  });
});

describe('SBOM readers', () => {
  const purls = ['pkg:npm/lib@1.0.0', 'pkg:pypi/requests@2.31.0', 'pkg:generic/thing@1', 'pkg:deb/debian/bash@5.2.15-2?distro=debian-12'];
  for (const specVersion of ['1.4', '1.5', '1.6']) {
    it(`CycloneDX ${specVersion}: syft's image name with the digest as version`, () => {
      const sbom = readSbom(cycloneDx({ name: 'nginx', version: DIGEST }, purls, specVersion), 'a.json')!;
      assert.equal(sbom.format, 'CycloneDX');
      assert.deepEqual(sbom.image.digests, [DIGEST]);
      assert.deepEqual(sbom.packages.map((p) => `${p.ecosystem}/${p.name}@${p.version}`), ['npm/lib@1.0.0', 'PyPI/requests@2.31.0', 'Debian/bash@5.2.15-2']);
      assert.equal(sbom.unmatchable, 1);
    });
  }
  it("CycloneDX: Trivy's tagged name, pkg:oci purl and RepoDigest properties", () => {
    const sbom = readSbom(
      {
        ...cycloneDx({ name: 'nginx:1.25', properties: { 'aquasecurity:trivy:RepoDigest': `nginx@${DIGEST}`, 'aquasecurity:trivy:RepoTag': 'nginx:1.25' } }, []),
      },
      'b.json',
    )!;
    assert.deepEqual(sbom.image.references, ['docker.io/library/nginx:1.25']);
    assert.deepEqual(sbom.image.digests, [DIGEST]);
  });
  it('CycloneDX: the operating-system component gives OS packages their release', () => {
    const sbom = readSbom(cycloneDx({ name: 'app', version: '1.0' }, ['pkg:apk/alpine/musl@1.2.4-r2'], '1.5', { name: 'alpine', version: '3.18.4' }), 'c.json')!;
    assert.deepEqual(sbom.packages[0]?.distro, { name: 'alpine', version: '3.18.4' });
    assert.deepEqual(sbom.image.references, ['docker.io/library/app:1.0']);
  });
  for (const spdxVersion of ['SPDX-2.2', 'SPDX-2.3']) {
    it(`${spdxVersion}: the root package with its pkg:oci purl`, () => {
      const sbom = readSbom(spdx({ name: 'ghcr.io/org/app', versionInfo: DIGEST, purl: `pkg:oci/app@${encodeURIComponent(DIGEST)}?repository_url=ghcr.io/org/app&tag=v2` }, purls, spdxVersion), 'd.json')!;
      assert.equal(sbom.format, 'SPDX');
      assert.deepEqual(sbom.image.references, ['ghcr.io/org/app:v2']);
      assert.deepEqual(sbom.image.digests, [DIGEST]);
      assert.equal(sbom.packages.length, 3);
    });
  }
  it("BuildKit's attestation: an in-toto statement whose subject names the image, SPDX as predicate", () => {
    const document = spdx({ name: 'sbom' }, ['pkg:npm/lib@1.0.0']);
    (document['packages'] as Record<string, unknown>[])[0]!['primaryPackagePurpose'] = 'SOURCE';
    const statement = {
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://spdx.dev/Document',
      subject: [{ name: 'pkg:docker/registry.example.com/shop/web@2.3.1?platform=linux%2Famd64', digest: { sha256: '1'.repeat(64) } }],
      predicate: document,
    };
    const sbom = readSbom(statement, 'att.json')!;
    assert.deepEqual(sbom.image.references, ['registry.example.com/shop/web:2.3.1']);
    assert.deepEqual(sbom.image.digests, [DIGEST]);
    assert.deepEqual(sbom.packages.map((p) => p.name), ['lib']);
    assert.throws(() => readSbom({ SPDX: document }, 'inspect.json'), SbomError, 'imagetools output names no image');
  });
  it('an SBOM that names no image is an error, and a non-SBOM is not read', () => {
    const library = { bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { component: { type: 'application', name: 'x' } }, components: [] };
    assert.throws(() => readSbom(library, 'lib.json'), SbomError);
    assert.equal(readSbom({ hello: 'world' }, 'x.json'), undefined);
  });
});

describe('scanner reports', () => {
  it('Trivy: artifact, repo digests, vulnerabilities with their fixed versions', () => {
    const report = readScannerReport(
      trivyReport('nginx:1.25', [{ id: 'CVE-2024-1', pkg: 'libssl3', installed: '3.0.11-1~deb12u2', fixed: '3.0.13-1~deb12u1, 3.0.14-1', severity: 'HIGH', vendorIds: ['DSA-5678-1'] }, { id: 'CVE-2024-2', pkg: 'zlib1g', installed: '1.2.13', severity: 'CRITICAL' }], { RepoDigests: [`nginx@${DIGEST}`] }),
      't.json',
    )!;
    assert.equal(report.kind, 'trivy');
    assert.deepEqual(report.image.references, ['docker.io/library/nginx:1.25']);
    assert.deepEqual(report.image.digests, [DIGEST]);
    assert.deepEqual(report.vulnerabilities.map((v) => [v.id, v.severity, v.fixed]), [
      ['CVE-2024-1', 'high', ['3.0.13-1~deb12u1', '3.0.14-1']],
      ['CVE-2024-2', 'critical', []],
    ]);
    assert.deepEqual(report.vulnerabilities[0]?.related, ['DSA-5678-1']);
  });
  it('Grype: source target, fix state, related vulnerabilities', () => {
    const report = readScannerReport(
      grypeReport('redis:7.2', [{ id: 'GHSA-1', severity: 'Medium', pkg: 'lib', version: '1.0', fixed: ['1.1'], related: ['CVE-2024-9'] }, { id: 'CVE-2024-3', severity: 'Negligible', pkg: 'bash', version: '5.2' }], { manifestDigest: DIGEST }),
      'g.json',
    )!;
    assert.equal(report.kind, 'grype');
    assert.deepEqual(report.image.references, ['docker.io/library/redis:7.2']);
    assert.deepEqual(report.vulnerabilities.map((v) => [v.id, v.severity, v.fixed, v.related]), [
      ['GHSA-1', 'medium', ['1.1'], ['CVE-2024-9']],
      ['CVE-2024-3', 'low', [], []],
    ]);
  });
  it('neither report: undefined', () => assert.equal(readScannerReport({ matches: 'x' }, 'n.json'), undefined));
});

describe('CVSS', () => {
  const v3: [string, number][] = [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
  ];
  for (const [vector, score] of v3) it(`${vector} scores ${score}`, () => assert.equal(cvss3BaseScore(vector), score));
  it('v2 base scores', () => {
    assert.equal(cvss2BaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P'), 7.5);
    assert.equal(cvss2BaseScore('AV:N/AC:L/Au:N/C:C/I:C/A:C'), 10.0);
  });
  it('malformed vectors give no score', () => {
    assert.equal(cvss3BaseScore('CVSS:3.1/AV:X'), undefined);
    assert.equal(cvss4ApproximateScore('CVSS:3.1/AV:N'), undefined);
  });
  it('v4 approximation: a local, user-interaction, low-impact flaw is not rated high', () => {
    assert.ok((cvss4ApproximateScore('CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N') ?? 10) < 4);
  });
});

describe('ZIP reader', () => {
  for (const zip64 of [false, true]) {
    it(`reads stored and deflated entries${zip64 ? ' (ZIP64)' : ''}`, () => {
      const zip = makeZip({ 'GHSA-1.json': { text: '{"id":"GHSA-1"}' }, 'sub/PYSEC-2.json': { text: '{"id":"PYSEC-2"}'.repeat(50), stored: true } }, zip64);
      const entries = zipEntries(zip, 'all.zip');
      assert.deepEqual(entries.map((e) => e.name), ['GHSA-1.json', 'sub/PYSEC-2.json']);
      assert.equal(entries[0]?.read().toString(), '{"id":"GHSA-1"}');
      assert.equal(entries[1]?.read().toString(), '{"id":"PYSEC-2"}'.repeat(50));
    });
  }
  it('rejects a file that is not a ZIP', () => assert.throws(() => zipEntries(Buffer.from('hello world, not a zip at all'), 'x.zip'), /not a ZIP archive/));
});
