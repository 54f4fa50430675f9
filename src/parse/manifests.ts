import jsYaml from 'js-yaml';
import type { Path } from '../core/path.js';
import type { ChartTemplate, Resource, ResourceRef, SourceCandidate, SourceDocument } from '../core/resource.js';
import type { ScanError } from '../core/report.js';
import { asRecord, asString, detach, type KubeObject } from '../core/values.js';
import { firstContentLine, positionAt } from './document.js';
import { helmSource } from './helm.js';
import { splitDocuments, type DocumentSlice } from './split.js';

export interface SourceFile {
  /** Shown in findings and errors: a path relative to where the user ran the scan, or `<stdin>`. */
  readonly path: string;
  readonly text: string;
  /** Rendered Kustomize output: per resource (`renderedKey`), the documents of the user's files it was made from. */
  readonly madeFrom?: ReadonlyMap<string, readonly SourceCandidate[]>;
  /** Helm output: the chart's templates found on disk, by the name its `# Source:` comments give. */
  readonly templates?: ReadonlyMap<string, ChartTemplate>;
}

/** The identity of a rendered resource: the same in the plain and in the annotated rendering. */
export function renderedKey(value: unknown): string | undefined {
  const object = asRecord(value);
  const metadata = asRecord(object?.['metadata']);
  const kind = asString(object?.['kind']);
  const name = asString(metadata?.['name']);
  if (!kind || !name) return undefined;
  return `${asString(object?.['apiVersion']) ?? ''}\u0000${kind}\u0000${asString(metadata?.['namespace']) ?? ''}\u0000${name}`;
}


export interface ParseResult {
  readonly resources: Resource[];
  readonly errors: ScanError[];
}

// Kubernetes decodes YAML with YAML 1.1 rules (go-yaml v2 under sigs.k8s.io/yaml): unquoted yes/no/on/off
// are booleans there, so `privileged: yes` runs a privileged container. The scanner reads them the same way.
const yaml11Booleans = new Map<string, boolean>(
  ['true', 'True', 'TRUE', 'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((w) => [w, true] as [string, boolean]).concat(
    ['false', 'False', 'FALSE', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].map((w) => [w, false]),
  ),
);
const yaml11BooleanType = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  // Called for every plain scalar: rule most out by length before the lookup.
  resolve: (data: unknown) => typeof data === 'string' && data.length <= 5 && yaml11Booleans.has(data),
  construct: (data: string) => yaml11Booleans.get(data),
});

// Kubernetes' decoder also reads a leading-zero integer as YAML 1.1 octal: `defaultMode: 0644` is 420
// (YAML 1.2, and so js-yaml, reads 644). The int type replaces the core one; all other integers are the core's.
const coreInt = (jsYaml as unknown as { types: { int: jsYaml.Type } }).types.int;
const yaml11Octal = /^[-+]?0[0-7_]+$/;
const yaml11IntType = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  // The core type accepts every leading-zero integer (as decimal): only its value is read otherwise.
  resolve: (data: unknown) => coreInt.resolve(data),
  construct: (data: string) => {
    if (!yaml11Octal.test(data)) return coreInt.construct(data) as unknown;
    const value = parseInt(data.replace(/[-+_]/g, ''), 8);
    return data.startsWith('-') ? -value : value;
  },
  ...(coreInt.predicate ? { predicate: coreInt.predicate } : {}),
});

// YAML 1.2 core types with YAML 1.1 booleans and octal integers (replacing the core types of their tags), and merge keys (`<<`), which Kubernetes' decoder accepts.
// Timestamps stay strings: Kubernetes treats them as strings too.
// (@types/js-yaml does not declare the `types` export that js-yaml 4 has.)
const mergeType = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge;
const kubernetesYamlSchema = jsYaml.CORE_SCHEMA.extend({ implicit: [yaml11BooleanType, yaml11IntType, mergeType] });

/** Parses one YAML document the way Kubernetes decodes it (YAML 1.1 booleans, merge keys); throws on invalid YAML. */
export function loadYaml(text: string, filename: string): unknown {
  return jsYaml.load(text, { schema: kubernetesYamlSchema, filename });
}

/** Asked before a document is parsed, with its kind as read from its text (see parseManifests) and the text. */
export type DocumentSelector = (kind: string | undefined, text: string) => boolean;

/** Resources an earlier pass already made of some documents of the file, by document index: not parsed again. */
export type ReusedDocuments = ReadonlyMap<number, readonly Resource[]>;

/**
 * Parses one file into resources. Parsing is fast and position-free: a document's text range is kept,
 * and positions are computed only for the documents that get findings (see locate.ts).
 * `select`, when given, is asked with each document's kind as read from its text before parsing
 * (undefined when it cannot be read that way, as for JSON); documents it declines are not parsed.
 * `reused` documents are given the resources an earlier pass made of them.
 */
export function parseManifests(file: SourceFile, select?: DocumentSelector, reused?: ReusedDocuments): ParseResult {
  const text = file.text.charCodeAt(0) === 0xfeff ? file.text.slice(1) : file.text;
  const resources: Resource[] = [];
  const errors: ScanError[] = [];
  const { json, slices } = documentsOf(file, text);
  if (json === undefined && /\.json$/i.test(file.path) && /\S/.test(text)) {
    // kubectl reads a file that starts with `{` as JSON, never as YAML: a .json file that is not JSON is an error.
    errors.push(jsonError(file.path, text));
    return { resources, errors };
  }
  for (const [documentIndex, slice] of slices.entries()) {
    const again = reused?.get(documentIndex);
    if (again) {
      resources.push(...again);
      continue;
    }
    const chunk = text.slice(slice.start, slice.end);
    if (select && json === undefined && !select(sniffKind(chunk), chunk)) continue;
    let value: unknown;
    if (json !== undefined) {
      value = json;
    } else {
      try {
        value = jsYaml.load(chunk, { schema: kubernetesYamlSchema, filename: file.path });
      } catch (error) {
        const helm = helmSource(chunk);
        const found = yamlError(file.path, slice, chunk, error);
        errors.push(helm ? { ...found, message: `${found.message} (rendered from ${helm.template})` } : found);
        continue;
      }
    }
    if (value === undefined || value === null) continue; // empty document, or only comments
    if (json === undefined && chunk.includes('*') && anchor.test(chunk) && isAliasBomb(value)) {
      errors.push({
        kind: 'input',
        file: file.path,
        line: slice.startLine,
        message: `document expands to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} values through YAML aliases (a "billion laughs" bomb): not scanned, as the Kubernetes API server would refuse it`,
      });
      continue;
    }
    const helm = helmSource(chunk);
    const madeFrom = file.madeFrom?.get(renderedKey(value) ?? '');
    const document: SourceDocument = {
      file: file.path,
      text,
      start: slice.start,
      end: slice.end,
      startLine: slice.startLine,
      ...(helm ? { renderedFrom: helm.template, renderedStartLine: slice.startLine + helm.lineIndex + 1 } : {}),
      ...(helm && file.templates?.has(helm.template) ? { renderedTemplate: file.templates.get(helm.template) } : {}),
      ...(madeFrom ? { madeFrom } : {}),
    };
    collectResources(value, document, documentIndex, [], resources, errors);
  }
  return { resources, errors };
}

/**
 * A file's documents, remembered per file: a scan reads each file twice (the index pass, then the
 * scan) and need not split it or parse its JSON twice. The parsed JSON is not kept: values are
 * handed out once per pass, and each pass owns what it gets.
 */
const documentCache = new WeakMap<SourceFile, { slices: DocumentSlice[]; isJson: boolean }>();

function documentsOf(file: SourceFile, text: string): { json: unknown; slices: DocumentSlice[] } {
  const cached = documentCache.get(file);
  if (cached && !cached.isJson) return { json: undefined, slices: cached.slices };
  const json = parseJsonFile(text);
  const slices = json === undefined ? splitDocuments(text) : [{ start: 0, end: text.length, startLine: 1 }];
  documentCache.set(file, { slices, isJson: json !== undefined });
  return { json, slices };
}

const kindLine = /^kind:[ \t]*(["']?)([A-Za-z0-9]+)\1[ \t]*(?:#.*)?\r?$/m;

/** A block-style document's top-level kind, read from its text; undefined when it is not written so. */
function sniffKind(chunk: string): string | undefined {
  return kindLine.exec(chunk)?.[2];
}

function parseJsonFile(text: string): unknown {
  const first = /\S/.exec(text);
  if (!first || (first[0] !== '{' && first[0] !== '[')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // not valid JSON: the YAML parser reports the error with its line
  }
}

function collectResources(
  value: unknown,
  document: SourceDocument,
  documentIndex: number,
  itemPath: Path,
  resources: Resource[],
  errors: ScanError[],
): void {
  const where = itemPath.length ? ` (${itemPath.join('.')})` : '';
  const object = asRecord(value);
  if (!object) {
    errors.push({
      kind: 'input',
      file: document.file,
      line: firstContentLine(document),
      message: `document${where} is ${describeValue(value)}, not a Kubernetes object`,
    });
    return;
  }
  const kind = asString(object['kind']);
  const apiVersion = asString(object['apiVersion']);
  if (!kind || !apiVersion) {
    const missing = [!apiVersion && 'apiVersion', !kind && 'kind']
      .filter((k): k is string => typeof k === 'string')
      .map((k) => (object[k] === undefined || object[k] === null ? k : `${k} (a string; it is ${describeValue(object[k])})`))
      .join(' and ');
    errors.push({
      kind: 'input',
      file: document.file,
      line: firstContentLine(document),
      message: `document${where} has no ${missing}: not a Kubernetes object`,
    });
    return;
  }
  if (kind.endsWith('List') && Array.isArray(object['items'])) {
    object['items'].forEach((item, i) =>
      collectResources(item, document, documentIndex, [...itemPath, 'items', i], resources, errors),
    );
    return;
  }
  const metadata = asRecord(object['metadata']);
  const namespace = asString(metadata?.['namespace']);
  // The reference outlives the parsed object (it is in every finding): it must not pin the file text.
  const ref: ResourceRef = {
    apiVersion: detach(apiVersion),
    kind: detach(kind),
    name: detach(asString(metadata?.['name']) ?? asString(metadata?.['generateName']) ?? '(unnamed)'),
    ...(namespace ? { namespace: detach(namespace) } : {}),
  };
  const itemSuffix = itemPath.length ? '/' + itemPath.join('/') : '';
  resources.push({
    id: `${document.file}#${documentIndex}${itemSuffix}`,
    ref,
    object: object as KubeObject,
    origin: {
      type: 'file',
      file: document.file,
      documentIndex,
      ...(document.renderedFrom ? { renderedFrom: document.renderedFrom } : {}),
    },
    source: { document, itemPath },
  });
}

/**
 * An anchor (`&name`) stands where a node starts: at a line start, after whitespace or a flow indicator.
 * Without one there is no alias to expand, whatever `*` the text holds (RBAC wildcards, globs).
 */
const anchor = /(?:^|[ \t[{,])&[^ \t\r\n,[\]{}]/m;

/** Values a document may reach through aliases: far more than any real manifest, far less than a bomb. */
const MAX_EXPANDED_NODES = 1_000_000;

/**
 * Whether aliases make the document far larger than its text: each value counted once per place it is
 * reached, with shared subtrees counted by memo so that the count itself stays linear.
 */
function isAliasBomb(value: unknown): boolean {
  const sizes = new Map<object, number>();
  let unique = 0;
  const size = (v: unknown): number => {
    if (v === null || typeof v !== 'object') return 1;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    unique++;
    sizes.set(v, 1); // a cycle (an alias to its own parent) counts once
    let total = 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      total += size(child);
      if (total > MAX_EXPANDED_NODES) break;
    }
    sizes.set(v, total);
    return total;
  };
  try {
    return size(value) > MAX_EXPANDED_NODES && unique * 10 < MAX_EXPANDED_NODES;
  } catch {
    return false; // nesting too deep to count: the controls read such documents without recursing
  }
}

/** What a value is, in words: never the value itself (it may be a secret). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? `a ${typeof value}` : `a ${typeof value} value`;
}


/**
 * A .json file that JSON.parse refuses, with the place it stopped. The parser's own message is not
 * shown: V8 quotes the text around the error, which may be a secret.
 */
function jsonError(file: string, text: string): ScanError {
  let reason = '';
  try {
    JSON.parse(text);
  } catch (error) {
    reason = error instanceof Error ? error.message : '';
  }
  const end = Math.max(0, text.trimEnd().length - 1);
  const offset = Number(/at position (\d+)/.exec(reason)?.[1] ?? end);
  // Past the end (the text stops too early): name the last character there is.
  const { line, column } = positionAt(text, Math.min(offset, end));
  const what = /Unterminated string/.test(reason) ? 'a string that never ends' : /end of JSON input/.test(reason) ? 'the text ends too early' : 'unexpected character';
  return { kind: 'input', file, line, column, message: `invalid JSON at line ${line}, column ${column}: ${what}` };
}

function yamlError(file: string, slice: DocumentSlice, chunk: string, error: unknown): ScanError {
  const startLine = slice.startLine;
  if (error instanceof jsYaml.YAMLException) {
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const nul = chunk.indexOf('\u0000');
    if (nul !== -1 && /null byte/.test(error.reason)) {
      const at = positionAt(chunk, nul);
      return { kind: 'input', file, line: startLine + at.line - 1, column: at.column, message: `invalid YAML: ${error.reason}` };
    }
    // At the end of the stream the parser points past the last line: name the end of the last line instead.
    const end = positionAt(chunk, chunk.trimEnd().length);
    const lastLine = startLine + end.line - 1;
    const line = startLine + (mark?.line ?? 0);
    return {
      kind: 'input',
      file,
      line: Math.min(line, lastLine),
      column: line > lastLine ? end.column : (mark?.column ?? 0) + 1,
      message: `invalid YAML: ${error.reason}`,
    };
  }
  if (error instanceof RangeError) {
    return { kind: 'input', file, line: startLine, message: 'invalid YAML: nested too deeply to read (a document nested thousands of levels deep)' };
  }
  return { kind: 'input', file, line: startLine, message: `invalid YAML: ${String(error)}` };
}
