import { resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { severities, type Severity } from '../core/severity.js';
import type { VulnerabilitySettings } from '../engine/settings.js';
import { loadEvidence, namedSource } from '../vuln/load.js';

export { EvidenceError } from '../vuln/load.js';

/** The image vulnerability flags of `kubeharden scan`. */
export interface VulnFlags {
  readonly sbom?: string[];
  readonly osvDb?: string[];
  readonly vulnReport?: string[];
  readonly vulnSeverity: Severity;
  readonly vulnIncludeUnfixable?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Registers the evidence flags of NSA-UPG-007/008 on the scan command. */
export function addVulnOptions(command: Command): Command {
  return command
    .option(
      '--sbom <file|dir>',
      'NSA-UPG-007/008: CycloneDX or SPDX JSON SBOMs of images (a file or a folder of them; repeatable; needs --osv-db); IMAGE=FILE names the image of an SBOM that does not',
      collect,
    )
    .option('--osv-db <dir|zip>', 'NSA-UPG-007: OSV records to match SBOMs against: a folder (any depth) or an ecosystem all.zip (repeatable)', collect)
    .option('--vuln-report <file>', 'NSA-UPG-007/008: a Trivy (trivy image -f json) or Grype (grype -o json) report of an image, or a folder of them (repeatable)', collect)
    .addOption(new Option('--vuln-severity <severity>', 'NSA-UPG-007: report vulnerabilities of at least this severity').choices([...severities]).default('high'))
    .option('--vuln-include-unfixable', 'NSA-UPG-007: also report vulnerabilities that have no fixed version yet');
}

/**
 * Loads the evidence the flags name (the I/O the pure engine does not do) into scan settings; undefined
 * when no evidence flag was given, which leaves NSA-UPG-007/008 not evaluated. Notes (GIT ranges skipped,
 * packages without a distribution release) go to `note`.
 */
export function vulnerabilitySettings(options: VulnFlags, note: (text: string) => void): VulnerabilitySettings | undefined {
  const sources = { sboms: options.sbom ?? [], osvDatabases: options.osvDb ?? [], reports: options.vulnReport ?? [] };
  if (sources.sboms.length === 0 && sources.reports.length === 0 && sources.osvDatabases.length === 0) return undefined;
  const loaded = loadEvidence(sources);
  for (const text of loaded.notes) note(text);
  return { evidence: loaded.evidence, minSeverity: options.vulnSeverity, includeUnfixable: options.vulnIncludeUnfixable === true };
}

/** Whether a file is vulnerability evidence, so that a folder scan does not read it as a manifest. */
export function isEvidenceFile(options: VulnFlags): (file: string) => boolean {
  const roots = [...(options.sbom ?? []).map((s) => namedSource(s).path), ...(options.osvDb ?? []), ...(options.vulnReport ?? [])].map((p) => resolve(p));
  if (roots.length === 0) return () => false;
  return (file) => {
    const full = resolve(file);
    return roots.some((root) => full === root || full.startsWith(root + sep));
  };
}
