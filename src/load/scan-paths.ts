import type { ScanReport } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { Scanner, scanIndexPlan, type ScanOptions } from '../engine/scan.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { recognizedFileResources } from '../node/resources.js';
import type { DocumentSelector, ParseResult, ReusedDocuments, SourceFile } from '../parse/manifests.js';
import { parseSourceFile } from '../parse/source-file.js';
import { loadFiles, type LoadOptions } from './files.js';

export interface PathScan {
  readonly report: ScanReport;
  readonly files: number;
  readonly resources: number;
  /**
   * The texts that were scanned, by the path findings give (including `<stdin>` and rendered Kustomize
   * output), so that reports can quote the lines of a finding without reading anything again.
   */
  readonly sources: ReadonlyMap<string, string>;
}

export type ScanPhase = 'load' | 'index' | 'scan';

/**
 * Loads, parses and scans files and folders: the whole pipeline behind `kubeharden scan PATH`.
 * Two passes over the loaded texts: the first parses only the documents whose kind a control looks up
 * (read from the text, so the others are skipped unparsed) and builds the index; the second parses each
 * document, judges it and lets it go. Memory holds the texts, the index and the report, never the
 * whole parsed input. `onPhase` is called as each phase ends (the benchmark times them).
 */
export async function scanPaths(
  paths: readonly string[],
  options: Omit<ScanOptions, 'loadErrors'>,
  onPhase: (phase: ScanPhase) => void = () => {},
  loadOptions: LoadOptions = {},
): Promise<PathScan> {
  const loaded = await loadFiles(paths, loadOptions);
  onPhase('load');
  const { kinds, filters, textFilters } = scanIndexPlan(options);
  const textPatterns = textPatternsByKindName(textFilters, kinds);
  const kindNames = new Set([...kinds].map(kindName));
  const wanted = (kind: string | undefined, text: string): boolean => {
    if (kind === undefined || kind.endsWith('List')) return true;
    if (!kindNames.has(kind)) return false;
    const patterns = textPatterns.get(kind);
    return !patterns || patterns.some((pattern) => pattern.test(text));
  };
  const indexed: Resource[] = [];
  // Documents the first pass parsed are not parsed again: the second pass takes their resources from here.
  // Those whose every resource the index keeps cost nothing more; the others (a List that holds a few
  // RBAC objects among thousands of pods: a cluster dump) are kept within a budget of document text.
  const reused = new Map<SourceFile, Map<number, Resource[]>>();
  let keptText = 0;
  for (const file of loaded.files) {
    const parsed = parseFile(file, wanted);
    const byDocument = new Map<number, Resource[]>();
    const partial = new Set<number>();
    for (const resource of parsed.resources) {
      const documentIndex = resource.origin.type === 'file' ? resource.origin.documentIndex : -1;
      const kind = kindKey(resource.ref.apiVersion, resource.ref.kind);
      let list = byDocument.get(documentIndex);
      if (!list) byDocument.set(documentIndex, (list = []));
      list.push(resource);
      if (kinds.has(kind) && (filters.get(kind)?.(resource) ?? true)) indexed.push(resource);
      else partial.add(documentIndex);
    }
    for (const documentIndex of partial) {
      const document = byDocument.get(documentIndex)?.[0]?.source?.document;
      const size = document ? document.end - document.start : Infinity;
      if (keptText + size <= REUSED_PARTIAL_TEXT_BUDGET) keptText += size;
      else byDocument.delete(documentIndex);
    }
    byDocument.delete(-1);
    if (parsed.errors.length === 0 && byDocument.size > 0) reused.set(file, byDocument);
  }
  const scanner = new Scanner(indexed, { ...options, loadErrors: loaded.errors });
  onPhase('index');
  let resources = 0;
  let parseErrors = 0;
  for (const file of loaded.files) {
    const parsed = parseFile(file, undefined, reused.get(file));
    reused.delete(file);
    for (const resource of parsed.resources) scanner.add(resource);
    for (const error of parsed.errors) scanner.addError(error);
    resources += parsed.resources.length;
    parseErrors += parsed.errors.length;
  }
  if (resources === 0 && loaded.errors.length === 0 && parseErrors === 0) {
    scanner.addError({ kind: 'input', message: `no Kubernetes resources found in ${paths.join(', ')}` });
  }
  const report = scanner.finish();
  onPhase('scan');
  return { report, files: loaded.files.length, resources, sources: sourceTexts(loaded.files) };
}

/** The texts by the path findings give: the files read, the chart templates found, and the user's files Kustomize output was made from. */
function sourceTexts(files: readonly SourceFile[]): Map<string, string> {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  for (const file of files) {
    for (const template of file.templates?.values() ?? []) if (!texts.has(template.path)) texts.set(template.path, template.text);
    for (const candidates of file.madeFrom?.values() ?? []) {
      for (const { document } of candidates) if (!texts.has(document.file)) texts.set(document.file, document.text);
    }
  }
  return texts;
}

/**
 * A file's resources: the node's flag files and k3s/RKE2 config (`10-kubeadm.conf`, `kubeadm-flags.env`),
 * recognised by name and content, become the objects made from them; everything else is manifests.
 */
function parseFile(file: SourceFile, select?: DocumentSelector, reused?: ReusedDocuments): ParseResult {
  return recognizedFileResources(file.path, file.text) ?? parseSourceFile(file, select, reused);
}

/**
 * Characters of partly indexed documents kept parsed between the passes (their parsed objects take
 * several times the text): enough for the cluster dumps a CI job scans, bounded for inputs of many.
 */
const REUSED_PARTIAL_TEXT_BUDGET = 16 * 1024 * 1024;

function kindName(kind: string): string {
  return kind.slice(kind.indexOf('/') + 1);
}

/**
 * The text patterns by bare kind name, as the index pass reads kinds from the text (`kind: Pod`); a name
 * that some group's kind needs whole (not only the documents a pattern matches) gets none.
 */
function textPatternsByKindName(patterns: ReadonlyMap<string, readonly RegExp[]>, kinds: ReadonlySet<string>): Map<string, readonly RegExp[]> {
  const byName = new Map<string, RegExp[]>();
  for (const [kind, list] of patterns) byName.set(kindName(kind), [...(byName.get(kindName(kind)) ?? []), ...list]);
  for (const kind of kinds) if (!patterns.has(kind)) byName.delete(kindName(kind));
  return byName;
}
