/** Compares two runs of decimal digits by value, whatever their length (no overflow, leading zeros ignored). */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Byte-wise (code unit) string order, as C's strcmp gives it; localeCompare would be wrong for versions. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/**
 * Remembers a version parser's results: OSV events and installed versions recur across thousands of
 * comparisons. The cache is bounded; when full it starts over.
 */
export function memoize<T>(parse: (text: string) => T, limit = 100_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as T;
    if (cache.size >= limit) cache.clear();
    const value = parse(text);
    cache.set(text, value);
    return value;
  };
}

/**
 * `[epoch:]version[-release]`, as Debian and RPM write versions: the epoch (digits before the first colon,
 * '0' when absent) and, after the last dash, the Debian revision or RPM release.
 */
export function splitEpochAndRelease(text: string): { epoch: string; version: string; release?: string } {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const hasEpoch = colon > 0 && /^\d+$/.test(trimmed.slice(0, colon));
  const epoch = hasEpoch ? trimmed.slice(0, colon) : '0';
  const rest = hasEpoch ? trimmed.slice(colon + 1) : trimmed;
  const dash = rest.lastIndexOf('-');
  return dash === -1 ? { epoch, version: rest } : { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}
