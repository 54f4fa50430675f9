/**
 * A unified diff of two texts (`diff -u` format, 3 lines of context), from Myers' O(ND) algorithm: fixes
 * change a few lines of each file, so D is small. Line ends are kept in the lines (CRLF shows as is).
 */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const script = editScript(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < script.length) {
    if (script[i]?.type === 'same') {
      i++;
      continue;
    }
    // A hunk runs from `context` lines before the first change to `context` lines after the last change
    // that is within 2 * context lines of the previous one.
    let start = i;
    let backed = 0;
    while (start > 0 && backed < context && script[start - 1]?.type === 'same') {
      start--;
      backed++;
    }
    let end = i;
    let lastChange = i;
    while (end < script.length) {
      if (script[end]?.type !== 'same') lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end++;
    }
    end = Math.min(script.length, lastChange + 1 + context);
    const slice = script.slice(start, end);
    const first = slice[0] as Step;
    const oldCount = slice.filter((s) => s.type !== 'add').length;
    const newCount = slice.filter((s) => s.type !== 'del').length;
    const oldStart = oldCount === 0 ? first.oldLine - 1 : first.oldLine;
    const newStart = newCount === 0 ? first.newLine - 1 : first.newLine;
    let body = `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`;
    for (const step of slice) {
      const prefix = step.type === 'same' ? ' ' : step.type === 'del' ? '-' : '+';
      body += prefix + step.text + (step.text.endsWith('\n') ? '' : '\n\\ No newline at end of file\n');
    }
    hunks.push(body);
    i = end;
  }
  return `--- ${oldName}\n+++ ${newName}\n${hunks.join('')}`;
}

interface Step {
  readonly type: 'same' | 'del' | 'add';
  readonly text: string;
  /** 1-based line numbers in the old and new text where this step is (or would be). */
  readonly oldLine: number;
  readonly newLine: number;
}

function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

function editScript(a: readonly string[], b: readonly string[]): Step[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (next[offset + k - 1] as number) < (next[offset + k + 1] as number))) x = next[offset + k + 1] as number;
      else x = (next[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);
  // Walk back from (n, m) through the recorded frontiers.
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const frontier = trace[d] as Int32Array;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && (frontier[offset + k - 1] as number) < (frontier[offset + k + 1] as number))) prevK = k + 1;
    else prevK = k - 1;
    const prevX = d === 0 ? 0 : (frontier[offset + prevK] as number);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      steps.push({ type: 'same', text: a[x] as string, oldLine: x + 1, newLine: y + 1 });
    }
    if (d === 0) break;
    if (x === prevX) {
      y--;
      steps.push({ type: 'add', text: b[y] as string, oldLine: x + 1, newLine: y + 1 });
    } else {
      x--;
      steps.push({ type: 'del', text: a[x] as string, oldLine: x + 1, newLine: y + 1 });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    steps.push({ type: 'same', text: a[x] as string, oldLine: x + 1, newLine: y + 1 });
  }
  return steps.reverse();
}
