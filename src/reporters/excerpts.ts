import type { FindingLocation } from '../core/report.js';
import type { ResourceRef } from '../core/resource.js';

/** A few source lines around a finding's location, with values that look like credentials masked. */
export interface SourceExcerpt {
  /**
   * The file the lines come from: the file the location names (a Kustomize base or patch, a chart's
   * template found on disk), or for Helm output whose chart was not found, the rendered stream.
   */
  readonly file: string;
  readonly firstLine: number;
  /** The located line (1-based), inside the excerpt. */
  readonly focusLine: number;
  readonly lines: readonly string[];
  /** True when at least one value was masked. */
  readonly masked: boolean;
}

/** Looks up the lines around a finding; undefined when the text is not at hand or must not be shown. */
export type ExcerptSource = (location: FindingLocation, resource: ResourceRef) => SourceExcerpt | undefined;

export const MASK = '********';

/** Lines shown before and after the located line, never crossing a document separator. */
const CONTEXT_LINES = 2;
/** Longer lines (minified JSON) are cut to a window around the located column. */
const MAX_LINE = 240;
/**
 * Lines longer than this are not shown at all: masking reads a line whole (a window could start inside a
 * secret), and the masking patterns would take too long or exhaust the stack on a line of megabytes.
 */
const MAX_MASKED_LINE = 1 << 20;

/**
 * An ExcerptSource over the texts the scan read (path as in findings → text). Secrets are never shown,
 * and every line passes through maskCredentials. Lines are split and masked once per file and line.
 */
export function sourceExcerpts(texts: ReadonlyMap<string, string>): ExcerptSource {
  const linesOf = new Map<string, readonly string[]>();
  const maskedLines = new Map<string, { text: string; masked: boolean }>();
  const fileLines = (file: string): readonly string[] | undefined => {
    let lines = linesOf.get(file);
    if (!lines) {
      const text = texts.get(file);
      if (text === undefined) return undefined;
      linesOf.set(file, (lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)));
    }
    return lines;
  };
  const masked = (file: string, lines: readonly string[], index: number): { text: string; masked: boolean } => {
    const key = `${index}\u0000${file}`;
    let line = maskedLines.get(key);
    if (!line) {
      const length = (lines[index] as string).length;
      line = length > MAX_MASKED_LINE ? { text: `(a line of ${length.toLocaleString('en')} characters, not shown)`, masked: true } : maskCredentials(lines, index);
      maskedLines.set(key, line);
    }
    return line;
  };
  return (location, resource) => {
    if (resource.kind === 'Secret') return undefined;
    // A Helm location is in the template when the chart was found (its text is then at hand), else a
    // line counted in the rendered document: the stream's own lines are quoted then.
    const rendered = location.rendered?.by === 'helm' && !texts.has(location.file) ? location.rendered : undefined;
    const file = rendered?.file ?? location.file;
    const focus = rendered?.line ?? location.line;
    const column = rendered?.column ?? location.column;
    const lines = fileLines(file);
    if (!lines || focus < 1 || focus > lines.length) return undefined;
    const focusIndex = focus - 1;
    const focusText = lines[focusIndex] as string;
    const picked: { text: string; masked: boolean }[] = [];
    let first = focusIndex;
    if (focusText.length > MAX_LINE) {
      // Minified JSON: the neighbouring lines tell nothing, and the line itself is cut around the column.
      picked.push(cutAround(masked(file, lines, focusIndex), column));
    } else {
      while (first > 0 && focusIndex - first < CONTEXT_LINES && !isSeparator(lines[first - 1] as string)) first--;
      let last = focusIndex;
      while (last < lines.length - 1 && last - focusIndex < CONTEXT_LINES && !isSeparator(lines[last + 1] as string)) last++;
      for (let i = first; i <= last; i++) picked.push(cutAround(masked(file, lines, i), 1));
    }
    return {
      file,
      firstLine: first + 1,
      focusLine: focus,
      lines: picked.map((l) => l.text),
      masked: picked.some((l) => l.masked),
    };
  };
}

function isSeparator(line: string): boolean {
  return /^(---|\.\.\.)(\s|$)/.test(line);
}

function cutAround(line: { text: string; masked: boolean }, column: number): { text: string; masked: boolean } {
  const { text } = line;
  if (text.length <= MAX_LINE) return line;
  const start = Math.max(0, Math.min(column - 1 - 80, text.length - MAX_LINE));
  const end = Math.min(text.length, start + MAX_LINE);
  return { text: `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`, masked: line.masked };
}

// ---------------------------------------------------------------------------------------------------------
// Credential masking. Excerpts are meant to be shared (a meeting, a CI artefact), so this errs on the side
// of masking: every value under data/stringData/binaryData, every value of a key that names a credential
// (and env values whose name does), and anything that looks like a key, token or password in a URL.

const dataKeys = new Set(['data', 'stringData', 'binaryData']);
const credentialWord =
  /pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|auth|bearer|cookie|jwt|salt|signature|connection[-_]?string|dsn|\.key$|\.pem$|\.p12$|\.pfx$|\.crt$|\.jks$|dockerconfigjson|dockercfg/i;
/** Keys that contain a credential word but name or configure one rather than hold it. */
const namesNotHolds = /(name|names|ref|path|policy|seconds|mode|enabled|audience|file|type|kind|class|version|issuer|url|endpoint)$/i;
const harmlessValue = /^(true|false|yes|no|on|off|null|~|)$/i;

function isCredentialKey(key: string): boolean {
  return credentialWord.test(key) && !namesNotHolds.test(key);
}

interface LineContext {
  /** Under a data/stringData/binaryData mapping. */
  readonly inData: boolean;
  /** Content of a block scalar (`key: |`) whose key or ancestors hold a credential. */
  readonly secretBlockScalar: boolean;
  /** Inside a block scalar at all: its lines are text, not keys. */
  readonly blockScalar: boolean;
  /** The nearest `name:` above, for `value:` lines of env entries. */
  readonly nameHint?: string;
}

/** The line at `index` of `lines`, with credentials masked; the lines above give the YAML structure. */
export function maskCredentials(lines: readonly string[], index: number): { text: string; masked: boolean } {
  const line = lines[index] as string;
  const context = lineContext(lines, index);
  let text = line;
  if (context.secretBlockScalar) {
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    text = line.trim() === '' ? line : indent + MASK;
  } else if (!context.blockScalar) {
    text = maskStructure(line, context);
  }
  text = maskPatterns(text);
  return { text, masked: text !== line };
}

function indentOf(line: string): number {
  const match = /^(\s*)((?:-\s+)*)/.exec(line);
  return (match?.[1]?.length ?? 0) + (match?.[2]?.length ?? 0);
}

const blockKeyPattern = /^(\s*(?:-\s+)*)(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|(?!-\s)([^\s"'{}[\],#:][^#]*?))\s*:(?=\s|$)/;

function blockKey(line: string): { prefix: string; key: string; rest: string } | undefined {
  const match = blockKeyPattern.exec(line);
  if (!match) return undefined;
  const key = match[2] ?? match[3] ?? match[4] ?? '';
  return { prefix: line.slice(0, match[0].length), key, rest: line.slice(match[0].length) };
}

const blockScalarHeader = /^\s*[|>][-+0-9]*\s*(#.*)?$/;

/** Walks up the indentation to find what the line is part of (bounded: excerpts are a few lines). */
function lineContext(lines: readonly string[], index: number): LineContext {
  const line = lines[index] as string;
  let nameHint = /\bname\s*["']?\s*:\s*["']?([^"',}\s]+)/.exec(line)?.[1];
  if (nameHint === undefined) {
    for (let j = index - 1; j >= Math.max(0, index - 3); j--) {
      const hint = /^\s*(?:-\s+)?["']?name["']?\s*:\s*["']?([^"',}\s]+)/.exec(lines[j] as string)?.[1];
      if (hint !== undefined) {
        nameHint = hint;
        break;
      }
    }
  }
  let current = line.trim() === '' ? Number.MAX_SAFE_INTEGER : indentOf(line);
  let inData = false;
  let nearest = true;
  let blockScalar = false;
  let secretBlockScalar = false;
  for (let j = index - 1; j >= Math.max(0, index - 500) && current > 0; j--) {
    const above = lines[j] as string;
    if (isSeparator(above)) break;
    if (above.trim() === '' || /^\s*#/.test(above)) continue;
    const indent = indentOf(above);
    if (indent >= current) continue;
    current = indent;
    const key = blockKey(above);
    if (!key) continue;
    if (nearest && blockScalarHeader.test(key.rest)) {
      blockScalar = true;
      secretBlockScalar = isCredentialKey(key.key);
    }
    nearest = false;
    if (dataKeys.has(key.key)) inData = true;
  }
  if (blockScalar && inData) secretBlockScalar = true;
  return { inData, blockScalar, secretBlockScalar, ...(nameHint !== undefined ? { nameHint } : {}) };
}

function shouldMask(key: string | undefined, context: LineContext): boolean {
  if (context.inData) return true;
  if (key === undefined) return false;
  if (key === 'value' && context.nameHint !== undefined && isCredentialKey(context.nameHint)) return true;
  return isCredentialKey(key);
}

/** Masks by structure: `key: value` lines, list items under data, and flow mappings or JSON. */
function maskStructure(line: string, context: LineContext): string {
  const key = blockKey(line);
  if (!key) {
    const item = /^(\s*-\s+)(.*)$/.exec(line);
    const content = item ? (item[2] as string) : line.trimStart();
    const prefix = item ? (item[1] as string) : line.slice(0, line.length - content.length);
    if (/^[{[]/.test(content)) return prefix + maskFlow(content, context.inData, undefined, context);
    if (context.inData && content.trim() !== '' && !content.startsWith('#')) return prefix + MASK;
    return line;
  }
  const value = key.rest.trimStart();
  const space = key.rest.slice(0, key.rest.length - value.length);
  if (value === '' || blockScalarHeader.test(value)) return line;
  if (/^[{[]/.test(value)) {
    return key.prefix + space + maskFlow(value, context.inData || dataKeys.has(key.key), key.key, context);
  }
  if (!shouldMask(key.key, context)) return line;
  const scalar = scalarOf(value);
  if (harmlessValue.test(scalar.value) && !context.inData) return line;
  return key.prefix + space + MASK + scalar.after;
}

/** A block value split into the scalar and what follows it (a comment, or a JSON comma). */
function scalarOf(value: string): { value: string; after: string } {
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')(.*)$/.exec(value);
  if (quoted) return { value: (quoted[1] as string).slice(1, -1), after: quoted[2] as string };
  const comment = /\s#/.exec(value);
  const plain = comment ? value.slice(0, comment.index) : value;
  return { value: plain.trim(), after: value.slice(plain.trimEnd().length) };
}

/**
 * Masks values in flow mappings and JSON (`{"password": "x", "data": {...}}`), tracking nesting so that
 * everything under a data key is masked, and env entries' values by their name.
 */
function maskFlow(text: string, inData: boolean, outerKey: string | undefined, context: LineContext): string {
  interface Frame {
    readonly data: boolean;
    readonly object: boolean;
    name?: string;
  }
  const stack: Frame[] = [{ data: inData, object: false }];
  let out = '';
  let pendingKey: string | undefined = outerKey;
  let pos = 0;
  const top = (): Frame => stack[stack.length - 1] as Frame;
  while (pos < text.length) {
    const ch = text[pos] as string;
    if (/\s/.test(ch)) {
      out += ch;
      pos++;
      continue;
    }
    if (ch === '#' && (pos === 0 || /\s/.test(text[pos - 1] as string))) {
      out += text.slice(pos);
      break;
    }
    if (ch === '{' || ch === '[') {
      stack.push({ data: top().data || (pendingKey !== undefined && dataKeys.has(pendingKey)), object: ch === '{' });
      pendingKey = undefined;
      out += ch;
      pos++;
      continue;
    }
    if (ch === '}' || ch === ']') {
      if (stack.length > 1) stack.pop();
      pendingKey = undefined;
      out += ch;
      pos++;
      continue;
    }
    if (ch === ',' || ch === ':') {
      if (ch === ',') pendingKey = undefined;
      out += ch;
      pos++;
      continue;
    }
    let token: string;
    let value: string;
    if (ch === '"' || ch === "'") {
      const pattern = ch === '"' ? /"(?:[^"\\]|\\.)*("|$)/y : /'(?:[^']|'')*('|$)/y;
      pattern.lastIndex = pos;
      token = pattern.exec(text)?.[0] ?? text.slice(pos);
      value = token.slice(1, token.endsWith(ch) && token.length > 1 ? -1 : undefined);
    } else {
      const plain = /(?:[^,{}[\]:\s#]|:(?!\s|$|[,{}[\]"'])|\s+(?![\s#,{}[\]]|:)|#)+/y;
      plain.lastIndex = pos;
      token = plain.exec(text)?.[0] ?? ch;
      value = token;
    }
    pos += token.length;
    const frame = top();
    if (frame.object && /^\s*:/.test(text.slice(pos, pos + 64))) {
      pendingKey = value;
      out += token;
      continue;
    }
    let maskIt = frame.data;
    if (!maskIt && pendingKey !== undefined) {
      const name = frame.name ?? context.nameHint;
      maskIt = pendingKey === 'value' && name !== undefined ? isCredentialKey(name) : isCredentialKey(pendingKey);
      if (harmlessValue.test(value)) maskIt = false;
    }
    if (pendingKey === 'name') frame.name = value;
    out += maskIt ? MASK : token;
    pendingKey = undefined;
  }
  return out;
}

const valuePatterns: readonly RegExp[] = [
  // user:password@ in URLs (database DSNs, registry logins)
  /(?<=[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+(?=@)/gi,
  // JSON Web Tokens
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  // Well-known token formats: AWS access keys, GitHub, GitLab, Slack, Stripe, Google API keys
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})\b/g,
  // `Authorization: Bearer ...` in probes or args
  /(?<=\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}/g,
];

/** A long run of base64 or similar with upper case, lower case and digits: a key or token, not a name or digest. */
const randomLooking = /[A-Za-z0-9+/=_-]{32,}/g;

function maskPatterns(line: string): string {
  const pem = line.indexOf('-----BEGIN');
  let text = pem >= 0 ? line.slice(0, pem) + MASK : line;
  for (const pattern of valuePatterns) text = text.replace(pattern, MASK);
  return text.replace(randomLooking, (token) => (/[A-Z]/.test(token) && /[a-z]/.test(token) && /[0-9]/.test(token) ? MASK : token));
}
