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


interface ActionLine {
  /** The column `indent N` or `nindent N` gives, else the action's own. */
  readonly column: number;
  readonly control: boolean;
}

interface ReadableTemplate {
  readonly lines: ReturnType<typeof splitLines>;
  /** Per line made blank for holding only actions: where their output starts, and whether they only steer (if, range, end). */
  readonly actions: readonly (ActionLine | undefined)[];
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
  const actions: (ActionLine | undefined)[] = [];
  let insideAction: ActionLine | undefined;
  for (const raw of template.text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (insideAction !== undefined) {
      actions.push(insideAction);
      if (line.includes('}}')) insideAction = undefined;
      kept.push('');
      continue;
    }
    const withoutActions = line.replace(/\{\{.*?\}\}/g, '');
    if (withoutActions.includes('{{')) {
      // An action that goes on over the next lines: what stands before it (a key) stays.
      const prefix = line.slice(0, line.lastIndexOf('{{')).trimEnd();
      insideAction = actionLine(line);
      actions.push(prefix.trim() === '' ? insideAction : undefined);
      kept.push(prefix.trim() === '' ? '' : prefix);
      continue;
    }
    const onlyActions = withoutActions.trim() === '' && line.trim() !== '';
    actions.push(onlyActions ? actionLine(line) : undefined);
    kept.push(onlyActions ? '' : line);
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
  known = root && kind ? { lines, actions, root, kind } : null;
  readable.set(template, known);
  return known;
}

const controlAction = /^\{\{-?\s*(?:if|else|end|with|range|define|block|\/\*)\b/;

function actionLine(line: string): ActionLine {
  const indent = /\bn?indent\s+(\d+)/.exec(line)?.[1];
  const column = indent !== undefined ? Number(indent) : line.length - line.trimStart().length;
  const control = (line.match(/\{\{.*?(?:\}\}|$)/g) ?? []).every((action) => controlAction.test(action));
  return { column, control };
}

/**
 * Whether the items of the list at the cursor are made by actions: `mixed` when, between the list's key
 * and its last written item, an action stands at the items' column or left of it (a `range`, an `if`
 * around items: no rendered item can be told); `appended` when only an action after the last written
 * item writes at the items' column (`toYaml .Values.extraContainers | indent 8`: the written items keep
 * their places, the rendered ones after them are the action's). Actions deeper in belong to an item's fields.
 */
function itemsFromActions(known: ReadableTemplate, cursor: BlockCursor): 'none' | 'appended' | 'mixed' {
  const node = cursor.node;
  if (node === null || node === 'opaque') return 'none';
  const { lines, actions } = known;
  let last = node.line;
  let end = lines.length;
  for (let l = node.line + 1; l < lines.length; l++) {
    const line = lines[l] as (typeof lines)[number];
    if (line.blank) continue;
    if (line.indent < node.column || (line.indent === node.column && !line.text.startsWith('-', line.indent))) {
      end = l;
      break;
    }
    last = l;
  }
  let appended = false;
  for (let l = cursor.position.lineIndex + 1; l < end; l++) {
    const action = actions[l];
    if (action === undefined) continue;
    if (l <= last && action.column <= node.column) return 'mixed';
    if (l > last && !action.control && action.column === node.column) appended = true;
  }
  return appended ? 'appended' : 'none';
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
      const made = itemsFromActions(known, cursor);
      // The written items must be the rendered ones (or, with items appended, come first among them).
      const written = made === 'appended' ? segment + 1 : count;
      const last = written > 0 && written <= count ? blockDescend(lines, cursor, [written - 1]) : undefined;
      const beyond = made === 'appended' ? last : blockDescend(lines, cursor, [count]);
      if (made === 'mixed' || !last?.position.exact || !beyond || (made === 'none' && beyond.position.exact)) {
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
