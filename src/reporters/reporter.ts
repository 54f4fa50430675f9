import type { ScanReport } from '../core/report.js';
import type { ExcerptSource } from './excerpts.js';

export interface ReporterContext {
  /** Whether ANSI colours may be used (a TTY, and NO_COLOR unset). */
  readonly color: boolean;
  /**
   * The source lines around a finding, when the caller kept the texts it scanned (the CLI does). The
   * report itself carries no source text; reporters that show lines must work without them.
   */
  readonly excerpts?: ExcerptSource;
  /**
   * The working directory of the scan: absolute file names inside it are written relative to it where a
   * format wants paths relative to the repository (SARIF, GitHub annotations). Unset: names as reported.
   */
  readonly cwd?: string;
  /**
   * Where files can be browsed, e.g. `https://github.com/OWNER/REPO/blob/SHA/`: Markdown links each
   * `file:line` there. Unset: positions are written as text.
   */
  readonly linkBase?: string;
}

/**
 * A reporter is a pure function of the report: it never touches the file system or the process.
 * It yields the output in pieces, so that a report of hundreds of thousands of findings is written
 * out without ever being one string in memory.
 */
export interface Reporter {
  readonly name: string;
  readonly fileExtension: string;
  render(report: ScanReport, ctx: ReporterContext): Iterable<string>;
}

/** The whole output as one string, for small reports and tests. */
export function renderToString(reporter: Reporter, report: ScanReport, ctx: ReporterContext): string {
  let out = '';
  for (const chunk of reporter.render(report, ctx)) out += chunk;
  return out;
}
