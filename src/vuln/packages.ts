import { baseEcosystem } from './versions/index.js';
import type { PackageUrl } from './purl.js';

/** An installed package as OSV names it: the ecosystem, the names to look up, the version to compare. */
export interface InstalledPackage {
  /** OSV base ecosystem: `npm`, `PyPI`, `Debian`, `Red Hat`… */
  readonly ecosystem: string;
  /** The name shown in findings (the binary package for OS packages). */
  readonly name: string;
  /** Index keys to look up: the package and, for OS packages, its source package (OSV's Debian and Alpine data name sources). */
  readonly lookupNames: readonly string[];
  readonly version: string;
  /** The distribution release the package comes from (`debian`, `12`), when the purl or the SBOM says it. */
  readonly distro?: { readonly name: string; readonly version: string };
  readonly purl: string;
}

/** Package names as each ecosystem compares them, so that index keys meet (PEP 503, NuGet's case-insensitivity). */
export function normalizePackageName(ecosystem: string, name: string): string {
  const base = baseEcosystem(ecosystem);
  if (base === 'PyPI') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (base === 'NuGet' || base === 'Debian' || base === 'Ubuntu' || base === 'Alpine') return name.toLowerCase();
  return name;
}

const osEcosystems: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  deb: { debian: 'Debian', ubuntu: 'Ubuntu' },
  apk: { alpine: 'Alpine', wolfi: 'Wolfi', chainguard: 'Chainguard' },
  rpm: {
    redhat: 'Red Hat',
    rhel: 'Red Hat',
    almalinux: 'AlmaLinux',
    rocky: 'Rocky Linux',
    'rocky linux': 'Rocky Linux',
    opensuse: 'openSUSE',
    suse: 'SUSE',
    sles: 'SUSE',
    mageia: 'Mageia',
    openeuler: 'openEuler',
    azurelinux: 'Azure Linux',
  },
};

const languageEcosystems: Readonly<Record<string, string>> = {
  npm: 'npm',
  pypi: 'PyPI',
  maven: 'Maven',
  golang: 'Go',
  gem: 'RubyGems',
  cargo: 'crates.io',
  nuget: 'NuGet',
};

/** `debian-12.4` → {debian, 12.4}; `alpine-3.18.4`; `rhel-9.2`; `ubuntu-22.04`. */
export function parseDistro(text: string | undefined): { name: string; version: string } | undefined {
  if (!text) return undefined;
  const m = /^(.*?)[-@ ]v?(\d[\w.]*)$/.exec(text.trim());
  return m ? { name: (m[1] as string).toLowerCase(), version: m[2] as string } : undefined;
}

/**
 * The installed package a purl describes, in OSV's terms; undefined for types OSV has no data for (or a
 * purl without a version). `fallbackDistro` is the SBOM's operating system, for purls that do not name it.
 */
export function packageFromPurl(purl: PackageUrl, raw: string, fallbackDistro?: { name: string; version: string }): InstalledPackage | undefined {
  if (!purl.version) return undefined;
  const language = languageEcosystems[purl.type];
  if (language) {
    let name = purl.name;
    let version = purl.version;
    if (purl.type === 'npm' && purl.namespace) name = `${purl.namespace}/${purl.name}`;
    if (purl.type === 'maven') {
      if (!purl.namespace) return undefined;
      name = `${purl.namespace}:${purl.name}`;
    }
    if (purl.type === 'golang') {
      name = purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
      // The Go toolchain is the `stdlib` package in OSV, versioned without the `go` prefix.
      if (name === 'stdlib' && version.startsWith('go')) version = version.slice(2);
    }
    return { ecosystem: language, name, lookupNames: [normalizePackageName(language, name)], version, purl: raw };
  }
  const vendors = osEcosystems[purl.type];
  if (!vendors) return undefined;
  const distro = parseDistro(purl.qualifiers['distro']) ?? fallbackDistro;
  const ecosystem = vendors[(purl.namespace ?? '').toLowerCase()] ?? (distro ? vendors[distro.name] : undefined);
  if (!ecosystem) return undefined;
  const upstream = purl.qualifiers['upstream'];
  let source: string | undefined;
  let version = purl.version;
  if (upstream) {
    if (purl.type === 'rpm') {
      // `openssl-3.0.7-24.el9.src.rpm`: the name is what precedes the version-release.
      source = /^(.+)-[^-]+-[^-]+\.src\.rpm$/.exec(upstream)?.[1];
    } else {
      const at = upstream.indexOf('@');
      source = at === -1 ? upstream : upstream.slice(0, at);
      // OSV's Debian data is by source package and source version (they differ for binNMUs).
      if (at !== -1 && purl.type === 'deb') version = upstream.slice(at + 1);
    }
  }
  const epoch = purl.qualifiers['epoch'];
  if (purl.type === 'rpm' && epoch && epoch !== '0' && !version.includes(':')) version = `${epoch}:${version}`;
  const names = [normalizePackageName(ecosystem, purl.name)];
  if (source && source !== purl.name) names.push(normalizePackageName(ecosystem, source));
  return { ecosystem, name: purl.name, lookupNames: names, version, ...(distro ? { distro } : {}), purl: raw };
}
