import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { VulnerabilityEvidence, type RawImageEvidence } from './evidence.js';
import { digestOf, imageIdentity } from './image-identity.js';
import { EvidenceError, loadEvidence } from './load.js';
import { cycloneDx, HIGH_V3, makeZip, osvRecord, trivyReport } from './test-fixtures.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

function raw(display: string, texts: string[], source = `${display}.json`): RawImageEvidence {
  return { image: imageIdentity(display, texts), source, kind: 'trivy', vulnerabilities: [] };
}

describe('digestOf (pod status imageID and references)', () => {
  const cases: [string, string | undefined][] = [
    [A, A],
    [`docker.io/library/nginx@${A}`, A],
    [`docker-pullable://nginx@${A}`, A],
    [`docker://${A}`, A],
    ['nginx:1.25', undefined],
    ['sha256:short', undefined],
    ['', undefined],
  ];
  for (const [text, digest] of cases) it(JSON.stringify(text), () => assert.equal(digestOf(text), digest));
});

describe('joining evidence to running images', () => {
  const evidence = new VulnerabilityEvidence([
    raw('nginx:1.25', ['nginx:1.25', `nginx@${A}`]),
    raw('redis:7', ['redis:7']),
  ]);
  it('finds by the digest that runs, whatever the tag', () => {
    assert.equal(evidence.find({ reference: 'docker.io/library/nginx:other', digest: A })?.by, 'digest');
  });
  it('finds by tag when nothing says which build runs', () => {
    assert.equal(evidence.find({ reference: 'docker.io/library/nginx:1.25' })?.by, 'tag');
  });
  it('a running digest the tag evidence does not name: used by tag, and said (another build, or an index digest)', () => {
    const match = evidence.find({ reference: 'docker.io/library/nginx:1.25', digest: B });
    assert.equal(match?.by, 'tag');
    assert.equal(match?.unconfirmedDigest, B);
    assert.equal(evidence.find({ reference: 'docker.io/library/nginx:1.26', digest: B }), undefined);
  });
  it('tag evidence that records no digest is preferred to evidence naming other digests', () => {
    const both = new VulnerabilityEvidence([raw('nginx:1.25', ['nginx:1.25', `nginx@${A}`], 'old.json'), raw('nginx:1.25', ['nginx:1.25'], 'plain.json')]);
    assert.deepEqual(both.find({ reference: 'docker.io/library/nginx:1.25', digest: B })?.evidence.sources, ['old.json', 'plain.json']);
  });
  it('tag evidence that records no digest is used even when the digest is known', () => {
    assert.equal(evidence.find({ reference: 'docker.io/library/redis:7', digest: B })?.by, 'tag');
  });
  it('merges an SBOM and a report of the same image', () => {
    const merged = new VulnerabilityEvidence([raw('nginx:1.25', ['nginx:1.25', `nginx@${A}`], 'sbom.json'), raw('nginx', [A], 'trivy.json')]);
    assert.equal(merged.images.length, 1);
    assert.deepEqual(merged.images[0]?.sources, ['sbom.json', 'trivy.json']);
  });
});

describe('loading evidence from files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-vuln-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'osv', 'npm', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'osv', 'npm', 'deep', 'GHSA-1.json'), JSON.stringify(osvRecord('GHSA-1', 'npm', 'lib', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }], { severity: [HIGH_V3] })));
  writeFileSync(
    join(dir, 'osv', 'PyPI-all.zip'),
    makeZip({ 'PYSEC-1.json': { text: JSON.stringify(osvRecord('PYSEC-1', 'PyPI', 'requests', [{ events: [{ introduced: '0' }, { fixed: '2.32.0' }] }], { severity: [HIGH_V3] })) } }),
  );
  mkdirSync(join(dir, 'sboms'));
  writeFileSync(join(dir, 'sboms', 'app.cdx.json'), JSON.stringify(cycloneDx({ name: 'registry.example.com/app', version: '1.0' }, ['pkg:npm/lib@1.5.0', 'pkg:pypi/requests@2.31.0', 'pkg:npm/other@1.0.0'])));
  writeFileSync(join(dir, 'trivy.json'), JSON.stringify(trivyReport('redis:7', [{ id: 'CVE-2024-5', pkg: 'redis', installed: '7.0', fixed: '7.0.1', severity: 'HIGH' }])));

  it('reads an OSV folder of any depth and all.zip archives, SBOM folders and reports', () => {
    const loaded = loadEvidence({ sboms: [join(dir, 'sboms')], osvDatabases: [join(dir, 'osv')], reports: [join(dir, 'trivy.json')] });
    assert.equal(loaded.osv?.statistics.records, 2);
    const app = loaded.evidence.find({ reference: 'registry.example.com/app:1.0' });
    assert.deepEqual(app?.evidence.vulnerabilities.map((v) => `${v.ids[0]} ${v.package} ${v.installed} -> ${v.fixed.join()}`), ['GHSA-1 lib 1.5.0 -> 2.0.0', 'PYSEC-1 requests 2.31.0 -> 2.32.0']);
    assert.equal(loaded.evidence.find({ reference: 'docker.io/library/redis:7' })?.evidence.vulnerabilities.length, 1);
  });
  it('IMAGE=FILE names the image of an SBOM that names none (docker buildx imagetools inspect output)', () => {
    const document = { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', name: 'sbom', packages: [{ SPDXID: 'SPDXRef-p', name: 'lib', externalRefs: [{ referenceType: 'purl', referenceLocator: 'pkg:npm/lib@1.0.0' }] }] };
    writeFileSync(join(dir, 'imagetools.json'), JSON.stringify(document));
    assert.throws(() => loadEvidence({ sboms: [join(dir, 'imagetools.json')], osvDatabases: [join(dir, 'osv')], reports: [] }), /names no container image/);
    const loaded = loadEvidence({ sboms: [`registry.example.com/web:2.3.1=${join(dir, 'imagetools.json')}`], osvDatabases: [join(dir, 'osv')], reports: [] });
    assert.deepEqual(loaded.evidence.find({ reference: 'registry.example.com/web:2.3.1' })?.evidence.vulnerabilities.map((v) => v.ids[0]), ['GHSA-1']);
  });
  it('SBOMs without OSV data, files that are not evidence, and missing paths are errors', () => {
    assert.throws(() => loadEvidence({ sboms: [join(dir, 'sboms')], osvDatabases: [], reports: [] }), /--sbom needs OSV data/);
    assert.throws(() => loadEvidence({ sboms: [join(dir, 'trivy.json')], osvDatabases: [join(dir, 'osv')], reports: [] }), /not a CycloneDX or SPDX/);
    assert.throws(() => loadEvidence({ sboms: [], osvDatabases: [], reports: [join(dir, 'sboms')] }), /neither a Trivy/);
    assert.throws(() => loadEvidence({ sboms: [], osvDatabases: [join(dir, 'nope')], reports: [] }), EvidenceError);
  });
});
