import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { severities, type Severity } from '../core/severity.js';
import { builtinControls } from '../controls/index.js';
import { validatePatterns } from '../core/credentials.js';
import { parseVersion } from '../core/versions.js';
import { defaultNodeMinimums, defaultSettings, defaultSupportedKubernetesMinors } from '../engine/default-settings.js';
import { TOOL_VERSION } from '../engine/scan.js';
import { UnknownControlError } from '../engine/select.js';
import type { ScanSettings } from '../engine/settings.js';
import { manualChecks } from '../guidance/catalog.js';
import { controlInfos, findControlInfo } from '../guidance/control-info.js';
import { explainControl, explainManualChecks, renderControlList } from '../guidance/explain.js';
import { scanNode } from '../load/node-scan.js';
import { scanPaths } from '../load/scan-paths.js';
import { parseCidr } from '../network/cidr.js';
import { withPodTemplateOptions } from '../normalize/pod-spec-paths.js';
import { parsePssVersion } from '../pss/evaluate.js';
import { adminSubjects } from '../rbac/subjects.js';
import { sourceExcerpts } from '../reporters/excerpts.js';
import { registerWhoCan } from './who-can.js';
import { registerWebhook } from './webhook.js';
import { registerFix, sarifFix } from './fix.js';
import { FIX_GUARD_KINDS, holdBackEarlyEnforcement } from '../fix/guards.js';
import { excludedBy } from '../load/exclude.js';
import { registerGenerate } from './generate.js';
import { linkBaseFromEnv, ReportTargetError, reportTargetOptions, writeReports, type ReportTarget } from './report-targets.js';
import { auditExceptions, renderExceptionAudit } from '../policy/audit.js';
import { PolicyError } from '../policy/fields.js';
import { addPolicyOptions, resolvePolicy, type PolicyFlags } from './scan-policy.js';
import { addVulnOptions, EvidenceError, isEvidenceFile, vulnerabilitySettings, type VulnFlags } from './vuln.js';
import { addClusterOptions, ClusterUsageError, clusterRoleFor, completeness, isClusterScan, runClusterScan, type ClusterFlags } from './cluster.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INPUT = 2;
/** The tool failed: a control or the engine threw (the report lists what was not judged), or a crash. */
export const EXIT_INTERNAL = 3;

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

  const reports = reportTargetOptions();
  const scanCommand = program
    .command('scan')
    .description('Scan manifest files, folders, Kustomize folders or standard input (-); or, with --node, the node kubeharden runs on; or, with --cluster, a live cluster through its API.')
    .argument('[paths...]', 'files or folders to scan; - reads standard input (default: .)');
  for (const option of reports.options) scanCommand.addOption(option);
  scanCommand
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an unsuppressed failed finding has at least this severity')
        .choices([...severities, 'none'])
        .default(DEFAULT_FAIL_ON),
    )
    .option('--pss-version <version>', 'Kubernetes version of the Pod Security Standards (v1.0 ... v1.37, or latest)', 'latest')
    .option('--controls <ids>', 'run only these controls (IDs or slugs, comma-separated)', list)
    .option('--skip-controls <ids>', 'do not run these controls (IDs or slugs, comma-separated)', list)
    .option('--exclude <glob>', 'files and folders a folder walk skips, at any depth (repeatable; * and ? within a name, ** across folders)', collect)
    .option('--trusted-registries <hosts>', 'registries images may come from (NSA-POD-032)', list)
    .option('--allowed-host-paths <paths>', 'hostPath paths allowed when mounted read-only (NSA-POD-010)', list)
    .option('--allowed-capabilities <caps>', 'capabilities containers may add (NSA-POD-013)', list)
    .option('--token-allow-list <workloads>', 'workloads (namespace/name) that need their API token (NSA-POD-023)', list)
    .option('--system-namespaces <names>', 'namespaces excluded from per-namespace checks', list)
    .option(
      '--admin-subjects <subjects>',
      'RBAC subjects whose broad permissions are expected, replacing the defaults: User:NAME, Group:NAME, ServiceAccount:NAMESPACE:NAME (a trailing * matches by prefix)',
      list,
    )
    .option('--metadata-addresses <cidrs>', 'cloud metadata service addresses pods must not reach (NSA-NET-009)', list)
    .option('--strict-apparmor', 'NSA-POD-015: also fail containers with no AppArmor profile')
    .option('--strict-volume-types', 'NSA-POD-021: allow only the volume types of the guidance App. C')
    .option('--pod-template <group/Kind=path>', 'where a custom resource keeps its pod template (repeatable)', collect)
    .option(
      '--sensitive-key-pattern <regex>',
      'NSA-SEC-005: a regex naming credential keys, matched case-insensitively on the name in lower snake_case (repeatable; added to the defaults: password, passwd, passphrase, pwd, pass as last word, secret, token, credential, creds, jwt, bearer, apikey, privatekey, key)',
      collect,
    )
    .option(
      '--non-sensitive-key-pattern <regex>',
      'NSA-SEC-005: a regex for names that hold no credential although a sensitive pattern matches (repeatable; added to the defaults: names ending in _file, _path, _dir, _name, _id, _url, _endpoint, _ttl, _timeout, _length, _type, _header and similar descriptors, and public keys)',
      collect,
    )
    .option(
      '--secret-value-pattern <regex>',
      'NSA-SEC-005: a case-sensitive regex recognising a credential value whatever its name (repeatable; added to the defaults: private keys, AWS access key IDs, GitHub, GitLab, Slack, Google and Stripe tokens, JWTs, bearer tokens, URLs with a password)',
      collect,
    )
    .option(
      '--supported-versions <v1.A-v1.B>',
      'NSA-UPG-001: supported Kubernetes minor versions, oldest to newest',
      `v1.${defaultSupportedKubernetesMinors.oldest}-v1.${defaultSupportedKubernetesMinors.newest}`,
    )
    .option('--min-kernel <version>', 'NSA-UPG-005: oldest Linux kernel accepted on nodes (kubeadm\'s oldest supported LTS)', defaultNodeMinimums().kernel)
    .option(
      '--min-runtime <name=version>',
      `NSA-UPG-005: oldest container runtime accepted, by the scheme of containerRuntimeVersion (repeatable; defaults: ${formatPairs(defaultNodeMinimums().runtimes)}, where CRI-O follows the oldest supported minor)`,
      collect,
    )
    .option(
      '--min-os <name=version>',
      `NSA-UPG-005: oldest release accepted for an OS whose osImage starts with name (repeatable; defaults: ${formatPairs(defaultNodeMinimums().operatingSystems)})`,
      collect,
    )
    .option('--node', "scan this node's Kubernetes configuration: kubelet, static pod manifests, kubeconfigs, the files their flags name")
    .option('--root <dir>', 'with --node: the folder the node\'s filesystem is mounted at', '/')
    .option('--audit-log-max-age <days>', 'minimum audit log retention in days (NSA-LOG-007)', String(defaultSettings.auditLogMaxAgeDays))
    .action(async (paths: string[], options: ScanCommandOptions, command: Command) => {
      exitCode = await runScan(paths, options, reports.targets(), io, (option) => command.getOptionValueSource(option) === 'cli');
    });
  addPolicyOptions(scanCommand);
  addVulnOptions(scanCommand);
  addClusterOptions(scanCommand);

  registerWhoCan(program, io, (code) => {
    exitCode = code;
  });
  registerWebhook(program, io, (code) => {
    exitCode = code;
  });
  registerFix(program, io, (code) => {
    exitCode = code;
  });
  registerGenerate(program, io, (code) => {
    exitCode = code;
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
    if (error instanceof UsageError || error instanceof ClusterUsageError || error instanceof UnknownControlError || error instanceof ReportTargetError || error instanceof PolicyError || error instanceof EvidenceError) {
      io.stderr(`kubeharden: ${error.message}\n`);
      return EXIT_INPUT;
    }
    throw error;
  }
  return exitCode;
}

interface ScanCommandOptions extends PolicyFlags, VulnFlags, ClusterFlags {
  failOn: Severity | 'none';
  pssVersion: string;
  controls?: string[];
  skipControls?: string[];
  exclude?: string[];
  trustedRegistries?: string[];
  allowedHostPaths?: string[];
  allowedCapabilities?: string[];
  tokenAllowList?: string[];
  systemNamespaces?: string[];
  adminSubjects?: string[];
  metadataAddresses?: string[];
  strictApparmor?: boolean;
  strictVolumeTypes?: boolean;
  podTemplate?: string[];
  sensitiveKeyPattern?: string[];
  nonSensitiveKeyPattern?: string[];
  secretValuePattern?: string[];
  supportedVersions: string;
  minKernel: string;
  minRuntime?: string[];
  minOs?: string[];
  node?: boolean;
  root: string;
  auditLogMaxAge: string;
}

async function runScan(
  paths: string[],
  options: ScanCommandOptions,
  targets: readonly ReportTarget[],
  io: CliIo,
  fromCommandLine: (option: string) => boolean,
): Promise<number> {
  if (options.node && paths.length > 0) throw new UsageError('scan --node reads the node under --root: give no paths with it');
  if (!options.node && options.root !== '/') throw new UsageError('--root is the root of a node scan: use it with --node');
  const cluster = isClusterScan(paths, options, options.node === true, fromCommandLine);
  const scanned = options.node ? [options.root] : paths.length ? paths : ['.'];
  const policy = resolvePolicy(scanned, options, fromCommandLine, builtinControls, io.env);
  const vulnerabilities = vulnerabilitySettings(options, (text) => io.stderr(`kubeharden: note: ${text}\n`));
  const settings = { ...settingsFrom(options, policy.settings, fromCommandLine), ...(vulnerabilities ? { vulnerabilities } : {}) };
  // SARIF carries each finding's fix as text replacements: worked out only when a SARIF report is written.
  const fixes = targets.some((t) => t.format === 'sarif') ? { onFix: sarifFix, indexAlso: FIX_GUARD_KINDS } : {};
  const scanOptions = { controls: builtinControls, settings, ...policy.scanOptions, ...fixes };
  if (cluster && options.printRbac) {
    await io.stdout(clusterRoleFor(scanOptions));
    return EXIT_OK;
  }
  const evidenceFile = isEvidenceFile(options);
  const excluded = excludedBy([...policy.exclude, ...(options.exclude ?? [])]);
  const clusterReport = cluster ? await runClusterScan(options, scanOptions, { stderr: io.stderr, env: io.env, progress: process.stderr.isTTY === true }) : undefined;
  if (cluster && !clusterReport) return EXIT_INPUT;
  const result = clusterReport
    ? { report: clusterReport, sources: undefined }
    : options.node
      ? { ...(await scanNode(options.root, scanOptions)), sources: undefined }
      : await scanPaths(scanned, scanOptions, undefined, { ignore: (file) => policy.ownFiles.has(resolve(file)) || evidenceFile(file) || excluded?.(file) === true });
  const { sources } = result;
  const report = fixes.onFix ? holdBackEarlyEnforcement(result.report) : result.report;
  const audit = policy.audit ? auditExceptions(report) : undefined;
  if (audit) {
    const first = targets[0];
    const text = renderExceptionAudit(audit, first?.format === 'json' ? 'json' : 'text');
    if (first?.output) await writeChunks([text], first.output);
    else await io.stdout(text);
  } else {
    const linkBase = linkBaseFromEnv(io.env);
    const context = { cwd: process.cwd(), ...(sources ? { excerpts: sourceExcerpts(sources) } : {}), ...(linkBase ? { linkBase } : {}) };
    await writeReports(report, targets, context, io.stdout, io.isTty && !io.env['NO_COLOR']);
  }
  for (const w of report.warnings) {
    const where = [w.file, w.line].filter((x) => x !== undefined).join(':');
    io.stderr(`kubeharden: warning: ${where ? where + ': ' : ''}${w.message}\n`);
  }
  if (report.errors.length > 0) {
    // The table shows the errors itself; every other report is for a machine, so people read them here.
    if (audit || !targets.some((t) => t.format === 'table' && t.output === undefined)) {
      for (const e of report.errors) {
        // A cluster object has no file: name the object (its name may be missing or not a string).
        const object = e.resource ? `${e.resource.kind} ${e.resource.namespace ? `${e.resource.namespace}/` : ''}${e.resource.name || '(without a name)'}` : undefined;
        const where = e.file !== undefined ? [e.file, e.line, e.column].filter((x) => x !== undefined).join(':') : (object ?? '');
        io.stderr(`kubeharden: ${e.kind} error: ${where ? where + ': ' : ''}${e.message}\n`);
      }
    }
    return report.errors.some((e) => e.kind === 'internal') ? EXIT_INTERNAL : EXIT_INPUT;
  }
  if (audit) return audit.expired > 0 ? EXIT_FINDINGS : EXIT_OK;
  if (cluster && completeness(report, options, io) === 'fail') return EXIT_INPUT;
  for (const reason of report.gate.reasons) io.stderr(`kubeharden: gate failed: ${reason}\n`);
  return report.gate.status === 'failed' ? EXIT_FINDINGS : EXIT_OK;
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

/** The settings flags given on the command line, over `base` (the defaults with the configuration file's settings). */
function settingsFrom(options: ScanCommandOptions, base: ScanSettings, fromCommandLine: (option: string) => boolean): ScanSettings {
  let pssVersion = base.pssVersion;
  try {
    if (fromCommandLine('pssVersion')) pssVersion = parsePssVersion(options.pssVersion);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const podTemplates = usage(() => withPodTemplateOptions(base.podTemplates, options.podTemplate ?? []));
  const sensitiveKeyPatterns = [...base.sensitiveKeyPatterns, ...(options.sensitiveKeyPattern ?? [])];
  const nonSensitiveKeyPatterns = [...base.nonSensitiveKeyPatterns, ...(options.nonSensitiveKeyPattern ?? [])];
  const secretValuePatterns = [...base.secretValuePatterns, ...(options.secretValuePattern ?? [])];
  const supportedKubernetesMinors = fromCommandLine('supportedVersions')
    ? usage(() => parseMinorRange(options.supportedVersions))
    : base.supportedKubernetesMinors;
  const minimums = base === defaultSettings || fromCommandLine('supportedVersions') ? defaultNodeMinimums(supportedKubernetesMinors.oldest) : base.nodeMinimums;
  usage(() => {
    validatePatterns(sensitiveKeyPatterns, '--sensitive-key-pattern');
    validatePatterns(nonSensitiveKeyPatterns, '--non-sensitive-key-pattern');
    validatePatterns(secretValuePatterns, '--secret-value-pattern');
    requireVersion(options.minKernel, '--min-kernel');
  });
  const nodeMinimums = {
    kernel: fromCommandLine('minKernel') ? options.minKernel : minimums.kernel,
    runtimes: { ...minimums.runtimes, ...usage(() => parsePairs(options.minRuntime ?? [], '--min-runtime')) },
    operatingSystems: { ...minimums.operatingSystems, ...usage(() => parsePairs(options.minOs ?? [], '--min-os')) },
  };
  const allow = options.adminSubjects ? adminSubjects(options.adminSubjects) : undefined;
  if (allow && allow.errors.length > 0) throw new UsageError(allow.errors.join('; '));
  for (const address of options.metadataAddresses ?? []) {
    if (!parseCidr(address, true)) throw new UsageError(`invalid metadata address "${address}": expected an IPv4 or IPv6 address or CIDR`);
  }
  const auditLogMaxAgeDays = fromCommandLine('auditLogMaxAge') ? Number(options.auditLogMaxAge) : base.auditLogMaxAgeDays;
  if (!Number.isInteger(auditLogMaxAgeDays) || auditLogMaxAgeDays < 0) throw new UsageError(`--audit-log-max-age must be a whole number of days, not ${options.auditLogMaxAge}`);
  return {
    ...base,
    pssVersion,
    ...(options.adminSubjects ? { adminSubjects: options.adminSubjects } : {}),
    sensitiveKeyPatterns,
    nonSensitiveKeyPatterns,
    secretValuePatterns,
    supportedKubernetesMinors,
    nodeMinimums,
    auditLogMaxAgeDays,
    ...(options.trustedRegistries ? { trustedRegistries: options.trustedRegistries } : {}),
    ...(options.allowedHostPaths ? { allowedHostPaths: options.allowedHostPaths } : {}),
    ...(options.allowedCapabilities ? { allowedCapabilities: options.allowedCapabilities } : {}),
    ...(options.tokenAllowList ? { tokenAllowList: options.tokenAllowList } : {}),
    ...(options.systemNamespaces ? { systemNamespaces: options.systemNamespaces } : {}),
    ...(options.metadataAddresses ? { metadataAddresses: options.metadataAddresses } : {}),
    strictAppArmor: options.strictApparmor === true,
    strictVolumeTypes: options.strictVolumeTypes === true,
    podTemplates,
  };
}

/** Runs a parser of option text, turning its error into a usage error (exit code 2). */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `v1.33-v1.35` (or `1.33-1.35`) → { oldest: 33, newest: 35 }. */
function parseMinorRange(text: string): { oldest: number; newest: number } {
  const match = /^\s*v?1\.(\d+)\s*-\s*v?1\.(\d+)\s*$/.exec(text);
  const oldest = Number(match?.[1]);
  const newest = Number(match?.[2]);
  if (!match || oldest > newest) {
    throw new Error(`invalid --supported-versions ${JSON.stringify(text)}: expected oldest-newest, for example v1.33-v1.35`);
  }
  return { oldest, newest };
}

function requireVersion(text: string, flag: string): void {
  if (!parseVersion(text)) throw new Error(`invalid ${flag} ${JSON.stringify(text)}: expected a version such as 5.15`);
}

/** `name=version` options → a map; the version must be numeric. */
function parsePairs(texts: readonly string[], flag: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const text of texts) {
    const at = text.lastIndexOf('=');
    const name = text.slice(0, at).trim();
    const version = text.slice(at + 1).trim();
    if (at <= 0 || !name) throw new Error(`invalid ${flag} ${JSON.stringify(text)}: expected name=version, for example containerd=2.1`);
    requireVersion(version, flag);
    pairs[name] = version;
  }
  return pairs;
}

function formatPairs(pairs: Readonly<Record<string, string>>): string {
  return Object.entries(pairs)
    .map(([name, version]) => `${name}=${version}`)
    .join(', ');
}


