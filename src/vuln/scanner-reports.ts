import { asArray, asRecord, asString } from '../core/values.js';
import { severityFromText, type VulnSeverity } from './cvss.js';
import type { RawImageEvidence, RawVulnerability } from './evidence.js';
import { describesAnImage, imageIdentity } from './image-identity.js';

export class ReportError extends Error {}

/** Reads a Trivy (`trivy image -f json`) or Grype (`grype -o json`) report; undefined when it is neither. */
export function readScannerReport(document: unknown, file: string): RawImageEvidence | undefined {
  const root = asRecord(document);
  if (!root) return undefined;
  if (typeof root['ArtifactName'] === 'string' && (Array.isArray(root['Results']) || root['Results'] === undefined)) return readTrivy(root, file);
  if (Array.isArray(root['matches']) && asRecord(root['source'])) return readGrype(root, file);
  return undefined;
}

function strings(value: unknown): string[] {
  return (asArray(value) ?? []).map(asString).filter((s): s is string => !!s);
}

function readTrivy(root: Record<string, unknown>, file: string): RawImageEvidence {
  const artifact = asString(root['ArtifactName']) as string;
  const type = asString(root['ArtifactType']);
  if (type && type !== 'container_image') throw new ReportError(`${file}: a Trivy report of a ${type}, not of a container image (run trivy image)`);
  const metadata = asRecord(root['Metadata']);
  const image = imageIdentity(artifact, [artifact, ...strings(metadata?.['RepoTags']), ...strings(metadata?.['RepoDigests']), asString(metadata?.['ImageID'])]);
  if (!describesAnImage(image)) throw new ReportError(`${file}: the Trivy report names no image reference or digest (ArtifactName ${JSON.stringify(artifact)})`);
  const vulnerabilities: RawVulnerability[] = [];
  for (const result of asArray(root['Results']) ?? []) {
    for (const item of asArray(asRecord(result)?.['Vulnerabilities']) ?? []) {
      const v = asRecord(item);
      const id = asString(v?.['VulnerabilityID']);
      const name = asString(v?.['PkgName']);
      const installed = asString(v?.['InstalledVersion']);
      if (!v || !id || !name || installed === undefined) continue;
      const fixedText = asString(v['FixedVersion']) ?? '';
      vulnerabilities.push({
        id,
        related: strings(v['VendorIDs']),
        severity: severityFromText(asString(v['Severity'])) ?? 'unknown',
        package: name,
        installed,
        fixed: fixedText.split(/,\s*/).filter(Boolean),
      });
    }
  }
  return { image, source: file, kind: 'trivy', vulnerabilities };
}

function readGrype(root: Record<string, unknown>, file: string): RawImageEvidence {
  const source = asRecord(root['source']);
  if (asString(source?.['type']) !== 'image') throw new ReportError(`${file}: a Grype report of a ${asString(source?.['type']) ?? 'unknown source'}, not of a container image (run grype IMAGE)`);
  const target = asRecord(source?.['target']);
  const userInput = asString(target?.['userInput']) ?? '';
  const image = imageIdentity(userInput, [userInput, ...strings(target?.['tags']), ...strings(target?.['repoDigests']), asString(target?.['manifestDigest']), asString(target?.['imageID'])]);
  if (!describesAnImage(image)) throw new ReportError(`${file}: the Grype report names no image reference or digest`);
  const vulnerabilities: RawVulnerability[] = [];
  for (const item of asArray(root['matches']) ?? []) {
    const match = asRecord(item);
    const vulnerability = asRecord(match?.['vulnerability']);
    const artifact = asRecord(match?.['artifact']);
    const id = asString(vulnerability?.['id']);
    const name = asString(artifact?.['name']);
    const installed = asString(artifact?.['version']);
    if (!vulnerability || !id || !name || installed === undefined) continue;
    const related = (asArray(match?.['relatedVulnerabilities']) ?? []).map(asRecord);
    let severity: VulnSeverity = severityFromText(asString(vulnerability['severity'])) ?? 'unknown';
    if (severity === 'unknown') {
      for (const r of related) severity = severityFromText(asString(r?.['severity'])) ?? severity;
    }
    const fix = asRecord(vulnerability['fix']);
    vulnerabilities.push({
      id,
      related: related.map((r) => asString(r?.['id'])).filter((s): s is string => !!s && s !== id),
      severity,
      package: name,
      installed,
      fixed: asString(fix?.['state']) === 'fixed' ? strings(fix?.['versions']) : [],
    });
  }
  return { image, source: file, kind: 'grype', vulnerabilities };
}
