import type { ControlFix, PatchOp, TextEdit } from '../core/fix.js';
import { formatPath, type Path } from '../core/path.js';
import type { Finding, FindingFix } from '../core/report.js';
import type { Resource, SourceDocument } from '../core/resource.js';
import { loadYaml } from '../parse/manifests.js';
import { positionAt } from '../parse/document.js';
import { applyOps, jsonPatch, type JsonPatchOp } from './ops.js';
import { documentEdits, FixError } from './yaml-edits.js';

/** A finding with the fix its control proposes, on the resource it belongs to. */
export interface FixCandidate {
  readonly finding: Finding;
  readonly resource: Resource;
  readonly fix: ControlFix;
}

/** Why a resource's file is never edited, or undefined when it may be. */
export function notEditable(resource: Resource): string | undefined {
  if (resource.origin.type === 'cluster') return 'a cluster object: apply the patch with kubectl, or fix the manifest it came from';
  if (resource.origin.type !== 'file' || !resource.source) return 'the object is not in a file';
  const document = resource.source.document;
  if (document.renderedFrom) return `rendered by Helm from ${document.renderedFrom}: change the chart or its values, or patch the output`;
  if (document.file === '<stdin>') return 'read from standard input';
  if (document.file.endsWith(' (kustomize)')) return 'rendered by Kustomize: add the patch to the kustomization';
  if (document.positions) return 'not a YAML or JSON manifest';
  return undefined;
}

export function isJsonDocument(document: SourceDocument): boolean {
  if (/\.json$/i.test(document.file)) return true;
  const first = /\S/.exec(document.text);
  return first !== null && (first[0] === '{' || first[0] === '[') && document.start === 0 && document.end === document.text.length;
}

function prefixed(ops: readonly PatchOp[], itemPath: Path): PatchOp[] {
  if (itemPath.length === 0) return [...ops];
  return ops.map((op) => ({ ...op, path: [...itemPath, ...op.path] }));
}

/** The document's value as the scanner reads it (YAML 1.1 booleans, merge keys). */
function documentValue(document: SourceDocument): unknown {
  if (lastValue?.document === document) return lastValue.value;
  const chunk = document.text.slice(document.start, document.end);
  const value = isJsonDocument(document) ? (JSON.parse(chunk) as unknown) : loadYaml(chunk, document.file);
  lastValue = { document, value };
  return value;
}

/** The last document read: the fixes of its findings come one after another. applyOps never changes it. */
let lastValue: { document: SourceDocument; value: unknown } | undefined;

/** Text edits that apply the ops of the given fixes to one document (all resources in it together). */
export function editsForDocument(document: SourceDocument, fixes: readonly { resource: Resource; ops: readonly PatchOp[] }[]): TextEdit[] {
  const original = documentValue(document);
  const ops = fixes.flatMap((f) => prefixed(f.ops, f.resource.source?.itemPath ?? []));
  const desired = applyOps(original, ops);
  return documentEdits(document.text, document.start, document.end, original, desired, isJsonDocument(document));
}

/** The ops as an RFC 6902 patch on the resource (kubectl patch --type=json, Kustomize). */
export function resourcePatch(resource: Resource, ops: readonly PatchOp[]): JsonPatchOp[] {
  return jsonPatch(resource.object, applyOps(resource.object, ops));
}

export function describeOps(ops: readonly PatchOp[]): string {
  return ops
    .map((op) => {
      const path = formatPath(op.path.map((s) => (s === '-' ? '[]' : s)));
      if (op.op === 'remove') return `remove ${path}`;
      if (op.path[op.path.length - 1] === '-') return `add ${JSON.stringify(op.value)} to ${formatPath(op.path.slice(0, -1))}`;
      return `set ${path} to ${JSON.stringify(op.value)}`;
    })
    .join('; ');
}

/**
 * The fix of one finding as reports carry it (SARIF `fixes`): its own edits of the file, and the same
 * change as a JSON patch. Helm-rendered and cluster objects get the patch only; unsafe fixes are
 * suggestions with their reason.
 */
export function findingFix(resource: Resource, fix: ControlFix): FindingFix | undefined {
  if (fix.ops.length === 0) return undefined;
  const description = describeOps(fix.ops);
  const patch = resourcePatch(resource, fix.ops);
  const blocked = fix.unsafe ?? notEditable(resource);
  if (blocked !== undefined || !resource.source) return { description, replacements: [], patch, suggestion: blocked ?? 'the object is not in a file' };
  const document = resource.source.document;
  let edits: TextEdit[];
  try {
    edits = editsForDocument(document, [{ resource, ops: fix.ops }]);
  } catch (error) {
    if (error instanceof FixError) return { description, replacements: [], patch, suggestion: error.message };
    throw error;
  }
  return {
    description,
    patch,
    replacements: edits.map((edit) => {
      const start = positionAt(document.text, edit.range[0]);
      const end = positionAt(document.text, edit.range[1]);
      return { file: document.file, startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, text: edit.text };
    }),
  };
}
