/** A package URL (github.com/package-url/purl-spec): `pkg:type/namespace/name@version?qualifiers#subpath`. */
export interface PackageUrl {
  readonly type: string;
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
  readonly qualifiers: Readonly<Record<string, string>>;
  readonly subpath?: string;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Parses a purl; undefined when the text is not one. Tolerates an unencoded `@` in an npm scope. */
export function parsePurl(text: string): PackageUrl | undefined {
  let rest = text.trim();
  if (!rest.toLowerCase().startsWith('pkg:')) return undefined;
  rest = rest.slice(4).replace(/^\/+/, '');
  let subpath: string | undefined;
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    subpath = decode(rest.slice(hash + 1));
    rest = rest.slice(0, hash);
  }
  const qualifiers: Record<string, string> = {};
  const question = rest.indexOf('?');
  if (question !== -1) {
    for (const pair of rest.slice(question + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0) qualifiers[pair.slice(0, eq).toLowerCase()] = decode(pair.slice(eq + 1));
    }
    rest = rest.slice(0, question);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const type = rest.slice(0, slash).toLowerCase();
  rest = rest.slice(slash + 1);
  let version: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const at = rest.indexOf('@', lastSlash + 1);
  if (at !== -1) {
    version = decode(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const segments = rest.split('/').filter((s) => s !== '').map(decode);
  const name = segments.pop();
  if (!name) return undefined;
  return {
    type,
    ...(segments.length > 0 ? { namespace: segments.join('/') } : {}),
    name,
    ...(version ? { version } : {}),
    qualifiers,
    ...(subpath ? { subpath } : {}),
  };
}
