// Just enough protobuf to read what kubectl POSTs: client-go sends built-in types as
// application/vnd.kubernetes.protobuf, i.e. the magic "k8s\0" and a runtime.Unknown envelope
// (typeMeta = 1, raw = 2, contentEncoding = 3, contentType = 4) whose raw bytes hold the object.
// Field numbers are those of k8s.io/api/authorization/v1/generated.proto.

export class ProtobufError extends Error {}

export type FieldValue = bigint | Uint8Array;

/** All fields of a message by number (repeated fields keep every occurrence, in order). */
export type Message = ReadonlyMap<number, readonly FieldValue[]>;

export function decodeMessage(bytes: Uint8Array): Message {
  const fields = new Map<number, FieldValue[]>();
  let offset = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (offset >= bytes.length) throw new ProtobufError('truncated varint');
      const byte = bytes[offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtobufError('varint too long');
    }
  };
  const take = (length: number): Uint8Array => {
    if (length < 0 || offset + length > bytes.length) throw new ProtobufError('truncated field');
    const slice = bytes.subarray(offset, offset + length);
    offset += length;
    return slice;
  };
  while (offset < bytes.length) {
    const tag = readVarint();
    const fieldNumber = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (fieldNumber === 0) throw new ProtobufError('field number 0');
    let value: FieldValue;
    switch (wireType) {
      case 0:
        value = readVarint();
        break;
      case 1:
        value = take(8);
        break;
      case 2:
        value = take(Number(readVarint()));
        break;
      case 5:
        value = take(4);
        break;
      default:
        throw new ProtobufError(`unsupported wire type ${wireType}`);
    }
    const list = fields.get(fieldNumber) ?? [];
    list.push(value);
    fields.set(fieldNumber, list);
  }
  return fields;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function lastBytes(message: Message, field: number): Uint8Array | undefined {
  const values = message.get(field);
  const value = values?.[values.length - 1];
  if (value === undefined) return undefined;
  if (!(value instanceof Uint8Array)) throw new ProtobufError(`field ${field} is not length-delimited`);
  return value;
}

export function stringField(message: Message, field: number): string | undefined {
  const bytes = lastBytes(message, field);
  return bytes === undefined ? undefined : decoder.decode(bytes);
}

export function repeatedStrings(message: Message, field: number): string[] {
  return (message.get(field) ?? []).map((value) => {
    if (!(value instanceof Uint8Array)) throw new ProtobufError(`field ${field} is not length-delimited`);
    return decoder.decode(value);
  });
}

export function messageField(message: Message, field: number): Message | undefined {
  const bytes = lastBytes(message, field);
  return bytes === undefined ? undefined : decodeMessage(bytes);
}

export const PROTOBUF_MAGIC = Uint8Array.from([0x6b, 0x38, 0x73, 0x00]);

export interface UnknownEnvelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
}

/** Opens the k8s protobuf envelope. */
export function decodeEnvelope(body: Uint8Array): UnknownEnvelope {
  if (body.length < 4 || !PROTOBUF_MAGIC.every((byte, i) => body[i] === byte)) throw new ProtobufError('missing the k8s protobuf prefix');
  const unknown = decodeMessage(body.subarray(4));
  const typeMeta = messageField(unknown, 1);
  return {
    apiVersion: (typeMeta && stringField(typeMeta, 1)) ?? '',
    kind: (typeMeta && stringField(typeMeta, 2)) ?? '',
    raw: lastBytes(unknown, 2) ?? new Uint8Array(),
  };
}

function definedFields(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of entries) if (value !== undefined && value !== '') result[key] = value;
  return result;
}

function resourceAttributes(message: Message | undefined): Record<string, unknown> | undefined {
  if (message === undefined) return undefined;
  return definedFields([
    ['namespace', stringField(message, 1)],
    ['verb', stringField(message, 2)],
    ['group', stringField(message, 3)],
    ['version', stringField(message, 4)],
    ['resource', stringField(message, 5)],
    ['subresource', stringField(message, 6)],
    ['name', stringField(message, 7)],
  ]);
}

function nonResourceAttributes(message: Message | undefined): Record<string, unknown> | undefined {
  if (message === undefined) return undefined;
  return definedFields([
    ['path', stringField(message, 1)],
    ['verb', stringField(message, 2)],
  ]);
}

function objectMeta(message: Message | undefined): Record<string, unknown> {
  if (message === undefined) return {};
  return definedFields([
    ['name', stringField(message, 1)],
    ['generateName', stringField(message, 2)],
    ['namespace', stringField(message, 3)],
  ]);
}

/**
 * The JSON form of an authorization.k8s.io/v1 review sent as protobuf: SelfSubjectAccessReview,
 * SubjectAccessReview, LocalSubjectAccessReview or SelfSubjectRulesReview.
 */
export function decodeReview(body: Uint8Array): Record<string, unknown> {
  const envelope = decodeEnvelope(body);
  const review = decodeMessage(envelope.raw);
  const specMessage = messageField(review, 2);
  let spec: Record<string, unknown> = {};
  if (specMessage !== undefined) {
    if (envelope.kind === 'SelfSubjectRulesReview') {
      spec = definedFields([['namespace', stringField(specMessage, 1)]]);
    } else {
      spec = definedFields([
        ['resourceAttributes', resourceAttributes(messageField(specMessage, 1))],
        ['nonResourceAttributes', nonResourceAttributes(messageField(specMessage, 2))],
        ...(envelope.kind === 'SelfSubjectAccessReview'
          ? []
          : ([
              ['user', stringField(specMessage, 3)],
              ['groups', repeatedStrings(specMessage, 4).length > 0 ? repeatedStrings(specMessage, 4) : undefined],
              ['uid', stringField(specMessage, 6)],
            ] as const)),
      ]);
    }
  }
  return { apiVersion: envelope.apiVersion, kind: envelope.kind, metadata: objectMeta(messageField(review, 1)), spec };
}

/** Writes protobuf (for tests that play kubectl's part). */
export class ProtobufWriter {
  private readonly chunks: number[] = [];

  private varint(value: number): void {
    let rest = value;
    while (rest > 0x7f) {
      this.chunks.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.chunks.push(rest);
  }

  bytes(field: number, value: Uint8Array): this {
    this.varint((field << 3) | 2);
    this.varint(value.length);
    for (const byte of value) this.chunks.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: ProtobufWriter): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
