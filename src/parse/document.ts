import type { SourceDocument } from '../core/resource.js';

/**
 * The 1-based line where a document's content starts: the first line that is not blank, a comment or a
 * `---` marker. Read straight from the text, so that locating a whole resource costs no parse.
 */
export function firstContentLine(document: SourceDocument): number {
  let line = document.startLine;
  let offset = document.start;
  while (offset < document.end) {
    const newline = document.text.indexOf('\n', offset);
    const end = newline === -1 || newline > document.end ? document.end : newline;
    const text = document.text.slice(offset, end).trim();
    if (text !== '' && !text.startsWith('#') && text !== '---') return line;
    if (newline === -1) break;
    offset = newline + 1;
    line++;
  }
  return document.startLine;
}

/** 1-based line and column (UTF-16 code units, as SARIF's columnKind says) of an offset in a text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
