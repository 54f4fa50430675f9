import { formatPath, getAtPath, type Path } from '../core/path.js';
import type { ExceptionEntry, FindingLocation, ScanError, ScanWarning, Suppression } from '../core/report.js';
import { formatRef, type Resource, type SourceDocument } from '../core/resource.js';
import { asRecord, asString } from '../core/values.js';
import { ALL_CONTROLS, type ControlNames } from './control-names.js';
import { globMatcher, isExpired, type ExceptionBy, type ExceptionMatch, type ExceptionRule } from './exceptions.js';
import { COMMENT_MARKER, readAnnotationExceptions, readCommentExceptions, type InlineExceptionText } from './inline.js';

export interface ExceptionSettings {
  /** Exceptions of the exceptions files and of the configuration file. */
  readonly rules: readonly ExceptionRule[];
  /** False with --no-inline-exceptions: annotations and comments are not read, and suppress nothing. */
  readonly inline: boolean;
}

/** How the engine places things in files (Helm-rendered documents are attributed to their template). */
export interface Positions {
  ofPath(resource: Resource, path: Path): FindingLocation | undefined;
  ofLine(document: SourceDocument, line: number): FindingLocation;
}

type Scope =
  | { readonly type: 'resource' }
  | { readonly type: 'container'; readonly container: string }
  /** A comment's line, in the file whose text holds it (a Kustomize base, or the rendered stream). */
  | { readonly type: 'line'; readonly file: string; readonly line: number }
  | { readonly type: 'match'; readonly test: (subject: Subject) => boolean };

/** One exception and what it did during the scan. */
interface Tracked {
  readonly id: string;
  readonly by: ExceptionBy;
  readonly text: InlineExceptionText;
  readonly scope: Scope;
  readonly all: boolean;
  readonly controls: ReadonlySet<string>;
  readonly expired: boolean;
  readonly entry: Omit<ExceptionEntry, 'status' | 'matches' | 'unusedControls'>;
  matches: number;
  readonly usedControls: Set<string>;
}

/** The exceptions that apply to one resource, read once when it is scanned. */
export interface ResourceExceptions {
  readonly resource: Resource;
  /** The namespace the resource is in (its name for a Namespace; `default` for a namespaced object without one). */
  readonly namespace: string | undefined;
  readonly podMetadataPath: Path | undefined;
  /** Line comments first, then container annotations, resource annotations and whole-document comments. */
  readonly inline: readonly Tracked[];
}

/** What a file exception's `match` is compared with. */
interface Subject {
  readonly target: ResourceExceptions;
  readonly container: string | undefined;
  readonly file: string | undefined;
}

const scopeOrder: Record<Scope['type'], number> = { line: 0, container: 1, resource: 2, match: 3 };

/** Whether a finding sits on a comment's line: in the file the location names, or in the rendered stream the comment was read from. */
function onLine(scope: Extract<Scope, { type: 'line' }>, location: FindingLocation | undefined): boolean {
  if (!location) return false;
  if (scope.file === location.file && !(location.rendered?.by === 'helm')) return scope.line === location.line;
  return scope.file === location.rendered?.file && scope.line === location.rendered.line;
}

/**
 * Decides which findings are suppressed, by which exception, and keeps the audit trail: every exception
 * met (file rules, and the annotations and comments of every scanned resource), how many findings it
 * matched, and whether it expired. `now` is injected so that expiry is testable.
 */
export class ExceptionTracker {
  private readonly rules: Tracked[];
  private readonly rulesByControl = new Map<string, Tracked[]>();
  private readonly rulesForAll: Tracked[] = [];
  private readonly inline = new Map<string, Tracked>();
  private readonly documents = new Map<string, Tracked[]>();
  private readonly reported = new Set<string>();
  private readonly newErrors: ScanError[] = [];
  private markerText: string | undefined;
  private markerOffsets: number[] = [];

  constructor(
    private readonly settings: ExceptionSettings,
    private readonly now: Date,
    private readonly names: ControlNames,
    private readonly positions: Positions,
  ) {
    this.rules = settings.rules.map((rule) => {
      const tracked = this.track(rule.id, 'config', rule, { type: 'match', test: compileMatch(rule.match) }, {
        file: rule.file,
        line: rule.line,
        match: rule.match as Readonly<Record<string, unknown>>,
      });
      if (tracked.all) this.rulesForAll.push(tracked);
      for (const id of tracked.controls) this.rulesByControl.set(id, [...(this.rulesByControl.get(id) ?? []), tracked]);
      return tracked;
    });
  }

  /** Reads the inline exceptions of a resource (its annotations, and the comments of its document). */
  forResource(resource: Resource, namespace: string | undefined, podMetadataPath: Path | undefined): ResourceExceptions {
    if (!this.settings.inline) return { resource, namespace, podMetadataPath, inline: [] };
    const inline: Tracked[] = [];
    const metadataPaths: Path[] = [['metadata']];
    if (podMetadataPath && podMetadataPath.join('.') !== 'metadata') metadataPaths.push(podMetadataPath);
    for (const metadataPath of metadataPaths) {
      const { exceptions, problems } = readAnnotationExceptions(getAtPath(resource.object, metadataPath), metadataPath, this.names);
      for (const problem of problems) {
        this.reportError(`${resource.id}|${formatPath(problem.path)}|${problem.message}`, resource, this.positions.ofPath(resource, problem.path), problem.message);
      }
      for (const exception of exceptions) {
        const location = this.positions.ofPath(resource, exception.path);
        const id = location ? rawPosition(location) : `${formatRef(resource.ref)} ${formatPath(exception.path)}`;
        const key = `${resource.id}|${formatPath(exception.path)}`;
        let tracked = this.inline.get(key);
        if (!tracked) {
          const scope: Scope = exception.container !== undefined ? { type: 'container', container: exception.container } : { type: 'resource' };
          tracked = this.track(id, 'annotation', exception, scope, {
            ...(location ? { file: location.file, line: location.line } : {}),
            resource: resource.ref,
            ...(exception.container !== undefined ? { container: exception.container } : {}),
          });
          this.inline.set(key, tracked);
        }
        inline.push(tracked);
      }
    }
    if (resource.source) {
      inline.push(...this.commentsOf(resource.source.document, resource));
      // Kustomize drops comments: those of the user's files the resource was made from are read there.
      for (const candidate of resource.source.document.madeFrom ?? []) inline.push(...this.commentsOf(candidate.document, resource));
    }
    inline.sort((a, b) => scopeOrder[a.scope.type] - scopeOrder[b.scope.type]);
    return { resource, namespace, podMetadataPath, inline };
  }

  /** The exception that suppresses a finding, if any; every exception that matches it is counted as used. */
  suppress(target: ResourceExceptions, controlId: string, container: string | undefined, location: FindingLocation | undefined): Suppression | undefined {
    const byControl = this.rulesByControl.get(controlId);
    if (target.inline.length === 0 && !byControl && this.rulesForAll.length === 0) return undefined;
    let chosen: Tracked | undefined;
    const consider = (tracked: Tracked): void => {
      if (!tracked.all && !tracked.controls.has(controlId)) return;
      tracked.matches++;
      if (tracked.expired) return;
      tracked.usedControls.add(controlId);
      chosen ??= tracked;
    };
    for (const tracked of target.inline) {
      const { scope } = tracked;
      if (scope.type === 'line' ? onLine(scope, location) : scope.type === 'container' ? scope.container === container : true) consider(tracked);
    }
    if (byControl || this.rulesForAll.length > 0) {
      const subject: Subject = { target, container, file: location?.file };
      for (const rule of [...(byControl ?? []), ...this.rulesForAll]) {
        if ((rule.scope as Extract<Scope, { type: 'match' }>).test(subject)) consider(rule);
      }
    }
    if (!chosen) return undefined;
    return {
      by: chosen.by,
      reason: chosen.text.reason,
      ...(chosen.text.owner !== undefined ? { owner: chosen.text.owner } : {}),
      ...(chosen.text.expires !== undefined ? { expires: chosen.text.expires } : {}),
      exception: chosen.id,
    };
  }

  /**
   * Forgets what was read of one resource's annotations, for callers that judge objects one by one and
   * keep no audit trail (the admission webhook): the tracker then holds only the file rules.
   */
  release(resource: Resource): void {
    const prefix = `${resource.id}|`;
    for (const key of this.inline.keys()) if (key.startsWith(prefix)) this.inline.delete(key);
    for (const key of this.reported) if (key.startsWith(prefix)) this.reported.delete(key);
  }

  /** Errors in annotations and comments met since the last call (unknown controls, bad dates). */
  takeErrors(): ScanError[] {
    return this.newErrors.splice(0);
  }

  /** Every exception, by file and line, with its status. */
  entries(): ExceptionEntry[] {
    const all = [...this.rules, ...new Set([...this.inline.values(), ...[...this.documents.values()].flat()])];
    return all
      .map((tracked): ExceptionEntry => {
        const status = tracked.expired ? 'expired' : tracked.matches > 0 ? 'used' : 'unused';
        const unusedControls = status === 'used' && !tracked.all ? [...tracked.controls].filter((c) => !tracked.usedControls.has(c)) : [];
        return { ...tracked.entry, status, matches: tracked.matches, ...(unusedControls.length ? { unusedControls } : {}) };
      })
      .sort((a, b) => compareText(a.file ?? '\uffff', b.file ?? '\uffff') || (a.line ?? 0) - (b.line ?? 0) || compareText(a.id, b.id));
  }

  /** One warning per expired exception: it no longer suppresses anything. */
  warnings(): ScanWarning[] {
    return this.entries()
      .filter((e) => e.status === 'expired')
      .map((e) => ({
        kind: 'exception-expired' as const,
        message:
          `the ${e.by} exception for ${e.controls.join(', ')} expired on ${e.expires} and no longer suppresses anything` +
          (e.matches > 0 ? `: ${e.matches} finding${e.matches === 1 ? '' : 's'} it matched ${e.matches === 1 ? 'is' : 'are'} reported again` : '') +
          (e.owner ? ` (owner: ${e.owner})` : ''),
        ...(e.file !== undefined ? { file: e.file } : {}),
        ...(e.line !== undefined ? { line: e.line } : {}),
        exception: e.id,
      }));
  }

  private track(
    id: string,
    by: ExceptionBy,
    text: InlineExceptionText,
    scope: Scope,
    extra: Partial<Omit<ExceptionEntry, 'id' | 'by' | 'controls' | 'reason' | 'owner' | 'expires' | 'status' | 'matches'>>,
  ): Tracked {
    const all = text.controls.includes(ALL_CONTROLS);
    const entry: Tracked['entry'] = {
      id,
      by,
      controls: [...text.controls],
      reason: text.reason,
      ...(text.owner !== undefined ? { owner: text.owner } : {}),
      ...(text.expires !== undefined ? { expires: text.expires } : {}),
      ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)),
    };
    return { id, by, text, scope, all, controls: new Set(all ? [] : text.controls), expired: isExpired(text.expires, this.now), entry, matches: 0, usedControls: new Set() };
  }

  /** The ignore comments of a document, read once per document. */
  private commentsOf(document: SourceDocument, resource: Resource): Tracked[] {
    const markers = this.markersIn(document);
    if (markers.length === 0) return [];
    const key = `${document.file}\u0000${document.start}`;
    let tracked = this.documents.get(key);
    if (!tracked) {
      const { exceptions, problems } = readCommentExceptions(document, markers, this.names);
      for (const problem of problems) {
        this.reportError(`${key}|${problem.line}`, resource, this.positions.ofLine(document, problem.line), problem.message);
      }
      tracked = exceptions.map((exception) => {
        const location = this.positions.ofLine(document, exception.line);
        const scope: Scope = exception.scope.type === 'resource' ? { type: 'resource' } : { type: 'line', file: document.file, line: exception.scope.line };
        return this.track(`${document.file}:${exception.line}`, 'comment', exception, scope, {
          file: location.file,
          line: location.line,
          scope: exception.scope.type,
        });
      });
      this.documents.set(key, tracked);
    }
    return tracked;
  }

  /** Offsets of `kubeharden:` in the document, found once per file text. */
  private markersIn(document: SourceDocument): number[] {
    if (document.text !== this.markerText) {
      this.markerText = document.text;
      this.markerOffsets = [];
      for (let i = document.text.indexOf(COMMENT_MARKER); i !== -1; i = document.text.indexOf(COMMENT_MARKER, i + 1)) this.markerOffsets.push(i);
    }
    const offsets = this.markerOffsets;
    if (offsets.length === 0) return [];
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((offsets[middle] as number) < document.start) low = middle + 1;
      else high = middle;
    }
    const found: number[] = [];
    for (let i = low; i < offsets.length && (offsets[i] as number) < document.end; i++) found.push(offsets[i] as number);
    return found;
  }

  private reportError(key: string, resource: Resource, location: FindingLocation | undefined, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.newErrors.push({
      kind: 'input',
      ...(location ? { file: location.file, line: location.line, column: location.column } : {}),
      resource: resource.ref,
      message,
    });
  }
}

/** `file:line` in the scanned text (for Helm output: the rendered stream), unique in a scan. */
function rawPosition(location: FindingLocation): string {
  return location.rendered ? `${location.rendered.file}:${location.rendered.line}` : `${location.file}:${location.line}`;
}

function compileMatch(match: ExceptionMatch): (subject: Subject) => boolean {
  const tests: ((subject: Subject) => boolean)[] = [];
  if (match.kind) {
    const test = globMatcher(match.kind, { ignoreCase: true });
    tests.push((s) => test(s.target.resource.ref.kind));
  }
  if (match.namespace) {
    const test = globMatcher(match.namespace);
    tests.push((s) => s.target.namespace !== undefined && test(s.target.namespace));
  }
  if (match.name) {
    const test = globMatcher(match.name);
    tests.push((s) => test(s.target.resource.ref.name));
  }
  if (match.container) {
    const test = globMatcher(match.container);
    tests.push((s) => s.container !== undefined && test(s.container));
  }
  if (match.file) {
    const test = globMatcher(match.file.map(normalizeFile), { path: true });
    tests.push((s) => s.file !== undefined && test(normalizeFile(s.file)));
  }
  for (const [label, values] of Object.entries(match.labels ?? {})) {
    const test = globMatcher(values);
    tests.push((s) => {
      const { resource, podMetadataPath } = s.target;
      const own = asString(asRecord(asRecord(resource.object['metadata'])?.['labels'])?.[label]);
      if (own !== undefined && test(own)) return true;
      const template = podMetadataPath ? asString(asRecord(asRecord(getAtPath(resource.object, podMetadataPath))?.['labels'])?.[label]) : undefined;
      return template !== undefined && test(template);
    });
  }
  return (subject) => tests.every((test) => test(subject));
}

function normalizeFile(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
