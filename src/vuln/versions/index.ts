import { compareApk } from './apk.js';
import { compareDebian } from './debian.js';
import { compareMaven } from './maven.js';
import { comparePep440 } from './pep440.js';
import { compareRpm } from './rpm.js';
import { compareRubyGems } from './rubygems.js';
import { compareNuget, compareSemver } from './semver.js';

/** Orders two versions of one ecosystem; undefined when either cannot be read by its rules. */
export type VersionComparator = (a: string, b: string) => number | undefined;

/** The version scheme of each OSV ecosystem (the part before the first `:`, e.g. `Debian` of `Debian:12`). */
const byEcosystem: Readonly<Record<string, VersionComparator>> = {
  npm: compareSemver,
  Go: compareSemver,
  'crates.io': compareSemver,
  NuGet: compareNuget,
  PyPI: comparePep440,
  Maven: compareMaven,
  RubyGems: compareRubyGems,
  Debian: compareDebian,
  Ubuntu: compareDebian,
  Alpine: compareApk,
  Wolfi: compareApk,
  Chainguard: compareApk,
  'Red Hat': compareRpm,
  AlmaLinux: compareRpm,
  'Rocky Linux': compareRpm,
  openSUSE: compareRpm,
  SUSE: compareRpm,
  Mageia: compareRpm,
  openEuler: compareRpm,
  'Azure Linux': compareRpm,
};

export function comparatorFor(ecosystem: string): VersionComparator | undefined {
  return byEcosystem[baseEcosystem(ecosystem)];
}

/** `Debian:12` → `Debian`; `Ubuntu:Pro:22.04:LTS` → `Ubuntu`. */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

export { compareApk, compareDebian, compareMaven, compareNuget, comparePep440, compareRpm, compareRubyGems, compareSemver };
