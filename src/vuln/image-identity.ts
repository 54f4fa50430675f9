import { normalizeImage } from '../core/images.js';

/** The image an SBOM or a report describes: tags it was known by and digests (manifest, repo or config). */
export interface ImageIdentity {
  /** How the evidence names the image, for messages. */
  readonly display: string;
  /** Normalized `repository:tag` references. */
  readonly references: readonly string[];
  /** `sha256:…` digests: the manifest digest, repo digests and the image (config) ID alike. */
  readonly digests: readonly string[];
}

const digestPattern = /(?:^|[@/:])((?:sha256|sha512):[0-9a-f]{64,128})$/;

/** The digest in `sha256:…`, `name@sha256:…`, `docker-pullable://name@sha256:…` or `docker://sha256:…`. */
export function digestOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const at = text.lastIndexOf('@');
  const candidate = at === -1 ? text.replace(/^[a-z-]+:\/\//, '') : text.slice(at + 1);
  return digestPattern.exec(candidate)?.[1];
}

/** Collects the references and digests named in `texts` (image references, digests, repo digests). */
export function imageIdentity(display: string, texts: readonly (string | undefined)[]): ImageIdentity {
  const references = new Set<string>();
  const digests = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const digest = digestOf(text);
    if (digest) digests.add(digest);
    if (/^(?:sha256|sha512):/.test(text)) continue;
    const image = normalizeImage(text);
    // A reference without a tag only says which repository; it is not evidence for `latest`.
    if (image.tag !== undefined && hasExplicitTag(text)) references.add(`${image.repository}:${image.tag}`);
  }
  return { display, references: [...references].sort(), digests: [...digests].sort() };
}

function hasExplicitTag(text: string): boolean {
  const withoutDigest = text.split('@')[0] as string;
  return withoutDigest.lastIndexOf(':') > withoutDigest.lastIndexOf('/');
}

export function describesAnImage(identity: ImageIdentity): boolean {
  return identity.references.length > 0 || identity.digests.length > 0;
}
