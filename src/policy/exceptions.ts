import { ALL_CONTROLS, controlNameField, type ControlNames } from './control-names.js';
import { at, calendarDate, dictionary, list, object, oneOrList, problem, refine, text, type Field, type FieldValue, type Where } from './fields.js';
import { parsePolicyYaml } from './yaml-source.js';

export type ExceptionBy = 'annotation' | 'comment' | 'config';

/** What every exception says, wherever it is written. */
export interface ExceptionDefinition {
  /** Where it is written, unique in a scan: `file:line` (or the resource and annotation when it has no file). */
  readonly id: string;
  readonly by: ExceptionBy;
  /** Catalog IDs, or `*` for every control. */
  readonly controls: readonly string[];
  readonly reason: string;
  readonly owner?: string;
  /** The last day (UTC, YYYY-MM-DD) the exception suppresses anything. */
  readonly expires?: string;
  readonly file?: string;
  readonly line?: number;
}

/** Which findings a file exception applies to: every key is optional, each value one or more globs. */
export interface ExceptionMatch {
  readonly kind?: readonly string[];
  readonly namespace?: readonly string[];
  readonly name?: readonly string[];
  readonly container?: readonly string[];
  readonly labels?: Readonly<Record<string, readonly string[]>>;
  readonly file?: readonly string[];
}

/** An exception of an exceptions file or of the configuration file's `exceptions:` list. */
export interface ExceptionRule extends ExceptionDefinition {
  readonly by: 'config';
  readonly match: ExceptionMatch;
}

/** Whether an exception has stopped suppressing: it is valid through its expiry day, in UTC. */
export function isExpired(expires: string | undefined, now: Date): boolean {
  return expires !== undefined && expires < now.toISOString().slice(0, 10);
}

const glob = text({ expected: 'a name or a glob (* matches any run of characters)' });

function matchField() {
  return object({
    kind: { field: oneOrList(glob), description: 'resource kinds (Deployment; case-insensitive)' },
    namespace: { field: oneOrList(glob), description: 'namespaces; an object without metadata.namespace is in default' },
    name: { field: oneOrList(glob), description: 'resource names, e.g. "api-*"' },
    container: { field: oneOrList(glob), description: 'container names; a finding that is not about one container never matches' },
    labels: {
      field: dictionary(oneOrList(glob)),
      description: 'labels the resource (or, for a workload, its pod template) must have, with values matching the globs',
    },
    file: { field: oneOrList(glob), description: 'file paths as reported in findings; * stays within a folder, ** crosses folders' },
  }, 'which findings the exception applies to: every key is optional, and all given keys must match');
}

export function exceptionEntryField(names: ControlNames) {
  return object({
    controls: {
      field: oneOrList(controlNameField(names, { wildcard: true })),
      description: 'control IDs or slugs the exception suppresses; * for every control',
      required: true,
    },
    match: { field: matchField(), description: 'which findings the exception applies to; without it, every finding of the controls' },
    reason: { field: text(), description: 'why the risk is accepted: shown with every suppressed finding', required: true },
    expires: { field: calendarDate, description: 'last day the exception applies (YYYY-MM-DD, UTC); after it the findings fail again and the report warns' },
    owner: { field: text(), description: 'who answers for the exception (a team, a person, a ticket)' },
  }, 'an accepted risk: findings it matches are kept in the report as suppressed, with the reason');
}

type ExceptionEntryValue = FieldValue<ReturnType<typeof exceptionEntryField>>;

/** A list of exceptions, read into rules that know their file and line. */
export function exceptionListField(names: ControlNames): Field<ExceptionRule[]> {
  return refine(list(exceptionEntryField(names)), (entries, where) => entries.map((entry, index) => toRule(entry, at(where, index))));
}

function toRule(entry: ExceptionEntryValue, where: Where): ExceptionRule {
  const line = where.source.lineOf(where.path);
  const match: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry.match ?? {})) {
    match[key] = value instanceof Map ? Object.fromEntries(value) : value;
  }
  if (entry.controls.includes(ALL_CONTROLS) && entry.controls.length > 1) {
    throw problem(at(where, 'controls'), '* already means every control: list either * or control names');
  }
  return {
    id: `${where.source.file}:${line ?? 0}`,
    by: 'config',
    controls: [...new Set(entry.controls)],
    reason: entry.reason,
    ...(entry.owner !== undefined ? { owner: entry.owner } : {}),
    ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
    file: where.source.file,
    ...(line !== undefined ? { line } : {}),
    match: match as ExceptionMatch,
  };
}

export function exceptionsFileField(names: ControlNames) {
  return object({
    exceptions: { field: exceptionListField(names), description: 'the accepted risks', required: true },
  }, 'kubeharden exceptions file (--exceptions FILE)');
}

/** Reads an exceptions file (`exceptions: [...]`); every mistake is an error naming the file, line and key. */
export function readExceptionsFile(content: string, file: string, names: ControlNames): ExceptionRule[] {
  const { value, source } = parsePolicyYaml(content, file);
  return exceptionsFileField(names).read(value ?? {}, { source, path: [] }).exceptions;
}

/**
 * A glob matcher: `*` matches any run of characters (within a folder for file paths, where `**` crosses
 * folders) and `?` one character. Several patterns match when any does.
 */
export function globMatcher(patterns: readonly string[], options: { readonly path?: boolean; readonly ignoreCase?: boolean } = {}): (value: string) => boolean {
  const sources = patterns.map((pattern) => {
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i] as string;
      if (c === '*') {
        if (options.path && pattern[i + 1] === '*') {
          i++;
          if (pattern[i + 1] === '/') {
            i++;
            source += '(?:.*/)?';
          } else source += '.*';
        } else source += options.path ? '[^/]*' : '.*';
      } else if (c === '?') source += options.path ? '[^/]' : '.';
      else source += c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
    }
    return source;
  });
  const regex = new RegExp(`^(?:${sources.join('|')})$`, options.ignoreCase ? 'i' : '');
  return (value) => regex.test(value);
}
