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
  /** The template file itself, when the chart was found on disk: findings are located in it. */
  readonly renderedTemplate?: ChartTemplate;
  /**
   * For a file that is not YAML or JSON (a systemd unit, an environment file): where each field of the
   * object made from it sits, keyed by the rendered path (`directives[2].words[1]`). A path not in the
   * table is located at its nearest listed parent.
   */
  readonly positions?: ReadonlyMap<string, SourcePosition>;
  /**
   * Kustomize output: the documents of the user's own files this rendered document was made from, the
   * last applied first (the patches of the overlays, then the file the resource was read from, last).
   * Findings are located in the first of them that holds the field.
   */
  readonly madeFrom?: readonly SourceCandidate[];
}

/** A chart's template file as read from disk, shared by the rendered documents made from it. */
export interface ChartTemplate {
  /** Where it was found, as the user's other paths are given (from the working folder). */
  readonly path: string;
  readonly text: string;
}

/** A document of a real file that a rendered document was made from, with its parsed value (to match list items by name). */
export interface SourceCandidate {
  readonly document: SourceDocument;
  readonly value: unknown;
  /** A patch of an overlay; the last candidate is the resource's own document. */
  readonly patch: boolean;
}

export type ResourceOrigin =
  | { readonly type: 'file'; readonly file: string; readonly documentIndex: number; readonly renderedFrom?: string }
  | {
      readonly type: 'cluster';
      /** The kubeconfig context the object was read through. */
      readonly context: string;
      /** How to fetch the object again when `kubectl get` cannot (a kubelet's configz). */
      readonly command?: string;
    }
  /** Made up by the scanner for a finding whose object is not in the input (a Namespace named only by its members). */
  | { readonly type: 'inferred' };

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

/** Where `kubectl apply` puts a namespaced object that names no namespace (with a default context). */
export const DEFAULT_NAMESPACE = 'default';

/** A Namespace that the input names but does not hold, so that its findings have an owner. */
export function inferredNamespace(name: string): Resource {
  return { id: `inferred:Namespace/${name}`, ref: { apiVersion: 'v1', kind: 'Namespace', name }, object: {}, origin: { type: 'inferred' } };
}

/** The cluster as a whole, owner of findings about what it lacks (no log agent, no policy engine). */
export const inferredCluster: Resource = {
  id: 'inferred:Cluster',
  ref: { apiVersion: 'kubeharden.io/v1', kind: 'Cluster', name: 'cluster' },
  object: {},
  origin: { type: 'inferred' },
};

/**
 * For an object read from a live cluster: the kubectl command that shows it, in place of a file and line
 * (`kubectl get deployment.apps web -n shop -o yaml --context prod`).
 */
export function kubectlCommand(resource: Resource): string | undefined {
  const origin = resource.origin;
  if (origin.type !== 'cluster') return undefined;
  if (origin.command) return origin.command;
  const { apiVersion, kind, name, namespace } = resource.ref;
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const type = `${kind.toLowerCase()}${group ? `.${group}` : ''}`;
  const words = ['kubectl', 'get', type, name, ...(namespace ? ['-n', namespace] : []), '-o', 'yaml', ...(origin.context ? ['--context', origin.context] : [])];
  return words.map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it back: quoted only when it must be. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
