/** The registry host of an image reference, with Docker Hub's implicit default spelled out. */
export function imageRegistry(image: string): string {
  const slash = image.indexOf('/');
  if (slash === -1) return 'docker.io';
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
}

/** Splits `registry/repo:tag@sha256:digest` into its parts; the tag is undefined when absent. */
export function parseImageReference(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const withoutDigest = at === -1 ? image : image.slice(0, at);
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
  const tag = colon === -1 ? undefined : withoutDigest.slice(colon + 1);
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** Hex lengths of the digest algorithms the OCI image spec registers (and sha384, which go-digest knows). */
const digestLengths: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128, blake3: 64 };
const digestGrammar = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/**
 * Whether `digest` (what follows `@`) is well formed by the OCI image spec: a registered algorithm with
 * its exact number of lower-case hex digits, or an unregistered algorithm in the spec's grammar (which
 * the spec allows, though most runtimes cannot verify it). Anything else pins nothing.
 */
export function isWellFormedDigest(digest: string): boolean {
  if (!digestGrammar.test(digest)) return false;
  const colon = digest.indexOf(':');
  const length = digestLengths[digest.slice(0, colon)];
  if (length === undefined) return true;
  const encoded = digest.slice(colon + 1);
  return encoded.length === length && /^[0-9a-f]+$/.test(encoded);
}

/** An image reference as the container runtime resolves it (distribution/reference's ParseNormalizedNamed). */
export interface NormalizedImage {
  /** `docker.io/library/nginx`: the registry host spelled out, Docker Hub's `library/` for one-part names. */
  readonly repository: string;
  /** The tag; `latest` when neither a tag nor a digest is given. Undefined for a digest-only reference. */
  readonly tag?: string;
  /** `sha256:…`: when present it is what runs, whatever the tag says. */
  readonly digest?: string;
}

/**
 * `nginx:1.25` → docker.io/library/nginx:1.25; `localhost:5000/x` → localhost:5000/x:latest; `index.docker.io`
 * is Docker Hub too. The repository path is lower-cased as the reference grammar requires; the tag is not.
 */
export function normalizeImage(image: string): NormalizedImage {
  const { name, tag, digest } = parseImageReference(image.trim());
  const slash = name.indexOf('/');
  const first = name.slice(0, Math.max(slash, 0));
  const hasHost = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let path = hasHost ? name.slice(slash + 1) : name;
  const host = !hasHost || first === 'index.docker.io' || first === 'registry-1.docker.io' ? 'docker.io' : first;
  if (host === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const repository = `${host.toLowerCase()}/${path.toLowerCase()}`;
  return { repository, ...(tag !== undefined ? { tag } : digest === undefined ? { tag: 'latest' } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `docker.io/library/nginx:1.25`, or `…@sha256:…` when pinned (the digest wins over the tag). */
export function formatNormalizedImage(image: NormalizedImage): string {
  return image.digest ? `${image.repository}@${image.digest}` : `${image.repository}:${image.tag ?? 'latest'}`;
}
