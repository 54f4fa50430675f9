import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchSbom, mergeVulnerabilities } from './evidence.js';
import { OsvDatabase } from './osv.js';
import { packageFromPurl } from './packages.js';
import { parsePurl } from './purl.js';
import { readSbom } from './sbom.js';
import { CRITICAL_V3, cycloneDx, HIGH_V3, osvRecord } from './test-fixtures.js';

function db(...records: Record<string, unknown>[]): OsvDatabase {
  const out = new OsvDatabase();
  for (const r of records) assert.ok(out.add(r));
  return out;
}

function matches(database: OsvDatabase, purl: string): { ids: string[]; fixed: string[][] } {
  const pkg = packageFromPurl(parsePurl(purl)!, purl);
  assert.ok(pkg, `purl ${purl} is read`);
  const found = database.match(pkg);
  return { ids: found.map((m) => m.record.id).sort(), fixed: found.map((m) => [...m.fixed]) };
}

/**
 * One row per ecosystem: the record's range, versions inside it (affected), and versions at or above the
 * fix or below the introduction (not affected: no false positive at or above a fixed version).
 */
const ecosystems: readonly {
  ecosystem: string;
  name: string;
  purl: (version: string) => string;
  type?: 'SEMVER' | 'ECOSYSTEM';
  events: Record<string, string>[];
  affected: string[];
  clean: string[];
}[] = [
  { ecosystem: 'npm', name: '@scope/lib', purl: (v) => `pkg:npm/%40scope/lib@${v}`, type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }], affected: ['4.17.20', '4.17.21-rc.1', '1.0.0'], clean: ['4.17.21', '4.17.22', '5.0.0-beta.1'] },
  { ecosystem: 'Go', name: 'golang.org/x/net', purl: (v) => `pkg:golang/golang.org/x/net@${v}`, type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.17.0' }], affected: ['v0.16.0', 'v0.0.0-20230101000000-abcdefabcdef', 'v0.17.0-rc1'], clean: ['v0.17.0', 'v0.23.0', 'v0.17.0+incompatible'] },
  { ecosystem: 'Go', name: 'stdlib', purl: (v) => `pkg:golang/stdlib@${v}`, type: 'SEMVER', events: [{ introduced: '1.21.0' }, { fixed: '1.21.5' }], affected: ['go1.21.4', 'go1.21.0'], clean: ['go1.21.5', 'go1.20.12', 'go1.22.0'] },
  { ecosystem: 'crates.io', name: 'openssl', purl: (v) => `pkg:cargo/openssl@${v}`, type: 'SEMVER', events: [{ introduced: '0.10.0' }, { fixed: '0.10.55' }], affected: ['0.10.54'], clean: ['0.10.55', '0.9.24'] },
  { ecosystem: 'NuGet', name: 'Newtonsoft.Json', purl: (v) => `pkg:nuget/newtonsoft.json@${v}`, events: [{ introduced: '0' }, { fixed: '13.0.1' }], affected: ['12.0.3', '13.0.1-beta1'], clean: ['13.0.1', '13.0.1.0', '13.0.3'] },
  { ecosystem: 'PyPI', name: 'Jinja2', purl: (v) => `pkg:pypi/jinja2@${v}`, events: [{ introduced: '0' }, { fixed: '3.1.3' }], affected: ['3.1.2', '3.1.3rc1', '3.1.3.dev1'], clean: ['3.1.3', '3.1.3.post1', '3.1.4', '3.1.3+local.1'] },
  { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', purl: (v) => `pkg:maven/org.apache.logging.log4j/log4j-core@${v}`, events: [{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }], affected: ['2.14.1', '2.0-rc1', '2.15.0-SNAPSHOT'], clean: ['2.15.0', '2.17.1', '1.2.17', '2.0-alpha1'] },
  { ecosystem: 'RubyGems', name: 'rack', purl: (v) => `pkg:gem/rack@${v}`, events: [{ introduced: '0' }, { fixed: '2.2.8.1' }], affected: ['2.2.8', '2.2.8.1.rc1'], clean: ['2.2.8.1', '2.2.9', '3.0.0.beta1'] },
  { ecosystem: 'Debian:12', name: 'openssl', purl: (v) => `pkg:deb/debian/libssl3@${v}?arch=amd64&upstream=openssl&distro=debian-12.4`, events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }], affected: ['3.0.11-1~deb12u2', '3.0.13-1~deb12u1~pre1'], clean: ['3.0.13-1~deb12u1', '3.0.13-1', '3.0.15-1~deb12u1'] },
  { ecosystem: 'Ubuntu:22.04:LTS', name: 'openssl', purl: (v) => `pkg:deb/ubuntu/openssl@${v}?distro=ubuntu-22.04`, events: [{ introduced: '0' }, { fixed: '3.0.2-0ubuntu1.15' }], affected: ['3.0.2-0ubuntu1.14', '3.0.2-0ubuntu1.9'], clean: ['3.0.2-0ubuntu1.15', '3.0.2-0ubuntu1.15+esm1'] },
  { ecosystem: 'Alpine:v3.18', name: 'openssl', purl: (v) => `pkg:apk/alpine/libcrypto3@${v}?arch=x86_64&upstream=openssl&distro=alpine-3.18.4`, events: [{ introduced: '0' }, { fixed: '3.1.4-r1' }], affected: ['3.1.4-r0', '3.1.4_rc1-r9'], clean: ['3.1.4-r1', '3.1.4_p1-r0', '3.1.5-r0'] },
  { ecosystem: 'Red Hat:enterprise_linux:9::baseos', name: 'openssl', purl: (v) => `pkg:rpm/redhat/openssl@${v}?arch=x86_64&epoch=1&distro=rhel-9.2`, events: [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9_3' }], affected: ['3.0.7-24.el9', '3.0.7-25.el9'], clean: ['3.0.7-25.el9_3', '3.0.7-27.el9', '3.0.7-25.el9_3.1'] },
];

describe('OSV matching per ecosystem', () => {
  for (const row of ecosystems) {
    const database = db(osvRecord(`TEST-${row.ecosystem}-${row.name}`, row.ecosystem, row.name, [{ type: row.type ?? 'ECOSYSTEM', events: row.events }], { severity: [HIGH_V3] }));
    for (const version of row.affected) {
      it(`${row.ecosystem} ${row.name} ${version} is affected`, () => assert.equal(matches(database, row.purl(version)).ids.length, 1));
    }
    for (const version of row.clean) {
      it(`${row.ecosystem} ${row.name} ${version} is not affected`, () => assert.deepEqual(matches(database, row.purl(version)).ids, []));
    }
  }
});

describe('OSV range semantics', () => {
  it('last_affected includes that version and nothing after it; no fix means unfixable', () => {
    const database = db(osvRecord('GHSA-last', 'npm', 'lib', [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { last_affected: '1.4.2' }] }]));
    assert.deepEqual(matches(database, 'pkg:npm/lib@1.4.2'), { ids: ['GHSA-last'], fixed: [[]] });
    assert.deepEqual(matches(database, 'pkg:npm/lib@1.4.3').ids, []);
    assert.deepEqual(matches(database, 'pkg:npm/lib@0.9.0').ids, []);
  });
  it('multiple ranges and multiple introduced/fixed pairs: the fix of the matching range', () => {
    const database = db(
      osvRecord('PYSEC-multi', 'PyPI', 'django', [
        { events: [{ introduced: '3.2' }, { fixed: '3.2.24' }, { introduced: '4.2' }, { fixed: '4.2.10' }] },
        { events: [{ introduced: '5.0' }, { fixed: '5.0.2' }] },
      ]),
    );
    assert.deepEqual(matches(database, 'pkg:pypi/Django@3.2.23'), { ids: ['PYSEC-multi'], fixed: [['3.2.24']] });
    assert.deepEqual(matches(database, 'pkg:pypi/django@4.2.9'), { ids: ['PYSEC-multi'], fixed: [['4.2.10']] });
    assert.deepEqual(matches(database, 'pkg:pypi/django@5.0.1'), { ids: ['PYSEC-multi'], fixed: [['5.0.2']] });
    for (const clean of ['3.2.24', '4.0', '4.2.10', '5.0.2', '3.1']) assert.deepEqual(matches(database, `pkg:pypi/django@${clean}`).ids, [], clean);
  });
  it('events out of order are sorted before evaluation', () => {
    const database = db(osvRecord('X-order', 'npm', 'lib', [{ type: 'SEMVER', events: [{ fixed: '2.0.0' }, { introduced: '1.0.0' }] }]));
    assert.equal(matches(database, 'pkg:npm/lib@1.5.0').ids.length, 1);
    assert.equal(matches(database, 'pkg:npm/lib@2.0.0').ids.length, 0);
  });
  it('a limit caps the range', () => {
    const database = db(osvRecord('X-limit', 'npm', 'lib', [{ type: 'SEMVER', events: [{ introduced: '0' }, { limit: '3.0.0' }] }]));
    assert.equal(matches(database, 'pkg:npm/lib@2.9.9').ids.length, 1);
    assert.equal(matches(database, 'pkg:npm/lib@3.0.0').ids.length, 0);
  });
  it('an explicit versions list matches exactly those versions, with the fix of the ranges', () => {
    const database = db(osvRecord('X-versions', 'RubyGems', 'nokogiri', [{ type: 'GIT', events: [{ introduced: 'abc' }, { fixed: 'def' }] }], { versions: ['1.15.0', '1.15.1'] }));
    assert.deepEqual(matches(database, 'pkg:gem/nokogiri@1.15.1'), { ids: ['X-versions'], fixed: [[]] });
    assert.deepEqual(matches(database, 'pkg:gem/nokogiri@1.15.2').ids, []);
    assert.equal(database.statistics.gitRanges, 1, 'the GIT range is skipped and counted');
  });
  it('withdrawn records are ignored', () => {
    const database = db(osvRecord('GHSA-gone', 'npm', 'lib', [{ type: 'SEMVER', events: [{ introduced: '0' }] }], { withdrawn: '2025-01-01T00:00:00Z' }));
    assert.deepEqual(matches(database, 'pkg:npm/lib@1.0.0').ids, []);
    assert.equal(database.statistics.withdrawn, 1);
  });
  it('an entry for another distribution release does not apply; one without a release in the SBOM is skipped', () => {
    const database = db(osvRecord('DEBIAN-CVE-2024-1', 'Debian:11', 'zlib', [{ events: [{ introduced: '0' }, { fixed: '1:1.2.11.dfsg-2+deb11u3' }] }]));
    assert.deepEqual(matches(database, 'pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?distro=debian-12').ids, []);
    assert.equal(matches(database, 'pkg:deb/debian/zlib1g@1:1.2.11.dfsg-2+deb11u2?upstream=zlib&distro=debian-11').ids.length, 1);
    assert.deepEqual(matches(database, 'pkg:deb/debian/zlib@1:1.2.11.dfsg-2+deb11u2').ids, []);
    assert.equal(database.statistics.releaseUnknown, 1);
  });
  it('uses the source package and source version of a Debian binary package', () => {
    const database = db(osvRecord('DEBIAN-CVE-2023-4911', 'Debian:12', 'glibc', [{ events: [{ introduced: '0' }, { fixed: '2.36-9+deb12u3' }] }]));
    assert.equal(matches(database, 'pkg:deb/debian/libc6@2.36-9+deb12u1+b1?upstream=glibc%402.36-9%2Bdeb12u1&distro=debian-12').ids.length, 1);
    assert.equal(matches(database, 'pkg:deb/debian/libc6@2.36-9+deb12u3+b1?upstream=glibc%402.36-9%2Bdeb12u3&distro=debian-12').ids.length, 0);
  });
});

describe('aliases and severity', () => {
  it('merges a CVE and its GHSA into one vulnerability with the worst severity and every ID', () => {
    const database = db(
      osvRecord('GHSA-aaaa-bbbb-cccc', 'npm', 'lib', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.0' }] }], { aliases: ['CVE-2024-0001'], databaseSeverity: 'MODERATE' }),
      osvRecord('CVE-2024-0001', 'npm', 'lib', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.1' }] }], { severity: [CRITICAL_V3] }),
    );
    const sbom = readSbom(cycloneDx({ name: 'app', version: '1.0' }, ['pkg:npm/lib@1.1.0']), 'sbom.json')!;
    const merged = mergeVulnerabilities(matchSbom(sbom, database).vulnerabilities);
    assert.equal(merged.length, 1);
    assert.deepEqual(merged[0]?.ids, ['CVE-2024-0001', 'GHSA-aaaa-bbbb-cccc']);
    assert.equal(merged[0]?.severity, 'critical');
    assert.deepEqual(merged[0]?.fixed, ['1.2.0', '1.2.1']);
  });
  it('a record without severity borrows it from a record it is an alias of (Debian upstream CVE)', () => {
    const database = db(
      osvRecord('GHSA-x', 'PyPI', 'other', [{ events: [{ introduced: '0' }] }], { aliases: ['CVE-2024-7'], severity: [HIGH_V3] }),
      osvRecord('DEBIAN-CVE-2024-7', 'Debian:12', 'curl', [{ events: [{ introduced: '0' }, { fixed: '8.0-1' }] }], { upstream: ['CVE-2024-7'] }),
    );
    const pkg = packageFromPurl(parsePurl('pkg:deb/debian/curl@7.88.1-10?distro=debian-12')!, 'p')!;
    const [match] = database.match(pkg);
    assert.equal(database.severityOf(match!.record), 'high');
  });
  it('CVSS v4 without a rating of the database: the documented approximation', () => {
    const database = db(
      osvRecord('X-v4', 'npm', 'lib', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }], {
        severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }],
      }),
    );
    const [match] = database.match(packageFromPurl(parsePurl('pkg:npm/lib@1.0.0')!, 'p')!);
    assert.equal(database.severityOf(match!.record), 'critical');
  });
});
