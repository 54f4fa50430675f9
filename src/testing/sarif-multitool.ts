// The Microsoft SARIF Multitool (npm @microsoft/sarif-multitool-linux, a dev dependency) validates SARIF
// files against the 2.1.0 schema and its SARIF and GitHub rules. It exits 0 even when it finds errors,
// so its own SARIF output is read back.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './shared-fixtures.js';

/** The Multitool binary, or undefined where the package is not installed (it exists for Linux only). */
export function multitoolBinary(): string | undefined {
  const root = repoRoot();
  if (!root || process.platform !== 'linux') return undefined;
  const binary = join(root, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
  if (!existsSync(binary)) return undefined;
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    // The package's postinstall makes it executable; an install that ran no scripts did not.
    chmodSync(binary, 0o755);
  }
  return binary;
}

export interface ValidationIssue {
  readonly file: string;
  readonly ruleId: string;
  readonly level: 'error' | 'warning' | 'note' | 'none';
  readonly message: string;
}

/** Validates the files with `--rule-kind "Sarif;Gh"` in one run and returns every issue, per file. */
export function validateSarif(binary: string, files: readonly string[]): ValidationIssue[] {
  const output = join(mkdtempSync(join(tmpdir(), 'kubeharden-multitool-')), 'validation.sarif');
  const run = spawnSync(binary, ['validate', '--rule-kind', 'Sarif;Gh', '--output', output, ...files], {
    encoding: 'utf8',
    // Machines without ICU (slim images) would make .NET abort at start.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    timeout: 300_000,
  });
  if (run.error) throw run.error;
  if (!existsSync(output)) throw new Error(`the SARIF Multitool wrote no output (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const log = JSON.parse(readFileSync(output, 'utf8')) as MultitoolLog;
  const runOf = log.runs[0];
  const rules = new Map((runOf?.tool.driver.rules ?? []).map((r) => [r.id, r]));
  return (runOf?.results ?? []).map((result) => {
    const rule = rules.get(result.ruleId);
    const template = rule?.messageStrings?.[result.message.id ?? '']?.text ?? result.message.text ?? result.message.id ?? '';
    const args = result.message.arguments ?? [];
    const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    return {
      file: uri ? resolve(decodeURIComponent(uri.replace(/^file:\/\//, ''))) : '',
      ruleId: result.ruleId,
      level: result.level ?? rule?.defaultConfiguration?.level ?? 'warning',
      message: template.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? ''),
    };
  });
}

interface MultitoolLog {
  readonly runs: readonly {
    readonly tool: {
      readonly driver: {
        readonly rules?: readonly {
          readonly id: string;
          readonly defaultConfiguration?: { readonly level?: ValidationIssue['level'] };
          readonly messageStrings?: Readonly<Record<string, { readonly text: string }>>;
        }[];
      };
    };
    readonly results?: readonly {
      readonly ruleId: string;
      readonly level?: ValidationIssue['level'];
      readonly message: { readonly id?: string; readonly text?: string; readonly arguments?: readonly string[] };
      readonly locations?: readonly { readonly physicalLocation?: { readonly artifactLocation?: { readonly uri?: string } } }[];
    }[];
  }[];
}
