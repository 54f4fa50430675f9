import type { ScanReport } from '../core/report.js';

export interface ReporterContext {
  /** Whether ANSI colours may be used (a TTY, and NO_COLOR unset). */
  readonly color: boolean;
}

/** A reporter is a pure function of the report: it never touches the file system or the process. */
export interface Reporter {
  readonly name: string;
  readonly fileExtension: string;
  render(report: ScanReport, ctx: ReporterContext): string;
}
