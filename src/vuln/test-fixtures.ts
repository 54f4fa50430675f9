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
