/**
 * The pace of a cluster scan: how many requests may be in flight (a semaphore) and how many may start per
 * second (a token bucket), and how long to wait before a retry. kube-apiserver protects itself with
 * API Priority and Fairness and answers 429 when a client is too eager; a scanner must never be the
 * reason a cluster slows down, so it stays under a QPS limit and backs off when told to.
 */

/** Waits for a slot; at most `limit` holders at a time, served in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`a concurrency limit must be at least 1, not ${limit}`);
  }

  async acquire(): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else this.active--;
    };
  }
}

/**
 * At most `qps` request starts per second on average, with bursts of up to `burst` (client-go's default
 * pair is 5 and 10; kubectl uses 50 and 300 for discovery). `now` and `sleep` are injectable for tests.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly qps: number,
    readonly burst: number = Math.max(1, Math.ceil(qps)),
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(qps > 0)) throw new Error(`a QPS limit must be above 0, not ${qps}`);
    this.tokens = burst;
    this.last = now();
  }

  /** Resolves when the caller may start a request. Callers are served one after another, in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeNow());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(): Promise<void> {
    this.refill();
    if (this.tokens < 1) {
      await this.sleep(((1 - this.tokens) / this.qps) * 1000);
      this.refill();
    }
    this.tokens = Math.max(0, this.tokens - 1);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Backoff before the second attempt; doubled each time, with jitter. */
  readonly baseDelayMs: number;
  /** No wait is longer than this, whatever Retry-After says. */
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 30_000 };

/** What came back from one attempt, as far as the retry decision cares. */
export type AttemptOutcome =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string | undefined }
  | { readonly kind: 'network'; readonly code?: string | undefined }
  | { readonly kind: 'timeout' };

/**
 * How long to wait before attempt `attempt + 1` (attempts count from 1), or undefined when the outcome is
 * final. 429 and 503 honour Retry-After (seconds, or an HTTP date); other 5xx, timeouts of one request
 * and dropped connections back off exponentially. 4xx other than 429 are answers, not accidents.
 */
export function retryDelay(
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy = defaultRetryPolicy,
  random: () => number = Math.random,
  now: () => number = Date.now,
): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + random()));
  if (outcome.kind === 'status') {
    const { status } = outcome;
    if (status !== 429 && (status < 500 || status === 501)) return undefined;
    const told = parseRetryAfter(outcome.retryAfter, now);
    if (told !== undefined && (status === 429 || status === 503)) return Math.min(policy.maxDelayMs, told);
    return backoff;
  }
  return backoff;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | undefined, now: () => number = Date.now): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

/** `30s`, `5m`, `1h30m`, `1500ms`, or a bare number of seconds, as milliseconds (kubectl's --request-timeout style). */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = trimmed;
  if (rest === '') throw new Error('an empty duration');
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!match) throw new Error(`invalid duration "${text}": expected a number of seconds or a duration such as 90s, 5m or 1h30m`);
    total += Number(match[1]) * (units[match[2] as string] as number);
    rest = rest.slice(match[0].length);
  }
  return total;
}
