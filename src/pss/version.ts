/**
 * Pod Security Standards policy versions ("v1.N"), as used by the
 * pod-security.kubernetes.io/<mode>-version namespace labels.
 */

export interface PssVersion {
  major: 1;
  minor: number;
}

/**
 * The newest policy version any check is gated on. PSA resolves "latest" to the
 * registry's highest MinimumVersion (sysctls gained a v1.37 revision), not to
 * the API server's own minor.
 */
export const LATEST_PSS_MINOR = 37;

export const LATEST_PSS_VERSION: PssVersion = Object.freeze({ major: 1, minor: LATEST_PSS_MINOR });

// Leading zeros are refused ("v1.07") because the namespace label would not mean what it looks like.
const versionPattern = /^v?1\.(0|[1-9][0-9]*)$/;

/** Parses 'v1.N', '1.N' or 'latest' (v1.0 through v1.37). */
export function parsePssVersion(text: string): PssVersion {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed === 'latest') return LATEST_PSS_VERSION;
  const match = versionPattern.exec(trimmed);
  const minorText = match?.[1];
  if (minorText !== undefined) {
    const minor = Number(minorText);
    if (minor <= LATEST_PSS_MINOR) return { major: 1, minor };
  }
  throw new Error(
    `invalid Pod Security Standards version ${JSON.stringify(text)}: ` +
      `expected "latest" or a version from v1.0 to v1.${LATEST_PSS_MINOR} (for example "v1.30")`,
  );
}

export function formatPssVersion(version: PssVersion): string {
  return `v${version.major}.${version.minor}`;
}

/**
 * The minor PSA would actually evaluate: like PSA's registry, a version newer than
 * the newest known policy is evaluated as the newest one.
 */
export function effectiveMinor(version: PssVersion): number {
  const minor = version.minor;
  if (!Number.isInteger(minor) || minor < 0) {
    throw new RangeError(`invalid Pod Security Standards version minor: ${String(minor)}`);
  }
  return Math.min(minor, LATEST_PSS_MINOR);
}
