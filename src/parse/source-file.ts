import type { ScanError } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { DOCKERFILE_API_VERSION, DOCKERFILE_KIND, readDockerfile } from './dockerfile.js';
import { parseManifests, type DocumentSelector, type ParseResult, type ReusedDocuments, type SourceFile } from './manifests.js';

/**
 * Which files are Dockerfiles, by name:
 * - `Dockerfile` and `Containerfile` (any case);
 * - `*.Dockerfile` and `*.Containerfile` (`api.Dockerfile`, as BuildKit names per-target files);
 * - `Dockerfile.<suffix>` and `Containerfile.<suffix>` (`Dockerfile.prod`), except suffixes that
 *   name something else: BuildKit's per-Dockerfile ignore file (`Dockerfile.dockerignore`),
 *   templates rendered into a Dockerfile (`.j2`, `.tmpl`, `.in`...), docs, backups and patches.
 * A file given by name that matches none of these but is not .yaml/.yml/.json is read as a
 * Dockerfile when its first instruction is FROM or ARG (and so is standard input).
 */
const plainName = /^(?:dockerfile|containerfile)$/i;
const typedName = /^.+\.(?:dockerfile|containerfile)$/i;
const suffixedName = /^(?:dockerfile|containerfile)\.([a-z0-9][a-z0-9_-]*)$/i;
const notDockerfileSuffixes = new Set([
  'dockerignore', 'containerignore',
  'j2', 'jinja', 'jinja2', 'tmpl', 'tpl', 'template', 'in', 'erb', 'mustache', 'hbs', 'gotmpl', 'njk', 'liquid',
  'md', 'txt', 'rst', 'adoc', 'html',
  'orig', 'bak', 'old', 'swp', 'rej', 'patch', 'diff', 'sig', 'asc', 'sha256',
  'sh', 'bash', 'ps1', 'py', 'yaml', 'yml', 'json', 'toml', 'lock',
]);
const manifestExtension = /\.(?:ya?ml|json)$/i;

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** Whether a folder walk picks the file up as a Dockerfile. */
export function isDockerfileName(path: string): boolean {
  const name = baseName(path);
  if (plainName.test(name) || typedName.test(name)) return true;
  const suffix = suffixedName.exec(name)?.[1];
  return suffix !== undefined && !notDockerfileSuffixes.has(suffix.toLowerCase());
}

/** The first instruction is FROM or ARG: parser directives, comments and blank lines come before it. */
export function looksLikeDockerfile(text: string): boolean {
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const line = text.slice(offset, newline === -1 ? text.length : newline).trim();
    if (line !== '' && !line.startsWith('#')) return /^(?:from|arg)\s+\S/i.test(line);
    if (newline === -1) break;
    offset = newline + 1;
  }
  return false;
}

export function isDockerfile(file: SourceFile): boolean {
  return isDockerfileName(file.path) || (!manifestExtension.test(file.path) && looksLikeDockerfile(file.text));
}

/** Parses a file of any kind kubeharden reads: Kubernetes manifests (YAML, JSON) or a Dockerfile. */
export function parseSourceFile(file: SourceFile, select?: DocumentSelector, reused?: ReusedDocuments): ParseResult {
  if (!isDockerfile(file)) return parseManifests(file, select, reused);
  if (select && !select(DOCKERFILE_KIND, file.text)) return { resources: [], errors: [] };
  return parseDockerfile(file);
}

/** A Dockerfile as one resource of kind `kubeharden.io/v1 Dockerfile`, named by its path. */
export function parseDockerfile(file: SourceFile): ParseResult {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  const read = readDockerfile(text, file.path);
  const errors: ScanError[] = read.errors.map((e) => ({
    kind: 'input',
    file: file.path,
    line: e.line,
    ...(e.column !== undefined ? { column: e.column } : {}),
    message: `Dockerfile: ${e.message}`,
  }));
  if (!read.object) return { resources: [], errors };
  const resource: Resource = {
    id: `${file.path}#0`,
    ref: { apiVersion: DOCKERFILE_API_VERSION, kind: DOCKERFILE_KIND, name: file.path },
    object: read.object as unknown as Resource['object'],
    origin: { type: 'file', file: file.path, documentIndex: 0 },
    source: {
      document: { file: file.path, text, start: 0, end: text.length, startLine: 1, positions: read.positions },
      itemPath: [],
    },
  };
  return { resources: [resource], errors };
}
