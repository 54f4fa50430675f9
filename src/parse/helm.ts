import type { Path } from '../core/path.js';
import type { ChartTemplate } from '../core/resource.js';
import { blockDescend, blockRoot, splitLines, type BlockCursor } from './block-locate.js';

// `helm template` writes `# Source: chart/templates/x.yaml` before each rendered document;
// findings are attributed to that template file.
const sourceComment = /^#\s*Source:\s*(\S.*?)\s*$/m;

export function helmSource(documentText: string): { template: string; lineIndex: number } | undefined {
  // Only comments and blank lines may stand before the Source comment.
  const lines = documentText.split('\n', 20);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '' || line === '---' || line.startsWith('--- ')) continue;
    if (!line.startsWith('#')) return undefined;
    const match = sourceComment.exec(line);
    if (match?.[1]) return { template: match[1], lineIndex: i };
  }
  return undefined;
}


interface ReadableTemplate {
  readonly lines: ReturnType<typeof splitLines>;
  readonly root: BlockCursor;
  readonly kind: string;
}

const readable = new WeakMap<ChartTemplate, ReadableTemplate | null>();

/**
 * The template as YAML the block reader can walk: lines that hold only template actions
 * (`{{- if ... }}`, `{{- include ... | nindent 4 }}`, the inside of a multi-line action) become blank, so
 * that what is left is the literal structure of the manifest. Null for what cannot be matched to one
 * rendered document: several documents in one template, or a kind that is not written literally.
 */
function readableTemplate(template: ChartTemplate): ReadableTemplate | null {
  let known = readable.get(template);
  if (known !== undefined) return known;
  const kept: string[] = [];
  let insideAction = false;
  for (const raw of template.text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (insideAction) {
      if (line.includes('}}')) insideAction = false;
      kept.push('');
      continue;
    }
    const withoutActions = line.replace(/\{\{.*?\}\}/g, '');
    const open = withoutActions.indexOf('{{');
    if (open !== -1) {
      insideAction = true;
      // An action that goes on over the next lines: what stands before it (a key) stays.
      const prefix = line.slice(0, line.lastIndexOf('{{')).trimEnd();
      kept.push(prefix.trim() === '' ? '' : prefix);
      continue;
    }
    kept.push(withoutActions.trim() === '' && line.trim() !== '' ? '' : line);
  }
  const lines = splitLines(kept.join('\n'));
  let documents = 0;
  let content = false;
  for (const line of lines) {
    if (line.indent === 0 && /^---(\s|$)/.test(line.text)) content = false;
    else if (!line.blank && !content) {
      content = true;
      documents++;
    }
  }
  const kind = lines.map((l) => /^kind:[ \t]*(["']?)([A-Za-z0-9]+)\1[ \t]*(#.*)?$/.exec(l.text)?.[2]).find((k) => k !== undefined);
  const root = documents === 1 && kind ? blockRoot(lines) : undefined;
  known = root && kind ? { lines, root, kind } : null;
  readable.set(template, known);
  return known;
}

/**
 * Where a field of a rendered document sits in the template it was rendered from, when the template
 * writes it literally: its line and column there. Where the template produces the field through an
 * action (`toYaml .Values.securityContext`, an `include`), or a list's items through a loop or a
 * condition (the template's item count differs from the rendered one), the position is the nearest
 * parent the template writes. Undefined when the template cannot be matched to the document at all.
 */
export function locateInTemplate(
  template: ChartTemplate,
  kind: string,
  rendered: unknown,
  path: Path,
): { readonly line: number; readonly column: number; readonly exact: boolean } | undefined {
  const known = readableTemplate(template);
  if (!known || known.kind !== kind) return undefined;
  const { lines } = known;
  let cursor = known.root;
  let renderedNode = rendered;
  let complete = true;
  for (const segment of path) {
    if (typeof segment === 'number') {
      const count = Array.isArray(renderedNode) ? renderedNode.length : -1;
      const last = count > 0 ? blockDescend(lines, cursor, [count - 1]) : undefined;
      const beyond = blockDescend(lines, cursor, [count]);
      if (!last?.position.exact || !beyond || beyond.position.exact) {
        complete = false;
        break;
      }
    }
    const next = blockDescend(lines, cursor, [segment]);
    if (!next || !next.position.exact) {
      complete = false;
      break;
    }
    cursor = next;
    renderedNode = Array.isArray(renderedNode) || (renderedNode !== null && typeof renderedNode === 'object') ? (renderedNode as Record<string | number, unknown>)[segment] : undefined;
  }
  const { lineIndex, column } = cursor.position;
  // A field the template writes inside a condition that did not hold is not in the rendered document.
  return { line: lineIndex + 1, column: column + 1, exact: complete && renderedNode !== undefined };
}
