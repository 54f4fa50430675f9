import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanError } from '../core/report.js';
import { mapConcurrently } from './async.js';
import { withChartTemplates } from './helm-templates.js';
import { kubectlKustomize, kubectlKustomizeWithOrigins, kustomizeSources, type AnnotatedRendering } from './kustomize.js';

export { kubectlKustomize } from './kustomize.js';
import { decodeUtf8, invalidTextMessage } from './text.js';
import type { SourceFile } from '../parse/manifests.js';
import { isDockerfileName } from '../parse/source-file.js';

export interface LoadResult {
  readonly files: SourceFile[];
  readonly errors: ScanError[];
}

export interface LoadOptions {
  /** Reads standard input, for the path `-` (bytes are checked to be UTF-8; a string is taken as is). */
  readonly readStdin?: () => Promise<string | Uint8Array>;
  /** Renders a Kustomize folder; defaults to `kubectl kustomize DIR`. */
  readonly renderKustomize?: (dir: string) => Promise<string>;
  /**
   * Renders it again with origin annotations, to locate findings in the user's files; defaults to
   * kubectl when `renderKustomize` is not given, else to none.
   */
  readonly renderKustomizeWithOrigins?: (dir: string) => Promise<AnnotatedRendering>;
  /**
   * Files and folders a folder walk must not read: the exceptions file and baseline report of the scan,
   * and what `--exclude` names. Paths named on the command line are always read.
   */
  readonly ignore?: (path: string) => boolean;
}

/** kubeharden's configuration files: never manifests, so folder walks skip them. */
const kubehardenFiles = new Set(['.kubeharden.yaml', '.kubeharden.yml']);

const manifestExtensions = /\.(ya?ml|json)$/i;
const kustomizationFiles = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const skippedFolders = new Set(['.git', 'node_modules']);

/**
 * Reads the files behind the given paths: files as given, folders recursively (.yaml, .yml, .json,
 * and Dockerfiles by name),
 * `-` as standard input, and Kustomize folders rendered with kubectl. A path that cannot be read
 * becomes an error naming it; the other paths are still read.
 */
export async function loadFiles(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const entries: Entry[] = [];
  const errors: ScanError[] = [];
  const visited = new Set<string>();
  for (const path of paths) {
    if (path === '-') {
      const read = options.readStdin ?? readStdin;
      const text = await read();
      if (typeof text === 'string') entries.push({ path: '<stdin>', text });
      else {
        const decoded = decodeUtf8(text);
        if ('text' in decoded) entries.push({ path: '<stdin>', text: decoded.text });
        else errors.push({ kind: 'input', file: '<stdin>', line: decoded.invalid.line, column: decoded.invalid.column, message: invalidTextMessage(decoded.invalid) });
      }
      continue;
    }
    await loadPath(path, true, entries, errors, visited, options);
  }
  return { files: await withChartTemplates(await readAll(entries, errors)), errors };
}

/** A file found by the walk: read already (stdin, Kustomize output) or still to read. */
type Entry = SourceFile | { readonly read: string };

const concurrentReads = 16;

/** Reads the found files a few at a time (a folder of thousands of files is I/O-bound), keeping their order. */
async function readAll(entries: readonly Entry[], errors: ScanError[]): Promise<SourceFile[]> {
  const files = await mapConcurrently(entries, concurrentReads, async (entry): Promise<SourceFile | undefined> => {
    if (!('read' in entry)) return entry;
    try {
      const decoded = decodeUtf8(await readFile(entry.read));
      if ('text' in decoded) return { path: entry.read, text: decoded.text };
      const { line, column } = decoded.invalid;
      errors.push({ kind: 'input', file: entry.read, line, column, message: invalidTextMessage(decoded.invalid) });
    } catch (error) {
      errors.push({ kind: 'input', file: entry.read, message: `cannot read ${entry.read}: ${describe(error)}` });
    }
    return undefined;
  });
  return files.filter((f): f is SourceFile => f !== undefined);
}

async function loadPath(
  path: string,
  explicit: boolean,
  files: Entry[],
  errors: ScanError[],
  visited: Set<string>,
  options: LoadOptions,
): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    errors.push({ kind: 'input', file: path, message: `cannot read ${path}: ${describe(error)}` });
    return;
  }
  if (info.isDirectory()) {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      errors.push({ kind: 'input', file: path, message: `cannot read ${path}: ${describe(error)}` });
      return;
    }
    if (visited.has(real)) return; // a symlink loop or the same folder twice
    visited.add(real);
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      errors.push({ kind: 'input', file: path, message: `cannot list ${path}: ${describe(error)}` });
      return;
    }
    const kustomization = entries.find((e) => kustomizationFiles.includes(e.name));
    if (kustomization) {
      await renderKustomization(path, files, errors, options);
      return;
    }
    if (entries.some((e) => e.name === 'Chart.yaml' && e.isFile())) {
      // Its templates are Go templates, not YAML, and its values are no objects: read as manifests they
      // would only give parse errors, and their workloads would go unjudged without a word.
      errors.push({
        kind: 'input',
        file: path,
        message: `${path} is a Helm chart: its templates are manifests only once rendered, so it is not scanned; scan what it renders: helm template ${path} | kubeharden scan -`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (skippedFolders.has(entry.name)) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory() || entry.isSymbolicLink()) {
        if (!options.ignore?.(child)) await loadPath(child, false, files, errors, visited, options);
      }
      else if (entry.isFile() && isScannable(entry.name) && !kubehardenFiles.has(entry.name) && !options.ignore?.(child)) {
        files.push({ read: child });
      }
    }
    return;
  }
  if (!info.isFile()) {
    if (explicit) errors.push({ kind: 'input', file: path, message: `${path} is not a regular file or folder` });
    return;
  }
  if (explicit || isScannable(path)) files.push({ read: path });
}

/** Files a folder walk reads: manifests by extension, Dockerfiles by name (see source-file.ts). */
function isScannable(name: string): boolean {
  return manifestExtensions.test(name) || isDockerfileName(name);
}

async function renderKustomization(dir: string, files: Entry[], errors: ScanError[], options: LoadOptions): Promise<void> {
  const render = options.renderKustomize ?? kubectlKustomize;
  // An injected renderer is not kubectl: asking kubectl for the origins would describe another rendering.
  const renderWithOrigins = options.renderKustomizeWithOrigins ?? (options.renderKustomize ? undefined : kubectlKustomizeWithOrigins);
  // The origins only improve locations: when they cannot be had (an old kubectl, a Component), the findings stay in the rendered stream.
  const origins = renderWithOrigins?.(dir).catch(() => undefined);
  let text: string;
  try {
    text = await render(dir);
  } catch (error) {
    errors.push({ kind: 'input', file: dir, message: describe(error) });
    return;
  }
  const rendering = await origins;
  const madeFrom = rendering ? await kustomizeSources(dir, rendering).catch(() => undefined) : undefined;
  files.push({ path: `${dir} (kustomize)`, text, ...(madeFrom && madeFrom.size > 0 ? { madeFrom } : {}) });
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return error instanceof Error ? error.message : String(error);
}
