import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { ControlDefinition } from '../core/control.js';
import type { Severity } from '../core/severity.js';
import { defaultSettings } from '../engine/default-settings.js';
import type { ScanOptions } from '../engine/scan.js';
import { resolveControlNames } from '../engine/select.js';
import type { ScanSettings } from '../engine/settings.js';
import { findConfigFile } from '../load/config-file.js';
import { readBaseline } from '../policy/baseline.js';
import { readConfig, type KubehardenConfig } from '../policy/config.js';
import { controlNames } from '../policy/control-names.js';
import { readExceptionsFile, type ExceptionRule } from '../policy/exceptions.js';
import { isCalendarDate, PolicyError } from '../policy/fields.js';

/** The flags of `kubeharden scan` that this module reads. */
export interface PolicyFlags {
  readonly failOn: Severity | 'none';
  readonly controls?: string[];
  readonly skipControls?: string[];
  /** A file, false for --no-config, undefined to look for .kubeharden.yaml. */
  readonly config?: string | false;
  readonly exceptions?: string[];
  readonly inlineExceptions?: boolean;
  readonly auditExceptions?: boolean;
  readonly baseline?: string;
  readonly minScore?: string;
  readonly pssLevel?: 'baseline' | 'restricted';
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Registers the configuration, exception, baseline and gate flags on the scan command. */
export function addPolicyOptions(command: Command): Command {
  return command
    .option('--config <file>', 'configuration file (default: .kubeharden.yaml in the first scanned path\'s folder or above)')
    .option('--no-config', 'read no configuration file')
    .option('--exceptions <file>', 'exceptions file (YAML; repeatable)', collect)
    .option('--no-inline-exceptions', 'ignore kubeharden.io/ignore annotations and # kubeharden:ignore comments')
    .option('--audit-exceptions', 'print the unused and expired exceptions instead of the report; exit 1 when one has expired')
    .option('--baseline <report.json>', 'JSON report of an earlier scan: the findings it had are kept as baseline and do not fail the gate')
    .option('--min-score <percent>', 'exit 1 when the overall compliance score is below this percentage')
    .addOption(new Option('--pss-level <level>', 'exit 1 when a workload reaches only a lower Pod Security Standards level').choices(['baseline', 'restricted']));
}

/** What the configuration file and the policy flags decide for one scan (flags win over the file). */
export interface ScanPolicy {
  readonly configFile?: string;
  /** Defaults with the configuration file's settings applied; the settings flags go on top. */
  readonly settings: ScanSettings;
  readonly scanOptions: Omit<ScanOptions, 'controls' | 'settings' | 'loadErrors'>;
  /** Files the folder walk must not read as manifests. */
  readonly ownFiles: ReadonlySet<string>;
  /** The configuration file's `exclude` globs (the command line's `--exclude` adds to them). */
  readonly exclude: readonly string[];
  readonly audit: boolean;
}

/**
 * Reads the configuration file (given, or found upward from the first scanned path), the exceptions
 * files and the baseline, and merges them with the flags: a flag given on the command line replaces the
 * file's value for that key; exceptions from every source add up. `now` judges exception expiry:
 * KUBEHARDEN_NOW (YYYY-MM-DD or an ISO time) pins it, for reproducible audits.
 */
export function resolvePolicy(
  paths: readonly string[],
  flags: PolicyFlags,
  fromCommandLine: (option: string) => boolean,
  controls: readonly ControlDefinition[],
  env: Readonly<Record<string, string | undefined>>,
): ScanPolicy {
  const names = controlNames(controls);
  const found = flags.config === false || flags.config !== undefined ? undefined : findConfigFile(paths.find((p) => p !== '-') ?? '.');
  const configFile = flags.config === false ? undefined : flags.config ?? (found && shortPath(found));
  const config = configFile ? readConfig(readText(configFile, 'configuration file'), configFile, names) : undefined;
  const ownFiles = new Set<string>();
  const rules: ExceptionRule[] = [...(config?.exceptions ?? [])];
  const exceptionFiles = [
    ...(config?.exceptionsFile ? [relativeTo(config, config.exceptionsFile)] : []),
    ...(flags.exceptions ?? []),
  ];
  for (const file of exceptionFiles) {
    ownFiles.add(resolve(file));
    rules.push(...readExceptionsFile(readText(file, 'exceptions file'), file, names));
  }
  const baseline = flags.baseline ? readBaseline(readText(flags.baseline, 'baseline report'), flags.baseline) : undefined;
  if (flags.baseline) ownFiles.add(resolve(flags.baseline));
  const minScore = flags.minScore !== undefined ? parseMinScore(flags.minScore) : config?.minScore;
  const pssLevel = flags.pssLevel ?? config?.pssLevel;
  const only = flags.controls ? resolveControlNames(flags.controls, controls) : config?.enabled;
  const skip = flags.skipControls ? resolveControlNames(flags.skipControls, controls) : config?.disabled;
  const inline = fromCommandLine('inlineExceptions') ? flags.inlineExceptions !== false : config?.inlineExceptions ?? true;
  return {
    ...(configFile ? { configFile } : {}),
    settings: { ...defaultSettings, ...config?.settings },
    scanOptions: {
      failOn: fromCommandLine('failOn') ? flags.failOn : config?.failOn ?? flags.failOn,
      ...(only ? { only } : {}),
      ...(skip ? { skip } : {}),
      ...(config?.severity ? { severityOverrides: config.severity } : {}),
      exceptions: { rules, inline },
      now: clock(env['KUBEHARDEN_NOW']),
      ...(baseline ? { baseline } : {}),
      ...(minScore !== undefined ? { minScore } : {}),
      ...(pssLevel ? { pssLevel } : {}),
    },
    ownFiles,
    exclude: config?.exclude ?? [],
    audit: flags.auditExceptions === true,
  };
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PolicyError(`${file}: cannot read the ${what}${code ? ` (${code})` : ''}`);
  }
}

function relativeTo(config: KubehardenConfig, file: string): string {
  return isAbsolute(file) ? file : shortPath(resolve(dirname(config.file), file));
}

/** A path as messages show it: relative to the current folder when it is inside it. */
function shortPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}

function parseMinScore(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new PolicyError(`--min-score: expected a percentage from 0 to 100, got ${JSON.stringify(text)}`);
  }
  return value;
}

function clock(pinned: string | undefined): Date {
  if (pinned === undefined || pinned === '') return new Date();
  const date = new Date(isCalendarDate(pinned) ? `${pinned}T00:00:00Z` : pinned);
  if (Number.isNaN(date.getTime())) throw new PolicyError(`KUBEHARDEN_NOW: expected a date (YYYY-MM-DD) or an ISO time, got ${JSON.stringify(pinned)}`);
  return date;
}
