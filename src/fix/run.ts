import type { ControlDefinition } from '../core/control.js';
import type { PatchOp, TextEdit } from '../core/fix.js';
import { findingFingerprint } from '../core/fingerprint.js';
import type { Finding, ScanError, ScanReport } from '../core/report.js';
import type { Resource, SourceDocument } from '../core/resource.js';
import { scan, type ScanOptions } from '../engine/scan.js';
import type { ScanSettings } from '../engine/settings.js';
import type { SourceFile } from '../parse/manifests.js';
import { parseSourceFile } from '../parse/source-file.js';
import { applyEdits } from './apply.js';
import { fixGuardContext, guardFix } from './guards.js';
import type { JsonPatchOp } from './ops.js';
import { describeOps, editsForDocument, notEditable, resourcePatch, type FixCandidate } from './plan.js';
import { FixError } from './yaml-edits.js';

export interface FixRunOptions {
  /** Every control (the index they read is built from the selected ones). */
  readonly controls: readonly ControlDefinition[];
  /** The IDs of the controls whose fixes are applied. */
  readonly only: ReadonlySet<string>;
  readonly settings: ScanSettings;
  /** Passes of scan, edit and re-scan before giving up on edits that keep overlapping; default 10. */
  readonly maxPasses?: number;
  /** Exceptions (files, configuration, inline): a suppressed finding is not fixed. Default: inline ones. */
  readonly exceptions?: ScanOptions['exceptions'];
  readonly now?: Date;
}

/** A fix that is shown, not applied: it could break the workload, or the file must not be edited. */
export interface FixSuggestion {
  readonly finding: Finding;
  readonly resource: Resource['ref'];
  readonly reason: string;
  readonly description: string;
  readonly patch: readonly JsonPatchOp[];
  /**
   * The patch of every suggestion for the same object together, made from all their ops at once: patches made
   * one by one each `add` a whole missing map (`/spec/securityContext`), so applied in a row each would replace
   * the one before.
   */
  readonly resourcePatch: readonly JsonPatchOp[];
  /** True when the object came from rendered output (Helm, Kustomize) or a cluster: the patch is the fix. */
  readonly rendered: boolean;
  /**
   * Where the finding is in the files as they were read (`finding.location` is in the files as fixed), or
   * undefined when only the fixes made it appear.
   */
  readonly inputLocation?: Finding['location'];
}

export interface FixedFile {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

export interface FixResult {
  /** Files whose text changed, with the text before and after (a byte order mark is kept). */
  readonly files: readonly FixedFile[];
  /** Findings of the first scan that the fixes made go away. */
  readonly fixed: readonly Finding[];
  readonly suggestions: readonly FixSuggestion[];
  /** The scan of the fixed texts. */
  readonly report: ScanReport;
  readonly errors: readonly ScanError[];
  readonly passes: number;
}

const BOM = '\ufeff';

/**
 * Fixes the texts of manifest files: scan with the selected controls, turn the fixes of the findings into
 * text edits per document, apply them (ESLint style: overlapping edits wait for the next pass), re-scan,
 * until nothing changes. Pure: the caller reads and writes the files.
 */
export function fixFiles(files: readonly SourceFile[], options: FixRunOptions): FixResult {
  const texts = new Map(files.map((f) => [f.path, f.text.startsWith(BOM) ? f.text.slice(1) : f.text]));
  const maxPasses = options.maxPasses ?? 10;
  let first: readonly FixCandidate[] | undefined;
  let passes = 0;
  const internal: ScanError[] = [];
  for (;;) {
    const { candidates, report, errors } = scanTexts(texts, files, options);
    first ??= candidates;
    const edits = new Map<string, TextEdit[]>();
    for (const [document, fixes] of editableDocuments(candidates)) {
      try {
        const documentEditsList = editsForDocument(document, fixes);
        if (documentEditsList.length > 0) edits.set(document.file, [...(edits.get(document.file) ?? []), ...documentEditsList]);
      } catch (error) {
        // A document the engine cannot edit keeps its findings: they are listed as suggestions with the patch.
        if (!(error instanceof FixError)) {
          internal.push({ kind: 'internal', file: document.file, message: `cannot fix ${document.file}: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    }
    if (edits.size === 0 || passes >= maxPasses) return result(files, texts, first, candidates, report, [...errors, ...dedupe(internal)], passes);
    passes++;
    for (const [file, list] of edits) texts.set(file, applyEdits(texts.get(file) as string, list).text);
  }
}

function dedupe(errors: readonly ScanError[]): ScanError[] {
  return [...new Map(errors.map((e) => [`${e.file}\0${e.message}`, e])).values()];
}

function scanTexts(
  texts: ReadonlyMap<string, string>,
  files: readonly SourceFile[],
  options: FixRunOptions,
): { candidates: FixCandidate[]; report: ScanReport; errors: ScanError[] } {
  const resources: Resource[] = [];
  const errors: ScanError[] = [];
  // Rendered output is never edited: what was found of its sources (Kustomize bases, chart templates) still holds.
  const rendered = new Map(files.filter((f) => f.madeFrom || f.templates).map((f) => [f.path, f]));
  for (const [path, text] of texts) {
    const source = rendered.get(path);
    const parsed = parseSourceFile(source && source.text === text ? source : { path, text });
    resources.push(...parsed.resources);
    errors.push(...parsed.errors);
  }
  const candidates: FixCandidate[] = [];
  const report = scan(resources, {
    controls: options.controls,
    settings: options.settings,
    only: options.only,
    failOn: 'none',
    ...(options.exceptions ? { exceptions: options.exceptions } : {}),
    ...(options.now ? { now: options.now } : {}),
    onFix: (finding, resource, fix) => {
      if (finding.status !== 'suppressed' && fix.ops.length > 0) candidates.push({ finding, resource, fix });
      return undefined;
    },
  });
  errors.push(...report.errors.filter((e) => e.kind === 'internal'));
  const guards = fixGuardContext(resources, report);
  return { candidates: candidates.map((candidate) => guardFix(candidate, guards)), report, errors };
}

/** The safe fixes of editable files, by document. */
function editableDocuments(candidates: readonly FixCandidate[]): Map<SourceDocument, { resource: Resource; ops: readonly PatchOp[] }[]> {
  const byDocument = new Map<SourceDocument, { resource: Resource; ops: readonly PatchOp[] }[]>();
  for (const candidate of candidates) {
    if (candidate.fix.unsafe !== undefined || notEditable(candidate.resource) !== undefined || !candidate.resource.source) continue;
    const document = candidate.resource.source.document;
    let list = byDocument.get(document);
    if (!list) byDocument.set(document, (list = []));
    list.push({ resource: candidate.resource, ops: candidate.fix.ops });
  }
  return byDocument;
}

function result(
  files: readonly SourceFile[],
  texts: ReadonlyMap<string, string>,
  first: readonly FixCandidate[],
  last: readonly FixCandidate[],
  report: ScanReport,
  errors: ScanError[],
  passes: number,
): FixResult {
  const changed: FixedFile[] = [];
  for (const file of files) {
    const bom = file.text.startsWith(BOM) ? BOM : '';
    const after = bom + (texts.get(file.path) as string);
    if (after !== file.text) changed.push({ path: file.path, before: file.text, after });
  }
  const remaining = new Set(report.findings.map(findingFingerprint));
  const fixed = first.map((c) => c.finding).filter((f) => !remaining.has(findingFingerprint(f)));
  const opsByResource = new Map<Resource, PatchOp[]>();
  for (const candidate of last) opsByResource.set(candidate.resource, [...(opsByResource.get(candidate.resource) ?? []), ...candidate.fix.ops]);
  const together = new Map([...opsByResource].map(([resource, ops]) => [resource, resourcePatch(resource, ops)]));
  const asRead = new Map(first.map((c) => [findingFingerprint(c.finding), c.finding.location]));
  const suggestions = last.map((candidate): FixSuggestion => {
    const blocked = notEditable(candidate.resource);
    const inputLocation = asRead.get(findingFingerprint(candidate.finding));
    return {
      finding: candidate.finding,
      resource: candidate.resource.ref,
      reason: candidate.fix.unsafe ?? blocked ?? 'the edit could not be made in this file (see the patch)',
      description: describeOps(candidate.fix.ops),
      patch: resourcePatch(candidate.resource, candidate.fix.ops),
      resourcePatch: together.get(candidate.resource) ?? [],
      rendered: candidate.fix.unsafe === undefined && blocked !== undefined,
      ...(inputLocation ? { inputLocation } : {}),
    };
  });
  return { files: changed, fixed, suggestions, report, errors, passes };
}
