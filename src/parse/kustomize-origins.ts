// Kustomize writes where each rendered resource came from when a kustomization asks for
// `buildMetadata: [originAnnotations, transformerAnnotations]`: the file it was read from, and the
// kustomizations whose transformers (patches among them) changed it. These functions read that output,
// and the user's own files it names, so that findings can point at the base or patch that holds a field
// rather than at the rendered stream, which is no file a user can open or an annotation can attach to.

import type { Path } from '../core/path.js';
import type { SourceCandidate, SourceDocument } from '../core/resource.js';
import { asArray, asRecord, asString } from '../core/values.js';
import type { Locator } from './locate.js';
import { loadYaml, renderedKey } from './manifests.js';
import { splitDocuments } from './split.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/** The transformers that write fields from a patch file of the kustomization that configured them. */
const patchTransformers = new Set(['PatchTransformer', 'PatchStrategicMergeTransformer']);

/** What the annotated rendering says of one resource; paths are as Kustomize wrote them (relative to the rendered folder). */
export interface RenderedOrigin {
  readonly key: string;
  readonly name: string;
  readonly kind: string;
  /** The file the resource was read from; absent for generated resources and remote bases. */
  readonly file?: string;
  /** Kustomization files whose patches changed the resource, in the order they were applied. */
  readonly patchedIn: readonly string[];
}

/** Reads the origin and transformer annotations of an annotated `kustomize build` output. */
export function readOriginAnnotations(text: string): RenderedOrigin[] {
  const origins: RenderedOrigin[] = [];
  for (const slice of splitDocuments(text)) {
    let value: unknown;
    try {
      value = loadYaml(text.slice(slice.start, slice.end), 'kustomize');
    } catch {
      continue; // the plain rendering reports what is broken
    }
    const key = renderedKey(value);
    if (!key) continue;
    const object = asRecord(value);
    const metadata = asRecord(object?.['metadata']);
    const annotations = asRecord(metadata?.['annotations']);
    const origin = asRecord(parseAnnotation(annotations?.[ORIGIN_ANNOTATION]));
    const file = origin && origin['repo'] === undefined && origin['configuredIn'] === undefined ? asString(origin['path']) : undefined;
    const patchedIn: string[] = [];
    for (const step of asArray(parseAnnotation(annotations?.[TRANSFORMATIONS_ANNOTATION]))) {
      const entry = asRecord(step);
      const by = asString(asRecord(entry?.['configuredBy'])?.['kind']);
      const where = asString(entry?.['configuredIn']);
      if (by && where && patchTransformers.has(by) && !patchedIn.includes(where)) patchedIn.push(where);
    }
    origins.push({
      key,
      name: asString(metadata?.['name']) ?? '',
      kind: asString(object?.['kind']) ?? '',
      ...(file ? { file } : {}),
      patchedIn,
    });
  }
  return origins;
}

function parseAnnotation(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return loadYaml(value, 'annotation');
  } catch {
    return undefined;
  }
}

/** A patch file a kustomization names: `patches[].path` and file entries of `patchesStrategicMerge`. */
export interface PatchFile {
  readonly path: string;
  /** The patch is applied to what a `target` selects, whatever name its own document gives. */
  readonly targeted: boolean;
}

/** The strategic-merge patch files of a kustomization (JSON 6902 patches and inline patches hold no document to point at). */
export function kustomizationPatchFiles(text: string): PatchFile[] {
  let value: unknown;
  try {
    value = loadYaml(text, 'kustomization');
  } catch {
    return [];
  }
  const kustomization = asRecord(value);
  const files: PatchFile[] = [];
  for (const entry of asArray(kustomization?.['patches'])) {
    const patch = asRecord(entry);
    const path = asString(patch?.['path']);
    if (path && !/[\n]/.test(path)) files.push({ path, targeted: patch?.['target'] !== undefined });
  }
  for (const entry of asArray(kustomization?.['patchesStrategicMerge'])) {
    const path = asString(entry);
    // An entry is either a file name or an inline patch (a YAML document in the string).
    if (path && !/[\n:]/.test(path)) files.push({ path, targeted: false });
  }
  return files;
}

/** One document of a user's file, parsed once however many rendered resources are matched against it. */
export interface ParsedSourceDocument {
  readonly document: SourceDocument;
  readonly value: unknown;
  readonly kind: string | undefined;
  readonly name: string | undefined;
}

/** The documents of one of the user's files (those that do not parse are left out: the rendering would have failed on them). */
export function parseSourceDocuments(file: string, withBom: string): ParsedSourceDocument[] {
  // As the scan reads files: a byte order mark is not part of the first line.
  const text = withBom.charCodeAt(0) === 0xfeff ? withBom.slice(1) : withBom;
  const documents: ParsedSourceDocument[] = [];
  for (const slice of splitDocuments(text)) {
    let value: unknown;
    try {
      value = loadYaml(text.slice(slice.start, slice.end), file);
    } catch {
      continue;
    }
    const object = asRecord(value);
    if (!object) continue;
    documents.push({
      document: { file, text, start: slice.start, end: slice.end, startLine: slice.startLine },
      value,
      kind: asString(object['kind']),
      name: asString(asRecord(object['metadata'])?.['name']),
    });
  }
  return documents;
}

/**
 * The documents of one of the user's files that a rendered resource may have been made from: those of
 * its kind whose name is the rendered name, or part of it (a `namePrefix` or `nameSuffix` was added).
 * The longest such name wins; a patch applied through a `target` matches by kind alone.
 */
export function candidatesIn(
  documents: readonly ParsedSourceDocument[],
  rendered: { readonly kind: string; readonly name: string },
  role: { readonly patch: boolean; readonly targeted: boolean },
): SourceCandidate[] {
  const matches: { candidate: SourceCandidate; score: number }[] = [];
  for (const { document, value, kind, name } of documents) {
    if (kind !== rendered.kind && !(role.targeted && kind === undefined)) continue;
    const score = name === rendered.name ? Infinity : name && rendered.name.includes(name) ? name.length : role.targeted ? 0 : -1;
    if (score < 0) continue;
    matches.push({ candidate: { document, value, patch: role.patch }, score });
  }
  if (matches.length === 0) return [];
  if (role.targeted) return matches.map((m) => m.candidate);
  const best = Math.max(...matches.map((m) => m.score));
  const top = matches.filter((m) => m.score === best);
  // Two documents of one kind that fit equally well: which one the resource came from cannot be told.
  return top.length === 1 && top[0] ? [top[0].candidate] : [];
}

/**
 * The path of a rendered field in a document it was made from, and whether that document holds it.
 * Strategic merge matches list items by `name` (containers, volumes, env...): the item of a rendered list
 * is found by its name in the source list, by its index only when it has none.
 */
export function pathIn(rendered: unknown, source: unknown, path: Path): { path: Path; complete: boolean; node?: unknown; renderedNode?: unknown } {
  const translated: (string | number)[] = [];
  let renderedNode = rendered;
  let sourceNode = source;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(renderedNode) || !Array.isArray(sourceNode)) return { path: translated, complete: false };
      const renderedList: readonly unknown[] = renderedNode;
      const sourceList: readonly unknown[] = sourceNode;
      const item = renderedList[segment];
      const name = asString(asRecord(item)?.['name']);
      const index = name !== undefined ? sourceList.findIndex((candidate) => asString(asRecord(candidate)?.['name']) === name) : segment < sourceList.length ? segment : -1;
      if (index < 0) return { path: translated, complete: false };
      translated.push(index);
      renderedNode = item;
      sourceNode = sourceList[index];
    } else {
      const sourceMap = asRecord(sourceNode);
      if (!sourceMap || !Object.prototype.hasOwnProperty.call(sourceMap, segment)) return { path: translated, complete: false };
      translated.push(segment);
      renderedNode = asRecord(renderedNode)?.[segment];
      sourceNode = sourceMap[segment];
    }
  }
  return { path: translated, complete: true, node: sourceNode, renderedNode };
}

/** Where a rendered field sits in the user's files: in the first document that holds it, else at its nearest parent. */
export function locateInSources(
  candidates: readonly SourceCandidate[],
  rendered: unknown,
  path: Path,
  locator: Locator,
): { readonly file: string; readonly line: number; readonly column: number; readonly exact: boolean } | undefined {
  const found = candidates.map((candidate) => ({ candidate, ...pathIn(rendered, candidate.value, path) }));
  const holders = found.filter((f) => f.complete && (!f.candidate.patch || setByPatch(path, f.node)));
  // A value that differs from the rendered one was replaced later (a JSON patch, an `images` entry):
  // a document that holds the very value is where it came from, if there is one.
  const holder = holders.find((f) => sameScalar(f.node, f.renderedNode)) ?? holders[0];
  if (holder) {
    const at = locator.locate(holder.candidate.document, holder.path);
    return { file: holder.candidate.document.file, line: at.line, column: at.column, exact: at.exact };
  }
  // The resource's own document (last) wins a tie: that is where a missing field is added.
  let nearest: (typeof found)[number] | undefined;
  for (const f of found) if (!nearest || f.path.length >= nearest.path.length) nearest = f;
  if (!nearest) return undefined;
  const at = locator.locate(nearest.candidate.document, nearest.path);
  return { file: nearest.candidate.document.file, line: at.line, column: at.column, exact: false };
}

/** Equal scalars, or any two collections (whose parts are compared where findings point into them). */
function sameScalar(a: unknown, b: unknown): boolean {
  const collection = (v: unknown): boolean => v !== null && typeof v === 'object';
  return collection(a) && collection(b) ? true : a === b;
}

/** The fields a patch repeats to say what it patches: they are the resource's own, not the patch's doing. */
const identityPaths = new Set(['', 'apiVersion', 'kind', 'metadata', 'metadata.name', 'metadata.namespace']);

/**
 * Whether a patch sets what the path names: a value or a list (a list without merge key replaces the
 * rendered one), not a map it only descends through on the way to the fields it changes.
 */
function setByPatch(path: Path, node: unknown): boolean {
  if (identityPaths.has(path.join('.'))) return false;
  return node === null || typeof node !== 'object' || Array.isArray(node);
}
