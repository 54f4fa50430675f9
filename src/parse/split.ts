// Splits a YAML stream into documents by their `---` / `...` marker lines, so that each document can be
// parsed on its own (fast, no positions) and located later only if it has findings. A marker at column 0
// always ends a document in YAML, even inside a quoted scalar, so the split is exact for valid YAML.

export interface DocumentSlice {
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start`. */
  readonly startLine: number;
}

const markerLine = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/;

export function splitDocuments(text: string): DocumentSlice[] {
  const slices: DocumentSlice[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let offset = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    if (text.charCodeAt(offset) === 45 /* - */ || text.charCodeAt(offset) === 46 /* . */) {
      const head = text.slice(offset, Math.min(lineEnd, offset + 4));
      if (markerLine.test(head)) {
        if (offset > start) slices.push({ start, end: offset, startLine });
        if (text.startsWith('---', offset)) {
          // `--- ` may carry content on the same line (`--- !tag` or `--- {a: 1}`): keep the line in the next document.
          start = offset;
          startLine = line;
        } else {
          start = newline === -1 ? text.length : newline + 1;
          startLine = line + 1;
        }
      }
    }
    if (newline === -1) break;
    offset = newline + 1;
    line++;
  }
  if (start < text.length) slices.push({ start, end: text.length, startLine });
  return slices;
}
