import { deflateRawSync } from 'node:zlib';

// Builders for the small SBOMs, OSV records and scanner reports the tests write (no files from elsewhere).

export interface OsvRange {
  readonly type?: 'SEMVER' | 'ECOSYSTEM' | 'GIT';
  readonly events: readonly Record<string, string>[];
}

export function osvRecord(
  id: string,
  ecosystem: string,
  name: string,
  ranges: readonly OsvRange[],
  extra: { aliases?: string[]; upstream?: string[]; versions?: string[]; severity?: { type: string; score: string }[]; withdrawn?: string; databaseSeverity?: string } = {},
): Record<string, unknown> {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-01-01T00:00:00Z',
    ...(extra.withdrawn ? { withdrawn: extra.withdrawn } : {}),
    ...(extra.aliases ? { aliases: extra.aliases } : {}),
    ...(extra.upstream ? { upstream: extra.upstream } : {}),
    summary: `${id} in ${name}`,
    ...(extra.severity ? { severity: extra.severity } : {}),
    ...(extra.databaseSeverity ? { database_specific: { severity: extra.databaseSeverity } } : {}),
    affected: [
      {
        package: { ecosystem, name },
        ranges: ranges.map((r) => ({ type: r.type ?? 'ECOSYSTEM', events: r.events })),
        ...(extra.versions ? { versions: extra.versions } : {}),
      },
    ],
  };
}

export const CRITICAL_V3 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };
export const HIGH_V3 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' };
export const MEDIUM_V3 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:L/I:L/A:N' };

/** A CycloneDX 1.5 SBOM of a container image, as syft writes it. */
export function cycloneDx(image: { name: string; version?: string; properties?: Record<string, string> }, purls: readonly string[], specVersion = '1.5', os?: { name: string; version: string }): Record<string, unknown> {
  return {
    bomFormat: 'CycloneDX',
    specVersion,
    version: 1,
    metadata: {
      component: {
        'bom-ref': 'image',
        type: 'container',
        name: image.name,
        ...(image.version ? { version: image.version } : {}),
        ...(image.properties ? { properties: Object.entries(image.properties).map(([name, value]) => ({ name, value })) } : {}),
      },
    },
    components: [
      ...(os ? [{ type: 'operating-system', name: os.name, version: os.version }] : []),
      ...purls.map((purl, i) => ({ 'bom-ref': `c${i}`, type: 'library', name: purl.split('/').pop()?.split('@')[0], purl })),
    ],
  };
}

/** An SPDX 2.3 JSON SBOM of a container image, as syft writes it. */
export function spdx(image: { name: string; versionInfo?: string; purl?: string }, purls: readonly string[], spdxVersion = 'SPDX-2.3'): Record<string, unknown> {
  return {
    spdxVersion,
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: image.name,
    packages: [
      {
        SPDXID: 'SPDXRef-image',
        name: image.name,
        ...(image.versionInfo ? { versionInfo: image.versionInfo } : {}),
        primaryPackagePurpose: 'CONTAINER',
        ...(image.purl ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: image.purl }] } : {}),
      },
      ...purls.map((purl, i) => ({
        SPDXID: `SPDXRef-p${i}`,
        name: purl.split('/').pop()?.split('@')[0],
        externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }],
      })),
    ],
    relationships: [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-image' }],
  };
}

export interface TrivyVuln {
  id: string;
  pkg: string;
  installed: string;
  fixed?: string;
  severity: string;
  vendorIds?: string[];
}

/** `trivy image -f json` output, schema version 2. */
export function trivyReport(artifact: string, vulns: readonly TrivyVuln[], metadata: { RepoDigests?: string[]; RepoTags?: string[]; ImageID?: string } = {}): Record<string, unknown> {
  return {
    SchemaVersion: 2,
    ArtifactName: artifact,
    ArtifactType: 'container_image',
    Metadata: metadata,
    Results: [
      {
        Target: `${artifact} (debian 12.4)`,
        Class: 'os-pkgs',
        Type: 'debian',
        Vulnerabilities: vulns.map((v) => ({
          VulnerabilityID: v.id,
          PkgName: v.pkg,
          InstalledVersion: v.installed,
          ...(v.fixed ? { FixedVersion: v.fixed } : {}),
          Status: v.fixed ? 'fixed' : 'affected',
          Severity: v.severity,
          ...(v.vendorIds ? { VendorIDs: v.vendorIds } : {}),
        })),
      },
    ],
  };
}

/** `grype IMAGE -o json` output. */
export function grypeReport(
  userInput: string,
  matches: readonly { id: string; severity: string; pkg: string; version: string; fixed?: string[]; related?: string[] }[],
  target: { repoDigests?: string[]; manifestDigest?: string; tags?: string[] } = {},
): Record<string, unknown> {
  return {
    matches: matches.map((m) => ({
      vulnerability: { id: m.id, severity: m.severity, fix: m.fixed ? { versions: m.fixed, state: 'fixed' } : { versions: [], state: 'not-fixed' } },
      relatedVulnerabilities: (m.related ?? []).map((id) => ({ id })),
      artifact: { name: m.pkg, version: m.version, type: 'deb' },
    })),
    source: { type: 'image', target: { userInput, ...target } },
    descriptor: { name: 'grype', version: '0.80.0' },
  };
}

/** A ZIP writer for the tests: local headers, central directory, end record (ZIP64 when asked). */
export function makeZip(files: Record<string, { text: string; stored?: boolean }>, zip64 = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, { text, stored }] of Object.entries(files)) {
    const raw = Buffer.from(text);
    const data = stored ? raw : deflateRawSync(raw);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const extra = zip64 ? Buffer.alloc(4 + 24) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(raw.length), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(zip64 ? 0xffffffff : data.length, 20);
    central.writeUInt32LE(zip64 ? 0xffffffff : raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    centrals.push(central, nameBytes, extra);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const count = Object.keys(files).length;
  const tail: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, directory, ...tail, end]);
}

