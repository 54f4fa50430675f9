import { inflateRawSync } from 'node:zlib';

/**
 * A small reader for ZIP archives (PKWARE APPNOTE 6.3): the central directory, ZIP64 included (OSV's
 * archives hold more than 65,535 records for some ecosystems), entries stored or deflated.
 */
export interface ZipEntry {
  readonly name: string;
  read(): Buffer;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function zipEntries(buffer: Buffer, file: string): ZipEntry[] {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new ZipError(`${file}: not a ZIP archive (no end of central directory)`);
  let count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const locator = eocd - 20;
  if (locator >= 0 && buffer.readUInt32LE(locator) === ZIP64_LOCATOR) {
    const record = Number(buffer.readBigUInt64LE(locator + 8));
    if (buffer.readUInt32LE(record) !== ZIP64_EOCD) throw new ZipError(`${file}: damaged ZIP64 end of central directory`);
    count = Number(buffer.readBigUInt64LE(record + 32));
    offset = Number(buffer.readBigUInt64LE(record + 48));
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buffer.length || buffer.readUInt32LE(p) !== CENTRAL) throw new ZipError(`${file}: damaged central directory`);
    const method = buffer.readUInt16LE(p + 10);
    let compressed = buffer.readUInt32LE(p + 20);
    let size = buffer.readUInt32LE(p + 24);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    let local = buffer.readUInt32LE(p + 42);
    const name = buffer.toString('utf8', p + 46, p + 46 + nameLength);
    // ZIP64 extra field: the 64-bit values of the fields set to 0xFFFFFFFF, in this order.
    let extra = p + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = buffer.readUInt16LE(extra);
      const length = buffer.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let q = extra + 4;
        if (size === 0xffffffff) (size = Number(buffer.readBigUInt64LE(q))), (q += 8);
        if (compressed === 0xffffffff) (compressed = Number(buffer.readBigUInt64LE(q))), (q += 8);
        if (local === 0xffffffff) local = Number(buffer.readBigUInt64LE(q));
      }
      extra += 4 + length;
    }
    p = extraEnd + commentLength;
    if (name.endsWith('/')) continue;
    const entrySize = size;
    const entryCompressed = compressed;
    const entryLocal = local;
    entries.push({
      name,
      read(): Buffer {
        if (buffer.readUInt32LE(entryLocal) !== LOCAL) throw new ZipError(`${file}: ${name}: damaged local header`);
        const start = entryLocal + 30 + buffer.readUInt16LE(entryLocal + 26) + buffer.readUInt16LE(entryLocal + 28);
        const data = buffer.subarray(start, start + entryCompressed);
        if (method === 0) return data;
        if (method === 8) {
          const out = inflateRawSync(data);
          if (out.length !== entrySize) throw new ZipError(`${file}: ${name}: inflated to ${out.length} bytes, expected ${entrySize}`);
          return out;
        }
        throw new ZipError(`${file}: ${name}: compression method ${method} is not supported (stored and deflated are)`);
      },
    });
  }
  return entries;
}
