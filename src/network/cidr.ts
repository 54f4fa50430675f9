// IPv4 and IPv6 prefixes as ranges of big integers, for the questions NetworkPolicy ipBlocks raise:
// does this block (minus its exceptions) still contain that address?

export type IpFamily = 4 | 6;

/** The inclusive range of addresses of a prefix. */
export interface AddressRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
  readonly prefixLength: number;
}

const familyBits: Record<IpFamily, number> = { 4: 32, 6: 128 };

export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Leading zeros are refused, as Go's net.ParseIP (and so the API server) refuses them since Go 1.17.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

export function parseIPv6(text: string): bigint | undefined {
  if (text.includes('%')) return undefined;
  let head = text;
  let embedded: bigint | undefined;
  // An IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (lastColon !== -1 && text.slice(lastColon + 1).includes('.')) {
    embedded = parseIPv4(text.slice(lastColon + 1));
    if (embedded === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const values: number[] = [];
    for (const group of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      values.push(parseInt(group, 16));
    }
    return values;
  };
  const left = parseGroups(halves[0] ?? '');
  const right = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!left || !right) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - left.length - right.length;
    if (missing < 1) return undefined;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  } else {
    groups = left;
  }
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  if (embedded !== undefined) value = (value & ~0xffffffffn) | embedded;
  return value;
}

/** An address: IPv4 dotted quad or IPv6 text. */
export function parseAddress(text: string): { family: IpFamily; value: bigint } | undefined {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const value = parseIPv6(trimmed);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIPv4(trimmed);
  return value === undefined ? undefined : { family: 4, value };
}

/**
 * A CIDR as an address range. Host bits below the prefix are ignored, as Go's net.ParseCIDR does
 * (10.1.2.3/8 is 10.0.0.0/8). With `allowBareAddress`, an address without a prefix is a single address.
 */
export function parseCidr(text: unknown, allowBareAddress = false): AddressRange | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseAddress(addressText);
  if (!address) return undefined;
  const bits = familyBits[address.family];
  let prefixLength = bits;
  if (slash === -1) {
    if (!allowBareAddress) return undefined;
  } else {
    const lengthText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lengthText)) return undefined;
    prefixLength = Number(lengthText);
    if (prefixLength > bits) return undefined;
  }
  const hostBits = BigInt(bits - prefixLength);
  const first = (address.value >> hostBits) << hostBits;
  const last = first | ((1n << hostBits) - 1n);
  return { family: address.family, first, last, prefixLength };
}

export function rangeContains(outer: AddressRange, inner: AddressRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/**
 * Whether any address of `target` is in `block` and in none of `excepts`: the addresses an ipBlock
 * `{cidr: block, except: excepts}` lets through, intersected with the target.
 */
export function reachesAnyOf(target: AddressRange, block: AddressRange, excepts: readonly AddressRange[]): boolean {
  if (target.family !== block.family) return false;
  let first = target.first > block.first ? target.first : block.first;
  const last = target.last < block.last ? target.last : block.last;
  if (first > last) return false;
  // Walk the exceptions in order of their first address, moving `first` past each one that covers it.
  const sorted = excepts
    .filter((e) => e.family === target.family && e.last >= first && e.first <= last)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  for (const except of sorted) {
    if (except.first > first) return true;
    if (except.last >= first) first = except.last + 1n;
    if (first > last) return false;
  }
  return first <= last;
}

/** The canonical text of a range: 169.254.169.254/32, fd00:ec2::254/128. */
export function formatRange(range: AddressRange): string {
  if (range.family === 4) {
    const octets = [24n, 16n, 8n, 0n].map((shift) => String((range.first >> shift) & 0xffn));
    return `${octets.join('.')}/${range.prefixLength}`;
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((range.first >> shift) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (of two or more), as RFC 5952 writes it.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLength && j - i >= 2) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const text =
    bestStart === -1
      ? groups.join(':')
      : `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
  return `${text}/${range.prefixLength}`;
}
