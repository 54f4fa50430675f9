// `helm template` output names each document's template (`# Source: shop/templates/deployment.yaml`) by
// the chart's name, not by its folder. When the chart is at hand (beside the working folder, the working
// folder itself as in a CI job that runs `helm template .`, or a folder below it such as charts/shop),
// its templates are read, so that findings get the line the template writes the field on rather than a
// line counted in the rendered document, and a path a code-scanning viewer can open.

import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChartTemplate } from '../core/resource.js';
import { asRecord, asString } from '../core/values.js';
import type { SourceFile } from '../parse/manifests.js';
import { loadYaml } from '../parse/manifests.js';
import { mapConcurrently, memoized } from './async.js';
import { readTextFile } from './text.js';

const sourceComments = /^#\s*Source:\s*(\S.*?)\s*$/gm;

/** The files, with the templates their `# Source:` comments name that were found in their chart on disk. */
export async function withChartTemplates(files: readonly SourceFile[], cwd = '.'): Promise<SourceFile[]> {
  const charts = chartFinder(cwd);
  const nearby = memoized((name: string) => findTemplate(name, charts, false));
  const anywhereBelow = memoized((name: string) => findTemplate(name, charts, true));
  const out: SourceFile[] = [];
  for (const file of files) {
    if (!file.text.includes('Source:')) {
      out.push(file);
      continue;
    }
    // Piped from `helm template` in a repository, the chart may be anywhere below; rendered output kept in
    // files (a folder of thousands) only looks beside the working folder and in it.
    const lookUp = file.path === '<stdin>' ? anywhereBelow : nearby;
    const found = new Map<string, ChartTemplate>();
    for (const name of new Set([...file.text.matchAll(sourceComments)].map((m) => m[1] as string))) {
      const template = await lookUp(name);
      if (template) found.set(name, template);
    }
    out.push(found.size > 0 ? { ...file, templates: found } : file);
  }
  return out;
}

/** A template named `<chart>/[charts/<sub>/]templates/<file>`, read from the chart's folder. */
async function findTemplate(name: string, charts: ChartFinder, walk: boolean): Promise<ChartTemplate | undefined> {
  const segments = name.split('/');
  const templatesAt = segments.lastIndexOf('templates');
  if (templatesAt < 1 || name.startsWith('/') || segments.some((s) => s === '..' || s === '.' || s === '')) return undefined;
  const chartSegments = segments.slice(0, templatesAt);
  const root = await charts(chartSegments[0] as string, walk);
  if (root === undefined) return undefined;
  const chartDir = join(root, ...chartSegments.slice(1));
  // A subchart is a folder under charts/ (not a packaged .tgz) that must give its own name.
  if (chartSegments.length > 1 && !(await chartNamed(chartDir, chartSegments[chartSegments.length - 1] as string))) return undefined;
  const path = join(chartDir, ...segments.slice(templatesAt));
  const text = await readTextFile(path);
  return text === undefined ? undefined : { path, text };
}

type ChartFinder = (name: string, walk: boolean) => Promise<string | undefined>;

/**
 * Finds a chart's folder by the name its Chart.yaml gives: `<name>` beside the working folder, the
 * working folder itself, else (`walk`: for standard input) the one chart of that name in the folders
 * below it (a bounded walk; two charts of the name, vendored copies say, leave it unfound, not guessed).
 */
function chartFinder(cwd: string): ChartFinder {
  const nearby = memoized(async (name: string): Promise<string | undefined> => {
    for (const candidate of [join(cwd, name), cwd]) if (await chartNamed(candidate, name)) return candidate;
    return undefined;
  });
  let walked: Promise<Map<string, string[]>> | undefined;
  return async (name, walk) => {
    const root = await nearby(name);
    if (root !== undefined || !walk) return root;
    const below = (await (walked ??= walkCharts(cwd))).get(name) ?? [];
    return below.length === 1 ? below[0] : undefined;
  };
}

// The walk is bounded, for a scan run from a home folder or beside a corpus of thousands of manifests:
// charts sit a few levels down in repositories, in folders of a few entries.
const MAX_WALK_DEPTH = 4;
const MAX_WALKED_FOLDERS = 2000;
const MAX_ENTRIES_READ = 20_000;
const MAX_ENTRIES_PER_FOLDER = 500;
const unwalked = new Set(['node_modules', 'vendor', 'dist', 'build', 'target']);

/** Charts in the folders below `cwd`, by name; the folders of one level are read a few at a time. */
async function walkCharts(cwd: string): Promise<Map<string, string[]>> {
  const charts = new Map<string, string[]>();
  let level = [cwd];
  let folders = 0;
  let entriesRead = 0;
  for (let depth = 0; depth <= MAX_WALK_DEPTH && level.length > 0; depth++) {
    const batch = level.slice(0, Math.max(0, MAX_WALKED_FOLDERS - folders));
    folders += batch.length;
    const read = await mapConcurrently(batch, CONCURRENT_READS, readFolder);
    const next: string[] = [];
    for (const { dir, isChart, subfolders, entries } of read) {
      entriesRead += entries;
      if (isChart) {
        const name = await chartName(dir);
        if (name !== undefined) charts.set(name, [...(charts.get(name) ?? []), dir]);
      }
      next.push(...subfolders);
    }
    if (entriesRead > MAX_ENTRIES_READ) break;
    level = next;
  }
  return charts;
}

const CONCURRENT_READS = 16;

async function readFolder(dir: string): Promise<{ dir: string; isChart: boolean; subfolders: string[]; entries: number }> {
  const subfolders: string[] = [];
  let isChart = false;
  let entries = 0;
  try {
    // A folder of more entries than a chart repository has is a data folder: the rest of it is not read.
    for await (const entry of await opendir(dir)) {
      if (++entries > MAX_ENTRIES_PER_FOLDER) break;
      if (entry.isFile() && entry.name === 'Chart.yaml') isChart = true;
      else if (entry.isDirectory() && !entry.name.startsWith('.') && !unwalked.has(entry.name)) subfolders.push(join(dir, entry.name));
    }
  } catch {
    // unreadable: no chart there
  }
  return { dir, isChart, subfolders: subfolders.sort(), entries };
}

async function chartNamed(dir: string, name: string): Promise<boolean> {
  return (await chartName(dir)) === name;
}

async function chartName(dir: string): Promise<string | undefined> {
  const text = await readTextFile(join(dir, 'Chart.yaml'));
  if (text === undefined) return undefined;
  try {
    return asString(asRecord(loadYaml(text, 'Chart.yaml'))?.['name']);
  } catch {
    return undefined;
  }
}
