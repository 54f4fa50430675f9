import { asArray, asRecord, asString } from '../core/values.js';
import { imageIdentity, type ImageIdentity } from './image-identity.js';
import { packageFromPurl, parseDistro, type InstalledPackage } from './packages.js';
import { parsePurl } from './purl.js';

/** What one SBOM says: the image and the packages in it that OSV can know of. */
export interface ImageSbom {
  readonly file: string;
  readonly format: 'CycloneDX' | 'SPDX';
  readonly image: ImageIdentity;
  readonly packages: readonly InstalledPackage[];
  /** Components with no purl, or a purl of a type OSV has no data for. */
  readonly unmatchable: number;
}

export class SbomError extends Error {}

/** Reads a CycloneDX (1.4–1.6) or SPDX (2.2, 2.3) JSON document; undefined when it is neither. */
export function readSbom(document: unknown, file: string, subject: readonly string[] = []): ImageSbom | undefined {
  const root = asRecord(document);
  if (!root) return undefined;
  if (asString(root['bomFormat']) === 'CycloneDX') return readCycloneDx(root, file, subject);
  if (asString(root['spdxVersion'])?.startsWith('SPDX-')) return readSpdx(root, file, subject);
  // BuildKit's SBOM attestation: an in-toto statement whose subject is the image, the SBOM its predicate.
  if (asString(root['_type'])?.startsWith('https://in-toto.io/Statement') && root['predicate'] !== undefined) {
    return readSbom(root['predicate'], file, [...subject, ...intotoSubjects(root['subject'])]);
  }
  // `docker buildx imagetools inspect --format '{{ json .SBOM }}'`: {"SPDX": document}, per platform or not.
  const spdxDocument = asRecord(root['SPDX']);
  if (spdxDocument) return readSbom(spdxDocument, file, subject);
  return undefined;
}

/** `[{name: "pkg:docker/registry.example.com/app@1.0?platform=…", digest: {sha256: "…"}}]` → the reference and digest. */
function intotoSubjects(value: unknown): string[] {
  const out: string[] = [];
  for (const item of asArray(value) ?? []) {
    const entry = asRecord(item);
    const sha256 = asString(asRecord(entry?.['digest'])?.['sha256']);
    if (sha256) out.push(`sha256:${sha256}`);
    const purl = parsePurl(asString(entry?.['name']) ?? '');
    if (purl?.type === 'docker' && purl.version) out.push(`${purl.namespace ? `${purl.namespace}/` : ''}${purl.name}:${purl.version}`);
  }
  return out;
}

function noImage(file: string, format: string): SbomError {
  return new SbomError(
    `${file}: the ${format} SBOM names no container image (CycloneDX: metadata.component of type container, SPDX: a root package with a pkg:oci purl or an image name); generate it from the image (syft IMAGE, trivy image IMAGE)`,
  );
}

function readCycloneDx(root: Record<string, unknown>, file: string, subject: readonly string[]): ImageSbom {
  const metadata = asRecord(root['metadata']);
  const component = asRecord(metadata?.['component']);
  const components: Record<string, unknown>[] = [];
  const walk = (list: unknown): void => {
    for (const item of asArray(list) ?? []) {
      const component = asRecord(item);
      if (!component) continue;
      components.push(component);
      walk(component['components']);
    }
  };
  walk(root['components']);
  const image = withSubject(
    component && (asString(component['type']) === 'container' || asString(component['purl'])?.startsWith('pkg:oci/')) ? cycloneDxImage(component) : undefined,
    subject,
  );
  if (image.references.length === 0 && image.digests.length === 0) throw noImage(file, 'CycloneDX');
  const os = components.find((c) => asString(c['type']) === 'operating-system');
  const osName = asString(os?.['name']);
  const osVersion = asString(os?.['version']);
  const distro = osName && osVersion ? parseDistro(`${osName}-${osVersion}`) : undefined;
  return collect(file, 'CycloneDX', image, components.filter((c) => !['container', 'operating-system', 'file'].includes(asString(c['type']) ?? '')).map((c) => asString(c['purl'])), distro);
}

/** The image the document names, with what an attestation's subject adds. */
function withSubject(image: ImageIdentity | undefined, subject: readonly string[]): ImageIdentity {
  if (subject.length === 0) return image ?? imageIdentity('', []);
  const more = imageIdentity(subject.find((s) => !s.startsWith('sha256:')) ?? subject[0] ?? '', subject);
  if (!image) return more;
  return {
    display: image.display || more.display,
    references: [...new Set([...image.references, ...more.references])].sort(),
    digests: [...new Set([...image.digests, ...more.digests])].sort(),
  };
}

function cycloneDxImage(subject: Record<string, unknown>): ImageIdentity {
  const name = asString(subject['name']) ?? '';
  const version = asString(subject['version']);
  const texts: (string | undefined)[] = [];
  if (version && /^(?:sha256|sha512):/.test(version)) texts.push(name, version);
  else if (version && !/[:@]/.test(name.slice(name.lastIndexOf('/') + 1))) texts.push(`${name}:${version}`);
  else texts.push(name);
  texts.push(...ociPurlTexts(asString(subject['purl'])));
  for (const property of asArray(subject['properties']) ?? []) {
    const entry = asRecord(property);
    const key = asString(entry?.['name']);
    if (key && /(RepoDigest|RepoTag|ImageID|image:digest|image:tag)$/i.test(key)) texts.push(asString(entry?.['value']));
  }
  return imageIdentity(version && !version.startsWith('sha') ? `${name}:${version}` : name, texts);
}

/** `pkg:oci/nginx@sha256%3A…?repository_url=index.docker.io/library/nginx&tag=1.25` → the digest and the tagged reference. */
function ociPurlTexts(text: string | undefined): string[] {
  const purl = text ? parsePurl(text) : undefined;
  if (!purl || purl.type !== 'oci') return [];
  const out: string[] = [];
  if (purl.version) out.push(purl.version);
  const repository = purl.qualifiers['repository_url'] ?? purl.name;
  const tag = purl.qualifiers['tag'];
  if (tag) out.push(`${repository}:${tag}`);
  if (purl.version) out.push(`${repository}@${purl.version}`);
  return out;
}

function readSpdx(root: Record<string, unknown>, file: string, subject: readonly string[]): ImageSbom {
  const packages = (asArray(root['packages']) ?? []).map(asRecord).filter((p): p is Record<string, unknown> => p !== undefined);
  const described = new Set<string>((asArray(root['documentDescribes']) ?? []).map(asString).filter((s): s is string => !!s));
  for (const relation of asArray(root['relationships']) ?? []) {
    const r = asRecord(relation);
    if (asString(r?.['relationshipType']) === 'DESCRIBES' && asString(r?.['spdxElementId']) === 'SPDXRef-DOCUMENT') {
      const target = asString(r?.['relatedSpdxElement']);
      if (target) described.add(target);
    }
  }
  const purlsOf = (p: Record<string, unknown>): string[] =>
    (asArray(p['externalRefs']) ?? [])
      .map(asRecord)
      .filter((r) => asString(r?.['referenceType']) === 'purl')
      .map((r) => asString(r?.['referenceLocator']))
      .filter((s): s is string => !!s);
  const roots = packages.filter((p) => described.has(asString(p['SPDXID']) ?? '') || asString(p['primaryPackagePurpose']) === 'CONTAINER');
  const container = roots.find((p) => asString(p['primaryPackagePurpose']) === 'CONTAINER' || purlsOf(p).some((u) => u.startsWith('pkg:oci/')));
  const root0 = container ?? (subject.length === 0 ? roots[0] : undefined);
  let named: ImageIdentity | undefined;
  if (root0) {
    const name = asString(root0['name']) ?? '';
    const version = asString(root0['versionInfo']);
    const texts: (string | undefined)[] = [name];
    if (version && /^(?:sha256|sha512):/.test(version)) texts.push(version);
    else if (version && !/[:@]/.test(name.slice(name.lastIndexOf('/') + 1))) texts.push(`${name}:${version}`);
    for (const purl of purlsOf(root0)) texts.push(...ociPurlTexts(purl));
    for (const annotation of asArray(root0['annotations']) ?? []) {
      const comment = asString(asRecord(annotation)?.['comment']) ?? '';
      const m = /^(?:RepoDigest|RepoTag|ImageID):\s*(\S+)$/.exec(comment);
      if (m) texts.push(m[1]);
    }
    named = imageIdentity(name, texts);
  }
  const image = withSubject(named, subject);
  if (image.references.length === 0 && image.digests.length === 0) throw noImage(file, 'SPDX');
  const os = packages.find((p) => asString(p['primaryPackagePurpose']) === 'OPERATING-SYSTEM');
  const distro = os ? parseDistro(`${asString(os['name']) ?? ''}-${asString(os['versionInfo']) ?? ''}`) : undefined;
  return collect(file, 'SPDX', image, packages.filter((p) => p !== root0).flatMap((p) => purlsOf(p).slice(0, 1)), distro);
}

function collect(
  file: string,
  format: ImageSbom['format'],
  image: ImageIdentity,
  purls: readonly (string | undefined)[],
  distro: { name: string; version: string } | undefined,
): ImageSbom {
  const packages: InstalledPackage[] = [];
  const seen = new Set<string>();
  let unmatchable = 0;
  for (const text of purls) {
    const purl = text ? parsePurl(text) : undefined;
    const installed = purl && text ? packageFromPurl(purl, text, distro) : undefined;
    if (!installed) {
      unmatchable++;
      continue;
    }
    if (seen.has(installed.purl)) continue;
    seen.add(installed.purl);
    packages.push(installed);
  }
  return { file, format, image, packages, unmatchable };
}
