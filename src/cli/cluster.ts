import { Option, type Command } from 'commander';
import type { ControlEntry, ScanReport } from '../core/report.js';
import { selectedControls, type ScanOptions } from '../engine/scan.js';
import { ApiError, ResponseError, ScanTimeoutError } from '../load/cluster/client.js';
import { connect, KubeconfigError } from '../load/cluster/kubeconfig.js';
import { parseDuration } from '../load/cluster/limits.js';
import { clusterNeeds, minimalClusterRole } from '../load/cluster/plan.js';
import { ClusterReadError, ClusterScanError, scanCluster, type ProgressEvent } from '../load/cluster/scan-cluster.js';

/** The flags of `kubeharden scan --cluster`. */
export interface ClusterFlags {
  readonly cluster?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string[];
  readonly excludeNamespaces?: string[];
  readonly selector?: string;
  readonly kinds?: string[];
  readonly qps: string;
  readonly timeout: string;
  readonly chunkSize: string;
  readonly printRbac?: boolean;
  readonly requireComplete?: boolean;
}

const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export const DEFAULT_QPS = '20';
export const DEFAULT_TIMEOUT = '10m';
const CONCURRENCY = 4;
const PAGE_SIZE = 500;
const REQUEST_TIMEOUT_MS = 60_000;

/** Registers the live cluster flags on `scan`. */
export function addClusterOptions(command: Command): Command {
  return command
    .option('--cluster', 'scan the live cluster of the current kubeconfig context through its API (read-only: GET requests only)')
    .option('--kubeconfig <file>', 'with --cluster: the kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the pod\'s service account)')
    .option('--context <name>', 'with --cluster: the kubeconfig context (default: current-context)')
    .option('-n, --namespace <names>', 'with --cluster: only these namespaces (comma-separated, repeatable)', list)
    .option('--exclude-namespaces <names>', 'with --cluster: leave these namespaces out (comma-separated)', list)
    .option('-l, --selector <labels>', 'with --cluster: judge only objects with these labels (a label selector such as app=web,tier!=cache)')
    .option('--kinds <kinds>', 'with --cluster: judge only these kinds (Deployment, pods, deployments.apps; comma-separated)', list)
    .option('--qps <n>', 'with --cluster: API requests per second at most', DEFAULT_QPS)
    .option('--timeout <duration>', 'with --cluster: the whole scan must finish within this (90s, 5m, 1h)', DEFAULT_TIMEOUT)
    .option('--chunk-size <n>', 'with --cluster: objects per list request (as kubectl\'s --chunk-size)', String(PAGE_SIZE))
    .option('--print-rbac', 'with --cluster: print the read-only ClusterRole the scan needs for the selected controls, and exit')
    .addOption(new Option('--require-complete', 'with --cluster: exit 2 when any control could not be evaluated'));
}

export class ClusterUsageError extends Error {}

/** Flags that mean something only with --cluster, for the usage check. */
const clusterOnly: readonly (keyof ClusterFlags)[] = ['chunkSize', 'kubeconfig', 'context', 'namespace', 'excludeNamespaces', 'selector', 'kinds', 'printRbac', 'requireComplete'];

/** Whether this is a cluster scan; a usage error when cluster flags are given without --cluster, or with paths. */
export function isClusterScan(paths: readonly string[], flags: ClusterFlags, node: boolean, fromCommandLine: (option: string) => boolean): boolean {
  if (!flags.cluster) {
    const stray = [...clusterOnly, 'qps', 'timeout'].filter((key) => fromCommandLine(key));
    if (stray.length > 0) throw new ClusterUsageError(`--${stray.map(flagName).join(', --')} ${stray.length > 1 ? 'need' : 'needs'} --cluster`);
    return false;
  }
  if (paths.length > 0) throw new ClusterUsageError('scan --cluster reads the cluster: give no paths with it');
  if (node) throw new ClusterUsageError('--cluster and --node are different scans: give one');
  if (flags.namespace?.length && flags.excludeNamespaces?.length) throw new ClusterUsageError('-n and --exclude-namespaces exclude each other: give one');
  return true;
}

function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** --print-rbac: the ClusterRole, without connecting to anything. */
export function clusterRoleFor(options: Pick<ScanOptions, 'controls' | 'only' | 'skip' | 'settings'>): string {
  return minimalClusterRole(clusterNeeds(selectedControls(options), options.settings));
}

export interface ClusterIo {
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Progress goes to stderr only when it is a terminal. */
  readonly progress: boolean;
}

/** Runs the cluster scan; undefined (after saying why on stderr) when it could not be done. */
export async function runClusterScan(flags: ClusterFlags, options: Omit<ScanOptions, 'loadErrors'>, io: ClusterIo): Promise<ScanReport | undefined> {
  const qps = Number(flags.qps);
  if (!(qps > 0) || !Number.isFinite(qps)) throw new ClusterUsageError(`--qps must be a number above 0, not ${flags.qps}`);
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(flags.timeout);
  } catch (error) {
    throw new ClusterUsageError(`--timeout: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!(timeoutMs > 0)) throw new ClusterUsageError(`--timeout must be above 0, not ${flags.timeout}`);
  const pageSize = Number(flags.chunkSize);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new ClusterUsageError(`--chunk-size must be a whole number above 0, not ${flags.chunkSize}`);
  const progress = io.progress ? progressPrinter(io.stderr) : undefined;
  try {
    const connection = await connect({ ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context ? { context: flags.context } : {}), env: io.env });
    const { report, info } = await scanCluster(connection, options, {
      ...(flags.namespace?.length ? { namespaces: flags.namespace } : {}),
      ...(flags.excludeNamespaces?.length ? { excludeNamespaces: flags.excludeNamespaces } : {}),
      ...(flags.selector ? { selector: flags.selector } : {}),
      ...(flags.kinds?.length ? { kinds: flags.kinds } : {}),
      qps,
      burst: Math.max(1, Math.ceil(qps * 2)),
      concurrency: CONCURRENCY,
      pageSize,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      timeoutMs,
      timeoutText: flags.timeout,
      ...(progress ? { progress } : {}),
    });
    progress?.({ type: 'listed', resource: '', count: -1 });
    for (const entry of info.unreadable) io.stderr(`kubeharden: warning: cannot read ${entry.kind}: ${entry.reason}\n`);
    return report;
  } catch (error) {
    if (
      error instanceof KubeconfigError ||
      error instanceof ClusterScanError ||
      error instanceof ClusterReadError ||
      error instanceof ScanTimeoutError ||
      error instanceof ResponseError ||
      error instanceof ApiError
    ) {
      io.stderr(`kubeharden: error: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

/** After the report: controls the cluster scan could not evaluate for lack of access, and --require-complete. */
export function completeness(report: ScanReport, flags: ClusterFlags, io: Pick<ClusterIo, 'stderr'>): 'complete' | 'partial' | 'fail' {
  const notEvaluated = report.controls.filter((c) => c.status === 'not-evaluated');
  const unread = notEvaluated.filter((c) => c.reason?.startsWith('the scan could not read'));
  if (unread.length > 0) {
    io.stderr(`kubeharden: the scan is partial: ${unread.length} control${unread.length > 1 ? 's' : ''} could not be evaluated for lack of access: ${unread.map((c) => c.id).join(', ')} (scan --cluster --print-rbac prints the ClusterRole a complete scan needs)\n`);
  }
  if (flags.requireComplete && notEvaluated.length > 0) io.stderr(requireCompleteMessage(notEvaluated, unread));
  if (flags.requireComplete && notEvaluated.length > 0) return 'fail';
  return unread.length > 0 ? 'partial' : 'complete';
}

/**
 * Why --require-complete failed: every control not evaluated, one a line with its reason, whatever the
 * reason (missing access, evidence no cluster gives, a setting not configured). The ones the user
 * expects are accepted with --skip-controls; the ones the scan could not read need access instead.
 */
export function requireCompleteMessage(notEvaluated: readonly ControlEntry[], unread: readonly ControlEntry[]): string {
  const lines = [`kubeharden: --require-complete: ${notEvaluated.length} control${notEvaluated.length > 1 ? 's were' : ' was'} not evaluated (exit 2):`];
  const width = Math.max(...notEvaluated.map((c) => c.id.length));
  for (const control of notEvaluated) lines.push(`  ${control.id.padEnd(width)}  ${control.reason ?? 'not evaluated'}`);
  const access = new Set(unread.map((c) => c.id));
  const other = notEvaluated.filter((c) => !access.has(c.id)).map((c) => c.id);
  if (access.size > 0) lines.push(`kubeharden: ${access.size} of them lack read access: grant what \`kubeharden scan --cluster --print-rbac\` prints.`);
  if (other.length > 0) lines.push(`kubeharden: to accept the others as not evaluated, skip them: --skip-controls ${other.join(',')}`);
  return `${lines.join('\n')}\n`;
}

/** One line per resource type as it is listed, rewritten in place while a large type streams. */
function progressPrinter(write: (text: string) => void): (event: ProgressEvent) => void {
  let open = false;
  return (event) => {
    if (event.type === 'listing') {
      write(`\r\x1b[Klisting ${event.resource}: ${event.count}`);
      open = true;
      return;
    }
    if (open) write('\r\x1b[K');
    open = false;
    if (event.type === 'listed' && event.count >= 0) write(`listed ${event.resource}: ${event.count}\n`);
    if (event.type === 'forbidden') write(`cannot read ${event.resource}: ${event.reason}\n`);
  };
}
