import type { Decision } from './decision.js';

/** Latency buckets in seconds: the API server's default webhook timeout is 10 s, the target p99 20 ms. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const knownOperations = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** Why an HTTP request got no review response. */
export type Rejection = 'malformed' | 'too_large' | 'overloaded' | 'timeout' | 'not_found' | 'method_not_allowed' | 'shutting_down';

/**
 * The webhook's Prometheus metrics, kept as plain counters (a few label combinations each) and rendered
 * in the text exposition format on /metrics.
 */
export class WebhookMetrics {
  private readonly decisions = new Map<string, number>();
  private readonly controls = new Map<string, number>();
  private readonly rejections = new Map<string, number>();
  private readonly buckets = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  private latencyCount = 0;
  private latencySum = 0;
  private certificateReloads = 0;
  private certificateReloadFailures = 0;
  inFlight = 0;
  connections = 0;

  recordDecision(decision: Decision, seconds: number): void {
    // dry_run separates requests that change nothing (kubectl --dry-run=server) from real changes.
    // The operation is the client's text: only the four the API server sends become label values.
    const operation = knownOperations.has(decision.operation) ? decision.operation : 'other';
    const key = `result="${decision.result}",operation="${operation}",dry_run="${decision.dryRun}"`;
    this.decisions.set(key, (this.decisions.get(key) ?? 0) + 1);
    for (const control of decision.failedControls) {
      const controlKey = `control="${control}",result="${decision.result}",dry_run="${decision.dryRun}"`;
      this.controls.set(controlKey, (this.controls.get(controlKey) ?? 0) + 1);
    }
    this.observe(seconds);
  }

  recordRejection(reason: Rejection): void {
    const key = `reason="${reason}"`;
    this.rejections.set(key, (this.rejections.get(key) ?? 0) + 1);
  }

  recordCertificateReload(ok: boolean): void {
    if (ok) this.certificateReloads++;
    else this.certificateReloadFailures++;
  }

  private observe(seconds: number): void {
    this.latencyCount++;
    this.latencySum += seconds;
    const bucket = LATENCY_BUCKETS.findIndex((bound) => seconds <= bound);
    if (bucket >= 0) this.buckets[bucket] = (this.buckets[bucket] as number) + 1;
  }

  render(): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, values: ReadonlyMap<string, number>): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of [...values].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`${name}{${labels}} ${value}`);
    };
    counter('kubeharden_webhook_decisions_total', 'Admission reviews answered, by result, operation and dry run.', this.decisions);
    counter(
      'kubeharden_webhook_control_failures_total',
      'Admission reviews in which a control gated (denied in enforce mode), by control, result and dry run.',
      this.controls,
    );
    counter('kubeharden_webhook_rejected_requests_total', 'HTTP requests answered without a review (4xx/5xx Status), by reason.', this.rejections);
    const name = 'kubeharden_webhook_review_duration_seconds';
    lines.push(`# HELP ${name} Time from the request headers to the review response being written.`, `# TYPE ${name} histogram`);
    let cumulative = 0;
    LATENCY_BUCKETS.forEach((bound, i) => {
      cumulative += this.buckets[i] as number;
      lines.push(`${name}_bucket{le="${bound}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.latencyCount}`, `${name}_sum ${this.latencySum}`, `${name}_count ${this.latencyCount}`);
    lines.push(
      '# HELP kubeharden_webhook_in_flight_requests Requests being read or answered.',
      '# TYPE kubeharden_webhook_in_flight_requests gauge',
      `kubeharden_webhook_in_flight_requests ${this.inFlight}`,
      '# HELP kubeharden_webhook_open_connections TLS connections open.',
      '# TYPE kubeharden_webhook_open_connections gauge',
      `kubeharden_webhook_open_connections ${this.connections}`,
      '# HELP kubeharden_webhook_certificate_reloads_total Serving certificate reloads, by outcome.',
      '# TYPE kubeharden_webhook_certificate_reloads_total counter',
      `kubeharden_webhook_certificate_reloads_total{outcome="ok"} ${this.certificateReloads}`,
      `kubeharden_webhook_certificate_reloads_total{outcome="failed"} ${this.certificateReloadFailures}`,
    );
    return lines.join('\n') + '\n';
  }
}
