import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControlDefinition } from '../core/control.js';
import type { ScanReport } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import type { ScanSettings } from '../engine/settings.js';
import { parseManifests } from '../parse/manifests.js';
import { conformanceDir } from './shared-fixtures.js';

/** One row of a peer project's INDEX.tsv, by column name. */
export type PeerCase = Readonly<Record<string, string>>;

export interface PeerProject {
  readonly root: string;
  readonly cases: readonly PeerCase[];
}

/** The INDEX.tsv rows of a peer project under the shared conformance folder, or undefined when absent. */
export function readPeerProject(name: string): PeerProject | undefined {
  const root = conformanceDir(name);
  if (!root) return undefined;
  const [header, ...lines] = readFileSync(join(root, 'INDEX.tsv'), 'utf8').split('\n');
  const columns = (header ?? '').split('\t');
  const cases = lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cells = line.split('\t');
      return Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? '']));
    });
  return { root, cases };
}

/** Scans fixture files (paths relative to the project root) with one control, as one input. */
export function scanPeerFiles(
  project: PeerProject,
  files: readonly string[],
  control: ControlDefinition,
  settings: Partial<ScanSettings> = {},
): ScanReport {
  const resources: Resource[] = [];
  for (const file of files) {
    const parsed = parseManifests({ path: file, text: readFileSync(join(project.root, file), 'utf8') });
    assert.deepEqual(parsed.errors, [], `${file} must parse`);
    resources.push(...parsed.resources);
  }
  return scan(resources, {
    controls: [control],
    settings: { ...defaultSettings, ...settings },
    only: new Set([control.meta.id]),
    failOn: 'low',
  });
}

/**
 * Kubescape writes map keys in brackets (`data[pwd]`) where kubeharden writes them dotted (`data.pwd`)
 * unless they need quoting; this rewrites Kubescape's form into ours.
 */
export function kubescapePath(path: string): string {
  return path.replace(/\[([A-Za-z_][A-Za-z0-9_-]*)\]/g, '.$1').replace(/\[([^\]"0-9][^\]]*)\]/g, (_, key: string) => `[${JSON.stringify(key)}]`);
}

/** Kubescape's expected alerts of a case: the flagged object (kind/name) and its failed paths. */
export function kubescapeAlerts(project: PeerProject, peerCase: PeerCase): { object: string; paths: string[] }[] {
  const expectedFile = (peerCase['files'] ?? '').split(';').find((f) => f.endsWith('expected.json'));
  if (!expectedFile) return [];
  const alerts = JSON.parse(readFileSync(join(project.root, expectedFile), 'utf8')) as {
    failedPaths?: string[];
    alertObject?: { k8sApiObjects?: { kind?: string; metadata?: { name?: string } }[] };
  }[];
  return alerts.map((alert) => {
    const object = alert.alertObject?.k8sApiObjects?.[0];
    return { object: `${object?.kind ?? ''}/${object?.metadata?.name ?? ''}`, paths: (alert.failedPaths ?? []).map(kubescapePath) };
  });
}

/** The input files of a Kubescape case (everything under input/). */
export function kubescapeInputs(peerCase: PeerCase): string[] {
  return (peerCase['files'] ?? '').split(';').filter((f) => f.includes('/input/'));
}
