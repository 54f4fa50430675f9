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
