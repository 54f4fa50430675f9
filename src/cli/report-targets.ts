import { createWriteStream } from 'node:fs';
import { Option } from 'commander';
import type { ScanReport } from '../core/report.js';
import { builtinReporters } from '../reporters/index.js';
import type { Reporter, ReporterContext } from '../reporters/reporter.js';

/** One report of a scan: a format, and the file it goes to (undefined: standard output). */
export interface ReportTarget {
  readonly format: string;
  readonly reporter: Reporter;
  readonly output?: string;
}

export class ReportTargetError extends Error {}

/**
 * `--format` and `--output`, repeatable: each `--output` belongs to the `--format` before it, so
 * `-f table -f sarif -o kubeharden.sarif` prints the table and writes SARIF to the file. An `--output`
 * before any `--format` belongs to the first format (or to the default table). The options record their
 * order as commander reads them; `targets()` pairs them once parsing is done.
 */
export function reportTargetOptions(): { options: Option[]; targets: () => ReportTarget[] } {
  const sequence: { option: 'format' | 'output'; value: string }[] = [];
  const record = (option: 'format' | 'output') => (value: string) => {
    sequence.push({ option, value });
    return value;
  };
  const names = Object.keys(builtinReporters);
  const options = [
    new Option('-f, --format <format>', `report format, repeatable (${names.join(', ')}; default table)`).argParser(record('format')),
    new Option('-o, --output <file>', 'write the report of the --format before it to FILE (repeatable; default standard output)').argParser(record('output')),
  ];
  return { options, targets: () => pairTargets(sequence) };
}

export function pairTargets(sequence: readonly { option: 'format' | 'output'; value: string }[]): ReportTarget[] {
  const pairs: { format: string; output?: string }[] = [];
  let pending: string | undefined;
  for (const { option, value } of sequence) {
    if (option === 'format') {
      pairs.push(pending === undefined ? { format: value } : { format: value, output: pending });
      pending = undefined;
      continue;
    }
    const last = pairs.at(-1);
    if (last && last.output === undefined) last.output = value;
    else if (!last && pending === undefined) pending = value;
    else {
      throw new ReportTargetError(
        `--output ${value} has no --format of its own: give each --output after the --format it belongs to (e.g. -f sarif -o report.sarif)`,
      );
    }
  }
  if (pairs.length === 0) pairs.push(pending === undefined ? { format: 'table' } : { format: 'table', output: pending });
  const targets = pairs.map(({ format, output }) => {
    const reporter = builtinReporters[format];
    if (!reporter) {
      throw new ReportTargetError(`unknown format: ${format} (choose from ${Object.keys(builtinReporters).join(', ')})`);
    }
    return { format, reporter, ...(output !== undefined ? { output } : {}) };
  });
  const toStdout = targets.filter((t) => t.output === undefined);
  if (toStdout.length > 1) {
    throw new ReportTargetError(
      `only one format can write to standard output, not ${toStdout.map((t) => t.format).join(' and ')}: give the others an --output FILE`,
    );
  }
  const seen = new Set<string>();
  for (const { output } of targets) {
    if (output === undefined) continue;
    if (seen.has(output)) throw new ReportTargetError(`two reports would be written to ${output}: give each --output its own file`);
    seen.add(output);
  }
  return targets;
}

/** Writes every report of one scan: files first, then standard output. Errors name the file. */
export async function writeReports(
  report: ScanReport,
  targets: readonly ReportTarget[],
  ctx: Omit<ReporterContext, 'color'>,
  stdout: (text: string) => void | Promise<void>,
  stdoutColor: boolean,
): Promise<void> {
  for (const target of targets) {
    if (target.output === undefined) continue;
    try {
      await writeChunks(target.reporter.render(report, { ...ctx, color: false }), target.output);
    } catch (error) {
      throw new ReportTargetError(`cannot write the ${target.format} report to ${target.output}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const target of targets) {
    if (target.output !== undefined) continue;
    for (const chunk of target.reporter.render(report, { ...ctx, color: stdoutColor && target.format === 'table' })) await stdout(chunk);
  }
}

async function writeChunks(chunks: Iterable<string>, file: string): Promise<void> {
  const out = createWriteStream(file);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  // Marked as handled here; awaited below, where an error still throws.
  finished.catch(() => undefined);
  try {
    for (const chunk of chunks) {
      if (!out.write(chunk)) {
        await Promise.race([new Promise<void>((resolve) => out.once('drain', resolve)), finished]);
      }
    }
  } finally {
    out.end();
  }
  await finished;
}

/** Where a Markdown report links `file:line`: the commit being built, when running in GitHub Actions. */
export function linkBaseFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const server = env['GITHUB_SERVER_URL'];
  const repository = env['GITHUB_REPOSITORY'];
  const sha = env['GITHUB_SHA'];
  if (!server || !repository || !sha) return undefined;
  return `${server.replace(/\/+$/, '')}/${repository}/blob/${sha}/`;
}
