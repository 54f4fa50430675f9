import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';

/**
 * A file's bytes as text, or where they stop being UTF-8. Kubernetes manifests are UTF-8 (the API server
 * rejects other bytes); decoding them anyway would turn a binary file or a Latin-1 file into replacement
 * characters and scan something the user never wrote.
 */
export type DecodedText = { readonly text: string } | { readonly invalid: { readonly line: number; readonly column: number; readonly binary: boolean } };

export function decodeUtf8(bytes: Uint8Array): DecodedText {
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
  const offset = firstInvalidByte(bytes);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8').length + 1;
  const head = bytes.subarray(0, Math.min(bytes.length, 8000));
  return { invalid: { line, column, binary: head.includes(0) } };
}

/** The message of an input error for undecodable bytes: where, and what the file probably is. */
export function invalidTextMessage(invalid: { line: number; column: number; binary: boolean }): string {
  return invalid.binary
    ? `binary file, not a manifest (invalid UTF-8 at line ${invalid.line}, column ${invalid.column})`
    : `invalid UTF-8 at line ${invalid.line}, column ${invalid.column}: manifests must be UTF-8 (convert the file, e.g. with iconv -t UTF-8)`;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/** Thrown by readers that need text: the bytes are not UTF-8. */
export class InvalidTextError extends Error {}

/** A file's text, or undefined when it cannot be read or is not UTF-8: for files that only add to a scan (a chart's templates, a Kustomize base). */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    const decoded = decodeUtf8(await readFile(path));
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}
