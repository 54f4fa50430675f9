import type { ScanReport } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { indexedKinds, Scanner, selectedControls, type ScanOptions } from '../engine/scan.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { recognizedFileResources } from '../node/resources.js';
import type { ParseResult, SourceFile } from '../parse/manifests.js';
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
  const kinds = indexedKinds(selectedControls(options));
  const kindNames = new Set([...kinds].map((k) => k.slice(k.indexOf('/') + 1)));
  const wanted = (kind: string | undefined): boolean => kind === undefined || kind.endsWith('List') || kindNames.has(kind);
  const indexed: Resource[] = [];
  for (const file of loaded.files) {
    for (const resource of parseFile(file, wanted).resources) {
      if (kinds.has(kindKey(resource.ref.apiVersion, resource.ref.kind))) indexed.push(resource);
    }
  }
  const scanner = new Scanner(indexed, { ...options, loadErrors: loaded.errors });
  onPhase('index');
  let resources = 0;
  let parseErrors = 0;
  for (const file of loaded.files) {
    const parsed = parseFile(file);
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
  return { report, files: loaded.files.length, resources, sources: new Map(loaded.files.map((f) => [f.path, f.text])) };
}

/**
 * A file's resources: the node's flag files and k3s/RKE2 config (`10-kubeadm.conf`, `kubeadm-flags.env`),
 * recognised by name and content, become the objects made from them; everything else is manifests.
 */
function parseFile(file: SourceFile, select?: (kind: string | undefined) => boolean): ParseResult {
  return recognizedFileResources(file.path, file.text) ?? parseSourceFile(file, select);
}
