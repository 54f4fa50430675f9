import { formatPath, type Path } from '../core/path.js';
import { didYouMean } from './suggest.js';

/**
 * A mistake in a file the user wrote (configuration, exceptions, baseline): the message names the file,
 * the line when known and the key. The CLI turns it into exit code 2.
 */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/** Where in a user file a value was read from, so that errors can name the file, line and key. */
export interface PolicySource {
  readonly file: string;
  /** The 1-based line of the key (or item) at `path`, or of its nearest existing parent. */
  lineOf(path: Path): number | undefined;
}

export interface Where {
  readonly source: PolicySource;
  readonly path: Path;
}

export type JsonSchema = { readonly [key: string]: unknown };

/**
 * A typed reader of one value of a user file, that also describes itself as JSON Schema: the same
 * definition validates the file and generates the schema editors use, so the two cannot drift apart.
 */
export interface Field<T> {
  readonly schema: JsonSchema;
  read(value: unknown, where: Where): T;
}

export type FieldValue<F> = F extends Field<infer T> ? T : never;

export function at(where: Where, ...segments: (string | number)[]): Where {
  return { source: where.source, path: [...where.path, ...segments] };
}

/** `file:line: key: message`. */
export function problem(where: Where, message: string): PolicyError {
  const line = where.source.lineOf(where.path);
  const key = where.path.length > 0 ? `${formatPath(where.path)}: ` : '';
  return new PolicyError(`${where.source.file}${line ? `:${line}` : ''}: ${key}${message}`);
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

export function text(options: { readonly pattern?: RegExp; readonly expected?: string; readonly schema?: JsonSchema } = {}): Field<string> {
  return {
    schema: { type: 'string', minLength: 1, ...(options.pattern ? { pattern: options.pattern.source } : {}), ...options.schema },
    read(value, where) {
      if (typeof value !== 'string' || value.trim() === '') throw problem(where, `expected ${options.expected ?? 'a non-empty text'}, got ${describe(value)}`);
      if (options.pattern && !options.pattern.test(value)) throw problem(where, `expected ${options.expected ?? `text matching ${options.pattern.source}`}, got ${JSON.stringify(value)}`);
      return value;
    },
  };
}

export const flag: Field<boolean> = {
  schema: { type: 'boolean' },
  read(value, where) {
    if (typeof value !== 'boolean') throw problem(where, `expected true or false, got ${describe(value)}`);
    return value;
  },
};

export function number(min: number, max: number): Field<number> {
  return {
    schema: { type: 'number', minimum: min, maximum: max },
    read(value, where) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
        throw problem(where, `expected a number from ${min} to ${max}, got ${describe(value)}`);
      }
      return value;
    },
  };
}

export function oneOf<const T extends string>(values: readonly T[]): Field<T> {
  return {
    schema: { type: 'string', enum: values },
    read(value, where) {
      if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
      const hint = typeof value === 'string' ? didYouMean(value, values) : '';
      throw problem(where, `expected one of ${values.join(', ')}, got ${describe(value)}${hint}`);
    },
  };
}

export function list<T>(item: Field<T>): Field<T[]> {
  return {
    schema: { type: 'array', items: item.schema },
    read(value, where) {
      if (!Array.isArray(value)) throw problem(where, `expected a list, got ${describe(value)}`);
      return value.map((v, i) => item.read(v, at(where, i)));
    },
  };
}

/** One value or a list of them; always read as a list. */
export function oneOrList(item: Field<string>): Field<string[]> {
  return {
    schema: { anyOf: [item.schema, { type: 'array', items: item.schema, minItems: 1 }] },
    read(value, where) {
      if (Array.isArray(value)) {
        if (value.length === 0) throw problem(where, 'expected at least one value, got an empty list');
        return value.map((v, i) => item.read(v, at(where, i)));
      }
      return [item.read(value, where)];
    },
  };
}

/** A map with keys the user chooses (label names, control IDs, kinds); `key` may rename or reject them. */
export function dictionary<T>(
  value: Field<T>,
  key: { readonly read?: (key: string, where: Where) => string; readonly schema?: JsonSchema } = {},
): Field<Map<string, T>> {
  return {
    schema: { type: 'object', ...(key.schema ? { propertyNames: key.schema } : {}), additionalProperties: value.schema },
    read(raw, where) {
      if (!isPlainMap(raw)) throw problem(where, `expected a map, got ${describe(raw)}`);
      const out = new Map<string, T>();
      for (const [k, v] of Object.entries(raw)) {
        const here = at(where, k);
        out.set(key.read ? key.read(k, here) : k, value.read(v, here));
      }
      return out;
    },
  };
}

/** A field converted after it was read; `convert` may throw `problem(where, ...)`. */
export function refine<T, U>(field: Field<T>, convert: (value: T, where: Where) => U, schema: JsonSchema = {}): Field<U> {
  return {
    schema: { ...field.schema, ...schema },
    read: (value, where) => convert(field.read(value, where), where),
  };
}

export interface Property<T> {
  readonly field: Field<T>;
  readonly description: string;
  readonly required?: boolean;
}

type Shape = Readonly<Record<string, Property<unknown>>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K]['required'] extends true ? K : never }[keyof S];
export type ObjectValue<S extends Shape> = { -readonly [K in RequiredKeys<S>]: FieldValue<S[K]['field']> } & {
  -readonly [K in Exclude<keyof S, RequiredKeys<S>>]?: FieldValue<S[K]['field']>;
};

/** A map with a fixed set of keys: unknown keys are errors, with the closest known key suggested. */
export function object<const S extends Shape>(shape: S, description?: string): Field<ObjectValue<S>> {
  const keys = Object.keys(shape);
  const required = keys.filter((k) => shape[k]?.required);
  return {
    schema: {
      type: 'object',
      ...(description ? { description } : {}),
      properties: Object.fromEntries(keys.map((k) => [k, { description: shape[k]?.description, ...shape[k]?.field.schema }])),
      ...(required.length ? { required } : {}),
      additionalProperties: false,
    },
    read(raw, where) {
      if (!isPlainMap(raw)) throw problem(where, `expected a map, got ${describe(raw)}`);
      for (const k of Object.keys(raw)) {
        if (!(k in shape)) throw problem(at(where, k), `unknown key${didYouMean(k, keys)} (known keys: ${keys.join(', ')})`);
      }
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const property = shape[k] as Property<unknown>;
        const value = raw[k];
        if (value === undefined || value === null) {
          if (property.required) throw problem(where, `missing required key ${k} (${property.description})`);
          continue;
        }
        out[k] = property.field.read(value, at(where, k));
      }
      return out as ObjectValue<S>;
    },
  };
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date written YYYY-MM-DD that exists (2027-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const calendarDate: Field<string> = refine(
  text({ expected: 'a date written YYYY-MM-DD', schema: { pattern: datePattern.source, format: 'date' } }),
  (value, where) => {
    if (!isCalendarDate(value)) throw problem(where, `expected a date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
    return value;
  },
);
