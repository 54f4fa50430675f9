import type { Path } from './path.js';
import type { KubeObject } from './values.js';

export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** 1-based line and column. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One YAML or JSON document of a file, kept as text so that positions are computed only when needed. */
export interface SourceDocument {
  readonly file: string;
  /** The whole text of the file; documents of one file share it. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start` in the file. */
  readonly startLine: number;
  /** Helm `# Source: chart/templates/x.yaml`: the template this document was rendered from. */
  readonly renderedFrom?: string;
  /** 1-based line of the first line after the `# Source:` comment, when renderedFrom is set. */
  readonly renderedStartLine?: number;
}

export type ResourceOrigin =
  | { readonly type: 'file'; readonly file: string; readonly documentIndex: number; readonly renderedFrom?: string }
  | { readonly type: 'cluster'; readonly context: string };

export interface Resource {
  /** Stable: `${file}#${documentIndex}` (plus `/items/N` for List items). */
  readonly id: string;
  readonly ref: ResourceRef;
  readonly object: KubeObject;
  readonly origin: ResourceOrigin;
  /** Where the object sits in its file, for locating findings; absent for cluster objects. */
  readonly source?: { readonly document: SourceDocument; readonly itemPath: Path };
}

export function formatRef(ref: ResourceRef): string {
  return `${ref.kind}/${ref.namespace ? ref.namespace + '/' : ''}${ref.name}`;
}
