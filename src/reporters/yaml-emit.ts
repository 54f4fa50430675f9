// A block-style YAML writer for plain data (objects, arrays, strings, numbers, booleans), fast enough for
// reports of 100k results. A string is written plain only when it is letters, digits, spaces and `._/-`,
// starts with a letter and is no YAML 1.1 boolean or null word; every other string is double-quoted, so
// no value can be read as another type by a YAML 1.1 reader (yes, on, 0x1F, 1:20 stay strings) and no
// character is left to the YAML parser's judgement.

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

/** Characters a YAML stream may not hold raw, or that YAML 1.1 reads as line breaks: escaped as \uXXXX. */
const unsafe = /[\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g;
const nonAscii = /[^\x20-\x7E]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A double-quoted YAML scalar. JSON's escapes (\" \\ \n \t \uXXXX for control characters) are YAML
 * escapes too; unpaired surrogates cannot be written at all and become U+FFFD.
 */
export function yamlString(text: string): string {
  if (!nonAscii.test(text)) return JSON.stringify(text);
  return JSON.stringify(text.replace(loneSurrogate, '\uFFFD')).replace(unsafe, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

const plainSafe = /^[A-Za-z][A-Za-z0-9 ._/-]*$/;
const reservedWords = /^(y|n|yes|no|on|off|true|false|null)$/i;

/** A string as a YAML scalar: plain when nothing could misread it, else double-quoted. */
export function yamlText(text: string): string {
  return plainSafe.test(text) && !text.endsWith(' ') && !reservedWords.test(text) ? text : yamlString(text);
}

const keys = new Map<string, string>();

function yamlKey(key: string): string {
  let written = keys.get(key);
  if (written === undefined) {
    written = yamlText(key);
    if (keys.size < 10_000) keys.set(key, written);
  }
  return written;
}

function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return yamlText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : yamlString(String(value));
  if (value === null) return 'null';
  return value ? 'true' : 'false';
}

function isScalar(value: YamlValue): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

function isEmpty(value: readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.values(value).every((v) => v === undefined);
}

/** The lines of a mapping or sequence at the given indent (undefined members are left out). */
export function yamlBlock(value: YamlValue, indent = ''): string {
  if (isScalar(value)) return `${indent}${scalar(value)}\n`;
  let out = '';
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}[]\n`;
    for (const item of value as readonly YamlValue[]) {
      if (isScalar(item) || isEmpty(item)) {
        out += `${indent}- ${isScalar(item) ? scalar(item) : Array.isArray(item) ? '[]' : '{}'}\n`;
      } else {
        // The first line of the nested block goes after the dash.
        const nested = yamlBlock(item, `${indent}  `);
        out += `${indent}- ${nested.slice(indent.length + 2)}`;
      }
    }
    return out;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined) as [string, YamlValue][];
  if (entries.length === 0) return `${indent}{}\n`;
  for (const [key, member] of entries) {
    if (isScalar(member)) out += `${indent}${yamlKey(key)}: ${scalar(member)}\n`;
    else if (isEmpty(member)) {
      out += `${indent}${yamlKey(key)}: ${Array.isArray(member) ? '[]' : '{}'}\n`;
    } else out += `${indent}${yamlKey(key)}:\n${yamlBlock(member, `${indent}  `)}`;
  }
  return out;
}
