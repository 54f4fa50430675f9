import type { Path } from '../core/path.js';
import type { SourceDocument } from '../core/resource.js';
import { asRecord, detach } from '../core/values.js';
import { firstContentLine } from '../parse/document.js';
import { ALL_CONTROLS, unknownControlMessage, type ControlNames } from './control-names.js';
import { isCalendarDate } from './fields.js';
import { didYouMean } from './suggest.js';

export const IGNORE_ANNOTATION = 'kubeharden.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'kubeharden.io/ignore-reason';
export const IGNORE_OWNER_ANNOTATION = 'kubeharden.io/ignore-owner';
export const IGNORE_EXPIRES_ANNOTATION = 'kubeharden.io/ignore-expires';
/** `kubeharden.io/ignore.container.app: NSA-POD-005`: only the findings about container `app`. */
export const CONTAINER_SUFFIX = '.container.';

export const NO_REASON = 'no reason given';

/** What one exception written in a manifest says. */
export interface InlineExceptionText {
  readonly controls: readonly string[];
  readonly reason: string;
  readonly owner?: string;
  readonly expires?: string;
}

export interface AnnotationException extends InlineExceptionText {
  /** Path of the `kubeharden.io/ignore...` annotation from the resource root. */
  readonly path: Path;
  /** Set for `kubeharden.io/ignore.container.<name>`. */
  readonly container?: string;
}

export interface AnnotationProblem {
  readonly path: Path;
  readonly message: string;
}

const annotationKey = /^kubeharden\.io\/ignore(?:-(reason|owner|expires))?(?:\.container\.(.+))?$/;
const knownAnnotations = [IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION, IGNORE_OWNER_ANNOTATION, IGNORE_EXPIRES_ANNOTATION];

/**
 * The exceptions written as annotations on one metadata object (the resource's, or its pod template's):
 * `kubeharden.io/ignore` for the whole resource and `kubeharden.io/ignore.container.<name>` for one
 * container, with `-reason`, `-owner` and `-expires` companions (a container's own companions win over
 * the resource-wide ones).
 */
export function readAnnotationExceptions(
  metadata: unknown,
  metadataPath: Path,
  names: ControlNames,
): { exceptions: AnnotationException[]; problems: AnnotationProblem[] } {
  const annotations = asRecord(asRecord(metadata)?.['annotations']);
  const exceptions: AnnotationException[] = [];
  const problems: AnnotationProblem[] = [];
  if (!annotations) return { exceptions, problems };
  const groups = new Map<string, { ignore?: [string, string]; reason?: string; owner?: string; expires?: string }>();
  for (const [key, raw] of Object.entries(annotations)) {
    if (!key.startsWith(IGNORE_ANNOTATION)) continue;
    const path = [...metadataPath, 'annotations', key];
    const match = annotationKey.exec(key);
    if (!match) {
      problems.push({ path, message: `unknown annotation ${key}${didYouMean(key, knownAnnotations)}: exceptions are ${knownAnnotations.join(', ')}, optionally followed by ${CONTAINER_SUFFIX}<container>` });
      continue;
    }
    if (typeof raw !== 'string') {
      problems.push({ path, message: `annotation ${key} must be a text, got ${raw === null ? 'null' : typeof raw}` });
      continue;
    }
    const [, companion, container = ''] = match;
    let group = groups.get(container);
    if (!group) groups.set(container, (group = {}));
    if (companion === undefined) group.ignore = [key, raw];
    else if (companion === 'expires' && !isCalendarDate(raw.trim())) problems.push({ path, message: `annotation ${key} must be a date written YYYY-MM-DD, got ${JSON.stringify(raw)}` });
    else group[companion as 'reason' | 'owner' | 'expires'] = detach(raw.trim());
  }
  const shared = groups.get('') ?? {};
  for (const [container, group] of groups) {
    if (!group.ignore) {
      if (container !== '') {
        problems.push({ path: [...metadataPath, 'annotations'], message: `${IGNORE_ANNOTATION}-reason/-owner/-expires${CONTAINER_SUFFIX}${container} without ${IGNORE_ANNOTATION}${CONTAINER_SUFFIX}${container}: it applies to nothing` });
      }
      continue;
    }
    const [key, value] = group.ignore;
    const path = [...metadataPath, 'annotations', key];
    const controls = readControlList(value, names);
    if (typeof controls === 'string') {
      problems.push({ path, message: `annotation ${key}: ${controls}` });
      continue;
    }
    const reason = group.reason ?? shared.reason;
    const owner = group.owner ?? shared.owner;
    const expires = group.expires ?? shared.expires;
    exceptions.push({
      path,
      controls,
      reason: reason || NO_REASON,
      ...(owner ? { owner } : {}),
      ...(expires ? { expires } : {}),
      ...(container !== '' ? { container: detach(container) } : {}),
    });
  }
  return { exceptions, problems };
}

/** `NSA-POD-005,read-only-root-filesystem` as catalog IDs, or the reason it cannot be read. */
function readControlList(value: string, names: ControlNames): string[] | string {
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return 'names no control';
  if (parts.includes(ALL_CONTROLS)) return parts.length === 1 ? [ALL_CONTROLS] : '* already means every control: write either * or control names';
  const ids: string[] = [];
  for (const part of parts) {
    const id = names.resolve(part);
    if (!id) return unknownControlMessage(part, names);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

export const COMMENT_MARKER = 'kubeharden:';
const directive = /(^|\s)#\s*kubeharden:([\w-]*)/;

/** Where an ignore comment applies: the whole resource (top of the document) or one line of the file. */
export type CommentScope = { readonly type: 'resource' } | { readonly type: 'line'; readonly line: number };

export interface CommentException extends InlineExceptionText {
  /** The 1-based line of the comment in its file. */
  readonly line: number;
  readonly scope: CommentScope;
}

export interface CommentProblem {
  readonly line: number;
  readonly message: string;
}

const commentOptions = ['reason', 'expires', 'owner'] as const;

/**
 * The `# kubeharden:ignore ID[,ID] reason="..." expires=YYYY-MM-DD owner=...` comments of a document:
 * - at the end of a line, for the findings located on that line;
 * - on a line of its own before the document's first content line, for the whole resource (every
 *   resource of a List document);
 * - on a line of its own further down, for the findings on the next line that is not blank or a comment.
 * `markers` are the offsets of `kubeharden:` in the file text (found once per file).
 */
export function readCommentExceptions(
  document: SourceDocument,
  markers: readonly number[],
  names: ControlNames,
): { exceptions: CommentException[]; problems: CommentProblem[] } {
  const exceptions: CommentException[] = [];
  const problems: CommentProblem[] = [];
  const { text } = document;
  const top = firstContentLine(document);
  let line = document.startLine;
  let counted = document.start;
  let previousLineStart = -1;
  for (const marker of markers) {
    const lineStart = text.lastIndexOf('\n', marker - 1) + 1;
    if (lineStart === previousLineStart) continue;
    for (let i = text.indexOf('\n', counted); i !== -1 && i < lineStart; i = text.indexOf('\n', i + 1)) line++;
    counted = lineStart;
    const newline = text.indexOf('\n', marker);
    const lineEnd = newline === -1 || newline > document.end ? document.end : newline;
    previousLineStart = lineStart;
    const content = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const found = directive.exec(content);
    const hashAt = found ? found.index + (found[1] ?? '').length : -1;
    if (!found || !isComment(content, hashAt)) continue;
    if (found[2] !== 'ignore') {
      problems.push({ line, message: `unknown comment directive kubeharden:${found[2]}${didYouMean(found[2] ?? '', ['ignore'])}: write # kubeharden:ignore CONTROL reason="..."` });
      continue;
    }
    const parsed = parseDirective(content.slice(found.index + found[0].length), names);
    if (typeof parsed === 'string') {
      problems.push({ line, message: `kubeharden:ignore comment: ${parsed}` });
      continue;
    }
    const standalone = content.slice(0, hashAt).trim() === '';
    const scope: CommentScope = !standalone
      ? { type: 'line', line }
      : line < top
        ? { type: 'resource' }
        : { type: 'line', line: nextContentLine(document, lineEnd, line) };
    exceptions.push({ ...parsed, line, scope });
  }
  return { exceptions, problems };
}

/** A `#` starts a YAML comment at the start of a line or after whitespace, outside quotes. */
function isComment(line: string, hashAt: number): boolean {
  const before = line.slice(0, hashAt);
  if (before.trim() === '') return true;
  let single = false;
  let double = false;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (c === "'" && !double) single = !single;
    else if (c === '"' && !single && before[i - 1] !== '\\') double = !double;
  }
  return !single && !double;
}

/** The next line of the document that holds content; 0 when there is none (the comment applies to nothing). */
function nextContentLine(document: SourceDocument, from: number, line: number): number {
  let offset = from;
  let current = line;
  while (offset < document.end) {
    const start = offset + 1;
    const newline = document.text.indexOf('\n', start);
    const end = newline === -1 || newline > document.end ? document.end : newline;
    current++;
    const content = document.text.slice(start, end).trim();
    if (content !== '' && !content.startsWith('#') && content !== '---') return current;
    offset = end;
  }
  return 0;
}

const token = /(\w+)=("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|\S*)|(\S+)/g;

function parseDirective(rest: string, names: ControlNames): InlineExceptionText | string {
  const controls: string[] = [];
  const options: Partial<Record<(typeof commentOptions)[number], string>> = {};
  for (const match of rest.matchAll(token)) {
    const [, key, rawValue, bare] = match;
    if (bare !== undefined) {
      for (const name of bare.split(',').map((n) => n.trim()).filter(Boolean)) {
        if (name === ALL_CONTROLS) {
          controls.push(ALL_CONTROLS);
          continue;
        }
        const id = names.resolve(name);
        if (!id) return unknownControlMessage(name, names);
        if (!controls.includes(id)) controls.push(id);
      }
      continue;
    }
    if (!(commentOptions as readonly string[]).includes(key as string)) {
      return `unknown option ${key}=${didYouMean(key as string, commentOptions)} (options: ${commentOptions.join(', ')})`;
    }
    const value = unquote(rawValue ?? '');
    if (value === '') return `${key}= needs a value`;
    options[key as (typeof commentOptions)[number]] = detach(value);
  }
  if (controls.length === 0) return 'names no control: write # kubeharden:ignore NSA-POD-005 reason="..."';
  if (controls.includes(ALL_CONTROLS) && controls.length > 1) return '* already means every control: write either * or control names';
  if (options.expires !== undefined && !isCalendarDate(options.expires)) return `expires= must be a date written YYYY-MM-DD, got ${JSON.stringify(options.expires)}`;
  return {
    controls,
    reason: options.reason ?? NO_REASON,
    ...(options.owner !== undefined ? { owner: options.owner } : {}),
    ...(options.expires !== undefined ? { expires: options.expires } : {}),
  };
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(.)/g, '$1');
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  return value;
}
