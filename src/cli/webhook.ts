import { Option, type Command } from 'commander';
import { builtinControls } from '../controls/index.js';
import { severities, type Severity } from '../core/severity.js';
import { SingleObjectJudge } from '../engine/single-object.js';
import { withPodTemplateOptions, type PodTemplateLocation } from '../normalize/pod-spec-paths.js';
import { UnknownControlError } from '../engine/select.js';
import { PolicyError } from '../policy/fields.js';
import { controlPlan, unclassifiedReadingControls } from '../webhook/controls.js';
import { decide, modes, type Mode } from '../webhook/decision.js';
import { WebhookMetrics } from '../webhook/metrics.js';
import { defaultLimits, WebhookServer } from '../webhook/server.js';
import { resolvePolicy } from './scan-policy.js';

interface Io {
  readonly stdout: (text: string) => void | Promise<void>;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

interface WebhookOptions {
  tlsCert?: string;
  tlsKey?: string;
  port: string;
  host?: string;
  mode: Mode;
  failOn: Severity | 'none';
  config?: string;
  controls?: string[];
  skipControls?: string[];
  exceptions?: string[];
  inlineExceptions?: boolean;
  exemptNamespaces?: string[];
  podTemplate?: string[];
  maxBodyBytes: string;
  maxConnections: string;
  maxInFlight: string;
  headersTimeout: string;
  bodyTimeout: string;
  idleTimeout: string;
  certReloadInterval: string;
  shutdownDelay: string;
  shutdownTimeout: string;
  listControls?: boolean;
}

/** The default gate of the webhook: the scanner's, so CI and the cluster agree. Privileged pods (critical) are denied. */
export const WEBHOOK_DEFAULT_FAIL_ON: Severity = 'high';

const EXIT_OK = 0;
const EXIT_INPUT = 2;

const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Registers `kubeharden webhook`: the validating admission webhook server. */
export function registerWebhook(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('webhook')
    .description('Serve a validating admission webhook (HTTPS, /validate) that applies the scanner\'s controls to objects as the API server admits them.')
    .option('--tls-cert <file>', 'serving certificate (PEM; reloaded when the file changes)')
    .option('--tls-key <file>', 'its private key (PEM)')
    .option('--port <port>', 'HTTPS port', '8443')
    .option('--host <address>', 'address to listen on (default: every address)')
    .addOption(new Option('--mode <mode>', 'enforce: deny; warn: allow with warnings; audit: allow and log only').choices([...modes]).default('enforce'))
    .addOption(
      new Option('--fail-on <severity>', 'deny (or warn, or log) when an unsuppressed failed finding has at least this severity')
        .choices([...severities, 'none'])
        .default(WEBHOOK_DEFAULT_FAIL_ON),
    )
    .option('--config <file>', 'configuration file (.kubeharden.yaml): settings, controls, severities, exceptions, failOn')
    .option('--controls <ids>', 'run only these controls (IDs or slugs, comma-separated)', list)
    .option('--skip-controls <ids>', 'do not run these controls (IDs or slugs, comma-separated)', list)
    .option('--exceptions <file>', 'exceptions file (YAML; repeatable)', collect)
    .option('--no-inline-exceptions', 'ignore kubeharden.io/ignore annotations, so that whoever writes an object cannot exempt it')
    .option('--exempt-namespaces <names>', 'namespaces whose objects are allowed without being judged (comma-separated)', list)
    .option('--pod-template <group/Kind=path>', 'where a custom resource keeps its pod template (repeatable)', collect)
    .option('--max-body-bytes <bytes>', 'largest request body accepted (413 above)', String(defaultLimits.maxBodyBytes))
    .option('--max-connections <n>', 'open connections accepted; more are closed at once', String(defaultLimits.maxConnections))
    .option('--max-in-flight <n>', 'reviews read or judged at once; more get 503 with Retry-After', String(defaultLimits.maxInFlight))
    .option('--headers-timeout <seconds>', 'time for a new connection to complete TLS and send request headers', String(defaultLimits.headersTimeoutMs / 1000))
    .option('--body-timeout <seconds>', 'time to receive a request body (408 after)', String(defaultLimits.bodyTimeoutMs / 1000))
    .option('--idle-timeout <seconds>', 'keep-alive connections idle this long are closed', String(defaultLimits.idleTimeoutMs / 1000))
    .option('--cert-reload-interval <seconds>', 'how often the certificate files are checked for a change', '10')
    .option('--shutdown-delay <seconds>', 'on SIGTERM: keep serving (readiness failing) this long so the endpoint leaves the Service first', '5')
    .option('--shutdown-timeout <seconds>', 'on SIGTERM: longest wait for reviews in flight before connections are cut', '20')
    .option('--list-controls', 'print which controls the webhook enforces, which only warn, and which do not run, then exit')
    .action(async (options: WebhookOptions, command: Command) => {
      setExitCode(await runWebhook(options, io, (option) => command.getOptionValueSource(option) === 'cli'));
    });
}

export async function runWebhook(options: WebhookOptions, io: Io, fromCommandLine: (option: string) => boolean): Promise<number> {
  let setup: ReturnType<typeof prepare>;
  try {
    setup = prepare(options, io, fromCommandLine);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PolicyError || error instanceof UnknownControlError) {
      io.stderr(`kubeharden webhook: ${error.message}\n`);
      return EXIT_INPUT;
    }
    throw error;
  }
  const { judge, policy, limits, numbers } = setup;
  const unclassified = unclassifiedReadingControls(judge.controls);
  if (unclassified.length > 0) throw new Error(`controls with lookups not classified for the webhook: ${unclassified.join(', ')}`);
  if (options.listControls) {
    await io.stdout(JSON.stringify({ mode: policy.mode, failOn: policy.failOn, ...controlPlan(judge) }, null, 2) + '\n');
    return EXIT_OK;
  }
  if (!options.tlsCert || !options.tlsKey) {
    io.stderr('kubeharden webhook: --tls-cert and --tls-key are required (kube-apiserver calls webhooks over HTTPS only)\n');
    return EXIT_INPUT;
  }
  const metrics = new WebhookMetrics();
  const logEvent = (level: 'info' | 'error', message: string, fields: Record<string, unknown> = {}): void =>
    io.stderr(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }) + '\n');
  let server: WebhookServer;
  try {
    server = new WebhookServer({
      port: numbers.port,
      ...(options.host ? { host: options.host } : {}),
      certFile: options.tlsCert,
      keyFile: options.tlsKey,
      certReloadIntervalMs: numbers.certReloadMs,
      limits,
      review: (request) => decide(request, judge, policy),
      metrics,
      logDecision: (entry) => void io.stdout(JSON.stringify(entry) + '\n'),
      logEvent,
    });
  } catch (error) {
    io.stderr(`kubeharden webhook: cannot load the certificate and key: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INPUT;
  }
  let port: number;
  try {
    port = await server.listen();
  } catch (error) {
    io.stderr(`kubeharden webhook: cannot listen on port ${numbers.port}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INPUT;
  }
  const plan = controlPlan(judge);
  logEvent('info', 'listening', {
    port,
    mode: policy.mode,
    failOn: policy.failOn,
    exemptNamespaces: [...policy.exemptNamespaces],
    enforced: plan.enforced.length,
    advisory: plan.advisory,
    notRun: plan.notRun.length,
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      logEvent('info', 'shutting down', { signal, delayMs: numbers.shutdownDelayMs });
      void server.shutdown(numbers.shutdownDelayMs, numbers.shutdownTimeoutMs).then(() => {
        logEvent('info', 'stopped');
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return EXIT_OK;
}

class UsageError extends Error {}

function prepare(options: WebhookOptions, io: Io, fromCommandLine: (option: string) => boolean) {
  const policyFlags = {
    failOn: options.failOn,
    config: options.config ?? (false as const),
    ...(options.controls ? { controls: options.controls } : {}),
    ...(options.skipControls ? { skipControls: options.skipControls } : {}),
    ...(options.exceptions ? { exceptions: options.exceptions } : {}),
    ...(options.inlineExceptions === false ? { inlineExceptions: false } : {}),
  };
  const resolved = resolvePolicy(['.'], policyFlags, fromCommandLine, builtinControls, io.env);
  let podTemplates: Map<string, PodTemplateLocation>;
  try {
    podTemplates = withPodTemplateOptions(resolved.settings.podTemplates, options.podTemplate ?? []);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { scanOptions } = resolved;
  const pinned = io.env['KUBEHARDEN_NOW'] ? scanOptions.now : undefined;
  const judge = new SingleObjectJudge({
    controls: builtinControls,
    settings: { ...resolved.settings, podTemplates },
    ...(scanOptions.only ? { only: scanOptions.only } : {}),
    ...(scanOptions.skip ? { skip: scanOptions.skip } : {}),
    ...(scanOptions.severityOverrides ? { severityOverrides: scanOptions.severityOverrides } : {}),
    ...(scanOptions.exceptions ? { exceptions: scanOptions.exceptions } : {}),
    ...(pinned ? { now: () => pinned } : {}),
  });
  const policy = { mode: options.mode, failOn: scanOptions.failOn, exemptNamespaces: new Set(options.exemptNamespaces ?? []) };
  const limits = {
    maxBodyBytes: integer(options.maxBodyBytes, '--max-body-bytes', 1),
    maxConnections: integer(options.maxConnections, '--max-connections', 1),
    maxInFlight: integer(options.maxInFlight, '--max-in-flight', 1),
    headersTimeoutMs: seconds(options.headersTimeout, '--headers-timeout'),
    bodyTimeoutMs: seconds(options.bodyTimeout, '--body-timeout'),
    idleTimeoutMs: seconds(options.idleTimeout, '--idle-timeout'),
  };
  const numbers = {
    port: integer(options.port, '--port', 0, 65535),
    certReloadMs: seconds(options.certReloadInterval, '--cert-reload-interval'),
    shutdownDelayMs: seconds(options.shutdownDelay, '--shutdown-delay', 0),
    shutdownTimeoutMs: seconds(options.shutdownTimeout, '--shutdown-timeout'),
  };
  return { judge, policy, limits, numbers };
}

function integer(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return value;
}

function seconds(text: string, flag: string, min = 0.001): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new UsageError(`${flag} must be a number of seconds of at least ${min}, not ${JSON.stringify(text)}`);
  return Math.round(value * 1000);
}
