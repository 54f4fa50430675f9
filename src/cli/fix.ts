import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ControlDefinition } from '../core/control.js';
import { defaultFixDefaults, type FixDefaults } from '../core/fix.js';
import { formatRef, type ResourceRef } from '../core/resource.js';
import { builtinControls } from '../controls/index.js';
import { resolve } from 'node:path';
import { PolicyError } from '../policy/fields.js';
import { resolvePolicy } from './scan-policy.js';
import { resolveControlNames, UnknownControlError } from '../engine/select.js';
import { quantityValue } from '../controls/fixes.js';
import { unifiedDiff } from '../fix/diff.js';
import type { JsonPatchOp } from '../fix/ops.js';
import { fixFiles, type FixResult, type FixSuggestion } from '../fix/run.js';
import { findingFix } from '../fix/plan.js';
import type { ControlFix } from '../core/fix.js';
import type { ControlContext } from '../core/control.js';
import { guardFix, indexedBoundAccounts } from '../fix/guards.js';
import type { Finding, FindingFix } from '../core/report.js';
import type { Resource } from '../core/resource.js';
import { loadFiles } from '../load/files.js';
import { excludedBy } from '../load/exclude.js';

interface Io {
  readonly stdout: (text: string) => void | Promise<void>;
  readonly stderr: (text: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface FixOptions {
  dryRun?: boolean;
  write?: boolean;
  controls?: string[];
  level: 'baseline' | 'restricted';
  runAsUser: string;
  runAsGroup: string;
  requests?: string;
  limits?: string;
  config?: string | false;
  exceptions?: string[];
  exclude?: string[];
}

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_INPUT = 2;

/**
 * Controls whose fixes bring a workload to the Pod Security Standards baseline level (and label namespaces
 * to enforce it): what `--level baseline` applies. `restricted` applies every fix.
 */
export const BASELINE_FIX_CONTROLS: ReadonlySet<string> = new Set([
  'NSA-POD-006', 'NSA-POD-008', 'NSA-POD-009', 'NSA-POD-011', 'NSA-POD-013', 'NSA-POD-014', 'NSA-POD-015',
  'NSA-POD-016', 'NSA-POD-018', 'NSA-POD-019', 'NSA-POD-022', 'NSA-POD-026',
]);

const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/** Registers `kubeharden fix PATH... [--dry-run | --write] [--controls ID,...] [--level baseline|restricted]`. */
export function registerFix(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('fix')
    .description(
      'Apply the fixes of the fixable controls to manifest files: minimal edits that keep comments and layout. Prints a unified diff (--dry-run, the default) or changes the files (--write); fixes that could break a workload, and Helm or Kustomize output, are listed as suggestions with a patch.',
    )
    .argument('[paths...]', 'files or folders to fix (default: .)')
    .option('--dry-run', 'print the changes as a unified diff; change nothing (the default)')
    .option('--write', 'change the files')
    .option('--controls <ids>', 'fix only these controls (IDs or slugs, comma-separated)', list)
    .addOption(new Option('--level <level>', 'baseline: only the fixes the Pod Security Standards baseline needs; restricted: every fix').choices(['baseline', 'restricted']).default('restricted'))
    .option('--run-as-user <uid>', 'UID set when a pod may run as root and sets none', String(defaultFixDefaults.runAsUser))
    .option('--run-as-group <gid>', 'GID set when a pod sets none', String(defaultFixDefaults.runAsGroup))
    .option('--requests <cpu=Q,memory=Q>', `requests set where a container has none (default: cpu=${defaultFixDefaults.requests.cpu},memory=${defaultFixDefaults.requests.memory})`)
    .option('--limits <cpu=Q,memory=Q>', `limits set where a container has none (default: cpu=${defaultFixDefaults.limits.cpu},memory=${defaultFixDefaults.limits.memory})`)
    .option('--config <file>', "configuration file whose settings and exceptions apply (default: .kubeharden.yaml in the first path's folder or above)")
    .option('--no-config', 'read no configuration file')
    .option('--exceptions <file>', 'exceptions file: its suppressed findings are not fixed (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .option('--exclude <glob>', 'files and folders a folder walk skips, at any depth (repeatable; * and ? within a name, ** across folders)', (v: string, p: string[] = []) => [...p, v])
    .action(async (paths: string[], options: FixOptions) => {
      setExitCode(await runFix(paths, options, io));
    });
}

export async function runFix(paths: readonly string[], options: FixOptions, io: Io): Promise<number> {
  if (options.dryRun && options.write) return usage(io, '--dry-run and --write exclude each other');
  if (options.write && paths.includes('-')) return usage(io, '--write cannot change standard input: use --dry-run');
  let defaults: FixDefaults;
  let only: Set<string>;
  try {
    defaults = fixDefaultsFrom(options);
    only = fixControls(builtinControls, options.controls, options.level);
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  const scanned = paths.length ? paths : ['.'];
  let policy;
  try {
    policy = resolvePolicy(scanned, { failOn: 'none', ...(options.config !== undefined ? { config: options.config } : {}), ...(options.exceptions ? { exceptions: options.exceptions } : {}) }, () => false, builtinControls, io.env ?? {});
  } catch (error) {
    if (error instanceof PolicyError) return usage(io, error.message);
    throw error;
  }
  const excluded = excludedBy([...policy.exclude, ...(options.exclude ?? [])]);
  const loaded = await loadFiles(scanned, { ignore: (file) => policy.ownFiles.has(resolve(file)) || excluded?.(file) === true });
  const result = fixFiles(loaded.files, {
    controls: builtinControls,
    only,
    settings: { ...policy.settings, fixDefaults: defaults },
    ...(policy.scanOptions.exceptions ? { exceptions: policy.scanOptions.exceptions } : {}),
    ...(policy.scanOptions.now ? { now: policy.scanOptions.now } : {}),
  });
  const errors = [...loaded.errors, ...result.errors];
  if (options.write) {
    for (const file of result.files) await writeFile(file.path, file.after, 'utf8');
  } else {
    for (const file of result.files) await io.stdout(unifiedDiff(file.before, file.after, `a/${file.path}`, `b/${file.path}`));
  }
  await io.stdout(renderSuggestions(result.suggestions, { written: options.write === true }));
  await io.stdout(summary(result, options.write === true));
  for (const e of errors) {
    const where = [e.file, e.line, e.column].filter((x) => x !== undefined).join(':');
    io.stderr(`kubeharden: ${e.kind} error: ${where ? where + ': ' : ''}${e.message}\n`);
  }
  if (errors.length > 0) return EXIT_INPUT;
  if (result.suggestions.length > 0) return EXIT_FINDINGS;
  return !options.write && result.files.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The scan's `onFix` for SARIF output: each finding's own edits of its file, held back as `kubeharden fix`
 * holds them back (the bindings are in the index: FIX_GUARD_KINDS; the enforce label waits for the report,
 * see holdBackEarlyEnforcement).
 */
export function sarifFix(finding: Finding, resource: Resource, fix: ControlFix, ctx: ControlContext): FindingFix | undefined {
  const guarded = guardFix({ finding, resource, fix }, { boundAccounts: ctx.index.derive(indexedBoundAccounts), workloadsByNamespace: new Map() });
  return findingFix(resource, guarded.fix);
}

function usage(io: Io, message: string): number {
  io.stderr(`kubeharden fix: ${message}\n`);
  return EXIT_INPUT;
}

/** The fixable controls to apply: all of them, or those named, narrowed to the level. */
export function fixControls(controls: readonly ControlDefinition[], names: readonly string[] | undefined, level: 'baseline' | 'restricted'): Set<string> {
  let ids: Set<string>;
  try {
    ids = names ? resolveControlNames(names, controls) : new Set(controls.map((c) => c.meta.id as string));
  } catch (error) {
    if (error instanceof UnknownControlError) throw new Error(error.message);
    throw error;
  }
  // Controls that only ever suggest (fixable: false) still run, so that their suggestions are listed.
  const fixing = controls.filter((c) => ids.has(c.meta.id) && (level === 'restricted' || BASELINE_FIX_CONTROLS.has(c.meta.id)));
  return new Set(fixing.filter((c) => c.meta.fixable || suggestsOnly.has(c.meta.id)).map((c) => c.meta.id as string));
}

/** Controls with no automatic fix whose findings still carry a suggested patch. */
const suggestsOnly = new Set(['NSA-POD-002', 'NSA-POD-020']);

function fixDefaultsFrom(options: FixOptions): FixDefaults {
  const id = (text: string, flag: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > 2147483647) throw new Error(`${flag} must be a non-zero ID, not ${text}`);
    return value;
  };
  return {
    runAsUser: id(options.runAsUser, '--run-as-user'),
    runAsGroup: id(options.runAsGroup, '--run-as-group'),
    requests: quantities(options.requests, defaultFixDefaults.requests, '--requests'),
    limits: quantities(options.limits, defaultFixDefaults.limits, '--limits'),
    level: options.level,
  };
}

export function quantities(text: string | undefined, base: FixDefaults['requests'], flag: string): FixDefaults['requests'] {
  if (text === undefined) return base;
  const out = { ...base };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if ((name !== 'cpu' && name !== 'memory') || !value || quantityValue(value) === undefined) {
      throw new Error(`invalid ${flag} ${JSON.stringify(part)}: expected cpu=QUANTITY or memory=QUANTITY, for example cpu=100m,memory=128Mi`);
    }
    out[name] = value;
  }
  return out;
}

function summary(result: FixResult, written: boolean): string {
  const files = result.files.length;
  const verb = written ? 'changed' : 'would change';
  return `\n${result.fixed.length} finding${result.fixed.length === 1 ? '' : 's'} fixed; ${verb} ${files} file${files === 1 ? '' : 's'}; ${result.suggestions.length} suggestion${result.suggestions.length === 1 ? '' : 's'} not applied.\n`;
}

/**
 * Suggestions grouped by resource: why each is not applied, and the patch that would apply it. Lines are those
 * of the files as they are on disk: as read for a dry run, as written with `written`.
 */
export function renderSuggestions(suggestions: readonly FixSuggestion[], { written = false }: { written?: boolean } = {}): string {
  if (suggestions.length === 0) return '';
  // One group per object: a Kustomize object's findings may sit in its base and in the overlays' patches.
  const byResource = new Map<string, FixSuggestion[]>();
  for (const s of suggestions) {
    const key = `${s.finding.location?.rendered?.file ?? s.finding.location?.file ?? ''}\0${formatRef(s.resource)}`;
    byResource.set(key, [...(byResource.get(key) ?? []), s]);
  }
  let out = '\nSuggestions (not applied):\n';
  for (const group of byResource.values()) {
    const first = group[0] as FixSuggestion;
    const files = new Set(group.map((s) => s.finding.location?.file));
    const header = files.size === 1 ? first.finding.location?.file : first.finding.location?.rendered?.file;
    out += `\n${header !== undefined ? `${header}: ` : ''}${formatRef(first.resource)}\n`;
    for (const s of group) {
      const location = written ? s.finding.location : s.inputLocation;
      const file = s.finding.location && s.finding.location.file !== header ? `${s.finding.location.file}, ` : '';
      // A finding only the fixes brought about has no line in the unchanged file: name the one it will have.
      const line = file + (location ? `line ${location.line}, ` : !written && s.finding.location ? `line ${s.finding.location.line} once fixed, ` : '');
      out += `  ${s.finding.controlId} (${line}${s.finding.path}): ${s.finding.message}\n`;
      out += `    not applied: ${s.reason}\n    fix: ${s.description}\n`;
    }
    const patch = first.resourcePatch;
    out += `  patch: ${kubectlPatch(first.resource, patch)}\n`;
    if (group.some((s) => s.rendered)) out += kustomizePatch(first.resource, patch);
  }
  return out;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function kubectlPatch(ref: ResourceRef, patch: readonly JsonPatchOp[]): string {
  const group = ref.apiVersion.includes('/') ? `.${ref.apiVersion.split('/')[0]}` : '';
  const namespace = ref.namespace ? ` -n ${ref.namespace}` : '';
  return `kubectl patch ${ref.kind.toLowerCase()}${group} ${ref.name}${namespace} --type=json -p ${shellQuote(JSON.stringify(patch))}`;
}

/** An entry for a kustomization's `patches:` list that applies the same JSON patch to the rendered object. */
export function kustomizePatch(ref: ResourceRef, patch: readonly JsonPatchOp[]): string {
  const [group, version] = ref.apiVersion.includes('/') ? ref.apiVersion.split('/') : ['', ref.apiVersion];
  const target = [
    ...(group ? [`group: ${group}`] : []),
    `version: ${version}`,
    `kind: ${ref.kind}`,
    `name: ${ref.name}`,
    ...(ref.namespace ? [`namespace: ${ref.namespace}`] : []),
  ].join(', ');
  const ops = patch.map((op) => `          - ${JSON.stringify(op)}`).join('\n');
  return `  kustomization.yaml:\n    patches:\n      - target: {${target}}\n        patch: |-\n${ops}\n`;
}
