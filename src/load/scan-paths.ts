import type { ScanError, ScanReport } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { scan, type ScanOptions } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import { loadFiles, type LoadOptions } from './files.js';

export interface PathScan {
  readonly report: ScanReport;
  readonly files: number;
  readonly resources: number;
}

export type ScanPhase = 'load' | 'parse' | 'scan';

/**
 * Loads, parses and scans files and folders: the whole pipeline behind `kubeharden scan PATH`.
 * The resources (the bulk of the memory) are not returned, so they can be freed before the report is
 * rendered. `onPhase` is called as each phase ends (the benchmark times them).
 */
export async function scanPaths(
  paths: readonly string[],
  options: Omit<ScanOptions, 'loadErrors'>,
  onPhase: (phase: ScanPhase) => void = () => {},
  loadOptions: LoadOptions = {},
): Promise<PathScan> {
  const loaded = await loadFiles(paths, loadOptions);
  onPhase('load');
  const errors: ScanError[] = [...loaded.errors];
  const resources: Resource[] = [];
  for (const file of loaded.files) {
    const parsed = parseManifests(file);
    for (const resource of parsed.resources) resources.push(resource);
    for (const error of parsed.errors) errors.push(error);
  }
  onPhase('parse');
  if (resources.length === 0 && errors.length === 0) {
    errors.push({ kind: 'input', message: `no Kubernetes resources found in ${paths.join(', ')}` });
  }
  const report = scan(resources, { ...options, loadErrors: errors });
  onPhase('scan');
  return { report, files: loaded.files.length, resources: resources.length };
}
