import type { TextEdit } from '../core/fix.js';

export interface AppliedEdits {
  readonly text: string;
  readonly applied: readonly TextEdit[];
  /** Edits that overlapped an earlier one: left for the next pass, after a re-scan (ESLint's applyFixes). */
  readonly skipped: readonly TextEdit[];
}

/**
 * Applies text edits ESLint-style: sorted by position, each edit that overlaps one already taken is
 * skipped (the caller re-scans and tries again), insertions at the same point keep their order.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): AppliedEdits {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.range[0] - b.edit.range[0] || a.edit.range[1] - b.edit.range[1] || a.order - b.order)
    .map((e) => e.edit);
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  let out = '';
  let last = 0;
  for (const edit of sorted) {
    const [start, end] = edit.range;
    if (start < last || start > end || end > text.length) {
      skipped.push(edit);
      continue;
    }
    out += text.slice(last, start) + edit.text;
    last = end;
    applied.push(edit);
  }
  return { text: out + text.slice(last), applied, skipped };
}

