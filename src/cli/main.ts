import { createWriteStream } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { severities, type Severity } from '../core/severity.js';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { failsGate, TOOL_VERSION } from '../engine/scan.js';
import { resolveControlNames, UnknownControlError } from '../engine/select.js';
import type { ScanSettings } from '../engine/settings.js';
import { manualChecks } from '../guidance/catalog.js';
import { controlInfos, findControlInfo } from '../guidance/control-info.js';
import { explainControl, explainManualChecks, renderControlList } from '../guidance/explain.js';
import { scanNode } from '../load/node-scan.js';
import { scanPaths } from '../load/scan-paths.js';
import { parsePodTemplateOption, type PodTemplateLocation } from '../normalize/pod-spec-paths.js';
import { parsePssVersion } from '../pss/evaluate.js';
import { builtinReporters } from '../reporters/index.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INPUT = 2;

export const DEFAULT_FAIL_ON: Severity = 'high';

export interface CliIo {
  /** Writes to standard output; a returned promise is awaited (backpressure for large reports). */
  readonly stdout: (text: string) => void | Promise<void>;
  readonly stderr: (text: string) => void;
  readonly isTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

class UsageError extends Error {}

const list = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(',').map((v) => v.trim()).filter(Boolean),
];
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Runs the command line and returns the exit code; all process I/O goes through `io`. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('kubeharden')
    .description('Audit Kubernetes manifests against the NSA/CISA Kubernetes Hardening Guidance v1.2 and the Pod Security Standards.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('scan')
    .description('Scan manifest files, folders, Kustomize folders or standard input (-); or, with --node, the node kubeharden runs on.')
    .argument('[paths...]', 'files or folders to scan; - reads standard input (default: .)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(builtinReporters)).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an unsuppressed failed finding has at least this severity')
        .choices([...severities, 'none'])
        .default(DEFAULT_FAIL_ON),
    )
    .option('--pss-version <version>', 'Kubernetes version of the Pod Security Standards (v1.0 ... v1.37, or latest)', 'latest')
    .option('--controls <ids>', 'run only these controls (IDs or slugs, comma-separated)', list)
    .option('--skip-controls <ids>', 'do not run these controls (IDs or slugs, comma-separated)', list)
    .option('--trusted-registries <hosts>', 'registries images may come from (NSA-POD-032)', list)
    .option('--allowed-host-paths <paths>', 'hostPath paths allowed when mounted read-only (NSA-POD-010)', list)
    .option('--allowed-capabilities <caps>', 'capabilities containers may add (NSA-POD-013)', list)
    .option('--token-allow-list <workloads>', 'workloads (namespace/name) that need their API token (NSA-POD-023)', list)
    .option('--system-namespaces <names>', 'namespaces excluded from per-namespace checks', list)
    .option('--strict-apparmor', 'NSA-POD-015: also fail containers with no AppArmor profile')
    .option('--strict-volume-types', 'NSA-POD-021: allow only the volume types of the guidance App. C')
    .option('--pod-template <group/Kind=path>', 'where a custom resource keeps its pod template (repeatable)', collect)
    .option('--node', "scan this node's Kubernetes configuration: kubelet, static pod manifests, kubeconfigs, the files their flags name")
    .option('--root <dir>', 'with --node: the folder the node\'s filesystem is mounted at', '/')
    .option('--audit-log-max-age <days>', 'minimum audit log retention in days (NSA-LOG-007)', String(defaultSettings.auditLogMaxAgeDays))
    .action(async (paths: string[], options: ScanCommandOptions) => {
      exitCode = await runScan(paths, options, io);
    });

  program
    .command('controls')
    .description('List every control of the catalog: ID, slug, section, severity, scopes, implemented, automatic fix.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { format: 'table' | 'json' }) => {
      await io.stdout(renderControlList(controlInfos(builtinControls), options.format));
    });

  program
    .command('explain')
    .description('Describe a control: what it checks, why, what fails, how to fix it, and a compliant example.')
    .argument('[control]', 'a control ID (NSA-POD-006) or slug (privileged-containers)')
    .option('--manual', 'list the guidance recommendations that no scan can check (the manual checklist)')
    .action(async (name: string | undefined, options: { manual?: boolean }) => {
      const infos = controlInfos(builtinControls);
      if (options.manual) {
        if (name !== undefined) throw new UsageError('explain takes a control or --manual, not both');
        await io.stdout(explainManualChecks(manualChecks, infos));
        return;
      }
      if (name === undefined) throw new UsageError("explain needs a control ID or slug (e.g. NSA-POD-006), or --manual; 'kubeharden controls' lists them");
      const info = findControlInfo(infos, name);
      if (!info) {
        throw new UnknownControlError(
          `unknown control: ${name} (use a catalog ID such as NSA-POD-006 or a slug such as privileged-containers; 'kubeharden controls' lists them)`,
        );
      }
      await io.stdout(explainControl(info));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_INPUT;
    }
    if (error instanceof UsageError || error instanceof UnknownControlError) {
      io.stderr(`kubeharden: ${error.message}\n`);
      return EXIT_INPUT;
    }
    throw error;
  }
  return exitCode;
}

interface ScanCommandOptions {
  format: string;
  output?: string;
  failOn: Severity | 'none';
  pssVersion: string;
  controls?: string[];
  skipControls?: string[];
  trustedRegistries?: string[];
  allowedHostPaths?: string[];
  allowedCapabilities?: string[];
  tokenAllowList?: string[];
  systemNamespaces?: string[];
  strictApparmor?: boolean;
  strictVolumeTypes?: boolean;
  podTemplate?: string[];
  node?: boolean;
  root: string;
  auditLogMaxAge: string;
}

async function runScan(paths: string[], options: ScanCommandOptions, io: CliIo): Promise<number> {
  const settings = settingsFrom(options);
  const only = options.controls ? resolveControlNames(options.controls, builtinControls) : undefined;
  const skip = options.skipControls ? resolveControlNames(options.skipControls, builtinControls) : undefined;
  const scanOptions = { controls: builtinControls, settings, failOn: options.failOn, ...(only ? { only } : {}), ...(skip ? { skip } : {}) };
  if (options.node && paths.length > 0) throw new UsageError('scan --node reads the node under --root: give no paths with it');
  if (!options.node && options.root !== '/') throw new UsageError('--root is the root of a node scan: use it with --node');
  const { report } = options.node ? await scanNode(options.root, scanOptions) : await scanPaths(paths.length ? paths : ['.'], scanOptions);
  const reporter = builtinReporters[options.format];
  if (!reporter) throw new UsageError(`unknown format ${options.format}`);
  const color = !options.output && options.format === 'table' && io.isTty && !io.env['NO_COLOR'];
  const chunks = reporter.render(report, { color });
  if (options.output) await writeChunks(chunks, options.output);
  else for (const chunk of chunks) await io.stdout(chunk);
  if (report.errors.length > 0) {
    if (options.output || options.format !== 'table') {
      for (const e of report.errors) {
        const where = [e.file, e.line, e.column].filter((x) => x !== undefined).join(':');
        io.stderr(`kubeharden: ${e.kind} error: ${where ? where + ': ' : ''}${e.message}\n`);
      }
    }
    return EXIT_INPUT;
  }
  return failsGate(report, options.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

async function writeChunks(chunks: Iterable<string>, file: string): Promise<void> {
  const out = createWriteStream(file);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  for (const chunk of chunks) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
  out.end();
  await finished;
}

function settingsFrom(options: ScanCommandOptions): ScanSettings {
  let pssVersion;
  try {
    pssVersion = parsePssVersion(options.pssVersion);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const podTemplates = new Map<string, PodTemplateLocation>();
  for (const text of options.podTemplate ?? []) {
    try {
      const [key, location] = parsePodTemplateOption(text);
      podTemplates.set(key, location);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  const auditLogMaxAgeDays = Number(options.auditLogMaxAge);
  if (!Number.isInteger(auditLogMaxAgeDays) || auditLogMaxAgeDays < 0) throw new UsageError(`--audit-log-max-age must be a whole number of days, not ${options.auditLogMaxAge}`);
  return {
    ...defaultSettings,
    pssVersion,
    auditLogMaxAgeDays,
    ...(options.trustedRegistries ? { trustedRegistries: options.trustedRegistries } : {}),
    ...(options.allowedHostPaths ? { allowedHostPaths: options.allowedHostPaths } : {}),
    ...(options.allowedCapabilities ? { allowedCapabilities: options.allowedCapabilities } : {}),
    ...(options.tokenAllowList ? { tokenAllowList: options.tokenAllowList } : {}),
    ...(options.systemNamespaces ? { systemNamespaces: options.systemNamespaces } : {}),
    strictAppArmor: options.strictApparmor === true,
    strictVolumeTypes: options.strictVolumeTypes === true,
    podTemplates,
  };
}
