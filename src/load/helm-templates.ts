// `helm template` output names each document's template (`# Source: shop/templates/deployment.yaml`) by
// the chart's name, not by its folder. When the chart is at hand (beside the working folder, the working
// folder itself as in a CI job that runs `helm template .`, or a folder below it such as charts/shop),
// its templates are read, so that findings get the line the template writes the field on rather than a
// line counted in the rendered document, and a path a code-scanning viewer can open.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChartTemplate } from '../core/resource.js';
import { asRecord, asString } from '../core/values.js';
import type { SourceFile } from '../parse/manifests.js';
import { loadYaml } from '../parse/manifests.js';
import { decodeUtf8 } from './text.js';

const sourceComments = /^#\s*Source:\s*(\S.*?)\s*$/gm;

/** The files, with the templates their `# Source:` comments name that were found in their chart on disk. */
export async function withChartTemplates(files: readonly SourceFile[], cwd = '.'): Promise<SourceFile[]> {
  const charts = new ChartFinder(cwd);
  const templates = new Map<string, Promise<ChartTemplate | undefined>>();
  const out: SourceFile[] = [];
  for (const file of files) {
    if (!file.text.includes('Source:')) {
      out.push(file);
      continue;
    }
    const found = new Map<string, ChartTemplate>();
    for (const name of new Set([...file.text.matchAll(sourceComments)].map((m) => m[1] as string))) {
      let template = templates.get(name);
      if (!template) templates.set(name, (template = findTemplate(name, charts)));
      const text = await template;
      if (text) found.set(name, text);
    }
    out.push(found.size > 0 ? { ...file, templates: found } : file);
  }
  return out;
}

/** A template named `<chart>/[charts/<sub>/]templates/<file>`, read from the chart's folder. */
async function findTemplate(name: string, charts: ChartFinder): Promise<ChartTemplate | undefined> {
  const segments = name.split('/');
  const templatesAt = segments.lastIndexOf('templates');
  if (templatesAt < 1 || name.startsWith('/') || segments.some((s) => s === '..' || s === '.' || s === '')) return undefined;
  const chartSegments = segments.slice(0, templatesAt);
  const root = await charts.find(chartSegments[0] as string);
  if (root === undefined) return undefined;
  const chartDir = join(root, ...chartSegments.slice(1));
  // A subchart is a folder under charts/ (not a packaged .tgz) that must give its own name.
  if (chartSegments.length > 1 && !(await chartNamed(chartDir, chartSegments[chartSegments.length - 1] as string))) return undefined;
  const path = join(chartDir, ...segments.slice(templatesAt));
  const text = await readText(path);
  return text === undefined ? undefined : { path, text };
}

/**
 * Finds a chart's folder by the name its Chart.yaml gives: `<name>` beside the working folder, the
 * working folder itself, else the one chart of that name in the folders below it (a bounded walk; two
 * charts of the name, vendored copies say, leave it unfound rather than guessed).
 */
class ChartFinder {
  private readonly found = new Map<string, Promise<string | undefined>>();
  private walked: Promise<Map<string, string[]>> | undefined;

  constructor(private readonly cwd: string) {}

  find(name: string): Promise<string | undefined> {
    let root = this.found.get(name);
    if (!root) this.found.set(name, (root = this.lookUp(name)));
    return root;
  }

  private async lookUp(name: string): Promise<string | undefined> {
    for (const candidate of [join(this.cwd, name), this.cwd]) if (await chartNamed(candidate, name)) return candidate;
    const below = (await (this.walked ??= walkCharts(this.cwd))).get(name) ?? [];
    return below.length === 1 ? below[0] : undefined;
  }
}

const MAX_WALK_DEPTH = 5;
const MAX_WALKED_FOLDERS = 5000;
const unwalked = new Set(['node_modules', 'vendor', 'dist', 'build', 'target']);

/** Charts in the folders below `cwd`, by name. */
async function walkCharts(cwd: string): Promise<Map<string, string[]>> {
  const charts = new Map<string, string[]>();
  let level = [cwd];
  let folders = 0;
  for (let depth = 0; depth <= MAX_WALK_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (++folders > MAX_WALKED_FOLDERS) return charts;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.isFile() && entry.name === 'Chart.yaml') {
          const name = await chartName(dir);
          if (name !== undefined) charts.set(name, [...(charts.get(name) ?? []), dir]);
        } else if (entry.isDirectory() && !entry.name.startsWith('.') && !unwalked.has(entry.name)) {
          next.push(join(dir, entry.name));
        }
      }
    }
    level = next;
  }
  return charts;
}

async function chartNamed(dir: string, name: string): Promise<boolean> {
  return (await chartName(dir)) === name;
}

async function chartName(dir: string): Promise<string | undefined> {
  const text = await readText(join(dir, 'Chart.yaml'));
  if (text === undefined) return undefined;
  try {
    return asString(asRecord(loadYaml(text, 'Chart.yaml'))?.['name']);
  } catch {
    return undefined;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    const decoded = decodeUtf8(await readFile(path));
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}
