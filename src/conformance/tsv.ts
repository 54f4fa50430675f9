import { readFileSync } from 'node:fs';

export type TsvRow = Readonly<Record<string, string>>;

/**
 * Reads a tab-separated file whose first line names the columns. Cells are kept as text; a column
 * missing from a short row reads as ''. Reading a column the header does not have is an error, so a
 * renamed column fails loudly instead of reading as empty.
 */
export function readTsv(file: string, requiredColumns: readonly string[]): TsvRow[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  const rows: TsvRow[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    header.forEach((name, i) => (row[name] = cells[i] ?? ''));
    rows.push(row);
  }
  return rows;
}

/** A cell that lists several values (`a;b`, `a | b`), without empty entries. */
export function splitCell(cell: string, separator: string | RegExp): string[] {
  return cell
    .split(separator)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
