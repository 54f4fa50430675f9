import http from 'node:http';
import https from 'node:https';
import { jsonErrorMessage } from '../../core/json-error.js';
import { defaultRetryPolicy, RateLimiter, retryDelay, Semaphore, type AttemptOutcome, type RetryPolicy } from './limits.js';

/** What a request to the API server needs from the kubeconfig: where it is and how to authenticate. */
export interface Transport {
  readonly server: URL;
  /** TLS and authentication for one request (headers are asked per request: exec plugins renew tokens). */
  requestOptions(): Promise<https.RequestOptions>;
}

export interface ClientOptions {
  /** Requests in flight at once. */
  readonly concurrency: number;
  readonly qps: number;
  readonly burst?: number;
  /** Milliseconds one attempt may take, response body included. */
  readonly requestTimeoutMs: number;
  /** performance.now() by which the whole scan must be over; requests after it fail with ScanTimeoutError. */
  readonly deadline?: number;
  /** The --timeout as the user wrote it, for the error message. */
  readonly timeoutText?: string;
  readonly retry?: RetryPolicy;
  /** Called after each attempt: the scan counts requests and shows progress. */
  readonly onAttempt?: (entry: AttemptLog) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface AttemptLog {
  readonly path: string;
  readonly status?: number;
  readonly ms: number;
  readonly retryInMs?: number;
}

/** The API server answered with an error status (after retries when the status is retried). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    /** The Status `reason` (Forbidden, NotFound, Expired) when the body is a Status. */
    readonly reason: string | undefined,
    /** The Status `message`, or the start of the body. */
    readonly detail: string,
    /** A Status body's `metadata.continue` (410 Expired carries a fresh, inconsistent token). */
    readonly continueToken?: string,
  ) {
    super(`GET ${path}: ${status}${reason ? ` ${reason}` : ''}${detail ? `: ${detail}` : ''}`);
  }
}

/** The whole scan ran out of time (--timeout). */
export class ScanTimeoutError extends Error {}

/** The response could not be read: cut short, or not the JSON it claims to be (after retries). */
export class ResponseError extends Error {}

/** A bounded, polite, read-only HTTP client for the Kubernetes API: GET only. */
export class ApiClient {
  private readonly semaphore: Semaphore;
  private readonly limiter: RateLimiter;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private agent: http.Agent | undefined;
  /** Attempts made, retries included. */
  requests = 0;

  constructor(
    private readonly transport: Transport,
    private readonly options: ClientOptions,
  ) {
    this.semaphore = new Semaphore(options.concurrency);
    this.limiter = new RateLimiter(options.qps, options.burst);
    this.retry = options.retry ?? defaultRetryPolicy;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get server(): URL {
    return this.transport.server;
  }

  /** GETs a path and parses the JSON answer; `accept` picks the representation (metadata-only lists). */
  async getJson(path: string, query: Readonly<Record<string, string | undefined>> = {}, accept = 'application/json'): Promise<unknown> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, value);
    const target = search.size > 0 ? `${path}?${search.toString()}` : path;
    for (let attempt = 1; ; attempt++) {
      this.checkDeadline(target);
      const release = await this.semaphore.acquire();
      let outcome: AttemptOutcome;
      let failure: Error;
      const started = performance.now();
      try {
        await this.limiter.take();
        this.checkDeadline(target);
        this.requests++;
        const response = await this.attempt(target, accept);
        if (response.status >= 200 && response.status < 300) {
          this.options.onAttempt?.({ path: target, status: response.status, ms: performance.now() - started });
          return parseJson(response.body, target, response.contentType);
        }
        outcome = { kind: 'status', status: response.status, retryAfter: response.retryAfter };
        failure = statusError(response.status, target, response.body);
      } catch (error) {
        if (error instanceof ScanTimeoutError) throw error;
        if (error instanceof AttemptTimeout) {
          outcome = { kind: 'timeout' };
          failure = new ResponseError(`GET ${target}: no complete answer within ${Math.round(this.options.requestTimeoutMs / 1000)}s`);
        } else if (error instanceof ResponseError) {
          outcome = { kind: 'network' };
          failure = error;
        } else if ((error as NodeJS.ErrnoException).code === undefined) {
          // Not the network's doing (the kubeconfig's credentials could not be had): no retry helps.
          throw error;
        } else {
          const code = (error as NodeJS.ErrnoException).code;
          outcome = { kind: 'network', code };
          failure = connectionError(error, this.transport.server, target);
        }
      } finally {
        release();
      }
      const wait = retryDelay(outcome, attempt, this.retry);
      this.options.onAttempt?.({
        path: target,
        ...(outcome.kind === 'status' ? { status: outcome.status } : {}),
        ms: performance.now() - started,
        ...(wait !== undefined ? { retryInMs: wait } : {}),
      });
      if (wait === undefined) {
        if (failure instanceof ResponseError && attempt > 1) failure.message += ` (after ${attempt} attempts)`;
        throw failure;
      }
      if (this.options.deadline !== undefined && performance.now() + wait > this.options.deadline) {
        throw this.timeoutError(target, `${failure.message}; retrying in ${Math.ceil(wait / 1000)}s would pass it`);
      }
      await this.sleep(wait);
    }
  }

  /** Closes idle keep-alive connections so the process can exit. */
  close(): void {
    this.agent?.destroy();
  }

  private checkDeadline(target: string): void {
    if (this.options.deadline !== undefined && performance.now() >= this.options.deadline) throw this.timeoutError(target);
  }

  private timeoutError(target: string, detail?: string): ScanTimeoutError {
    const limit = this.options.timeoutText ? ` --timeout ${this.options.timeoutText}` : ' its --timeout';
    return new ScanTimeoutError(`the cluster scan did not finish within${limit} (at GET ${target}${detail ? `: ${detail}` : ''})`);
  }

  private async attempt(target: string, accept: string): Promise<RawResponse> {
    const base = await this.transport.requestOptions();
    const server = this.transport.server;
    const secure = server.protocol === 'https:';
    if (!this.agent && !base.agent) {
      const agentOptions = { keepAlive: true, maxSockets: this.options.concurrency };
      this.agent = secure
        ? new https.Agent({
            ...agentOptions,
            ...pick(base, ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername']),
          })
        : new http.Agent(agentOptions);
    }
    const prefix = server.pathname.replace(/\/+$/, '');
    const options: https.RequestOptions = {
      ...base,
      protocol: server.protocol,
      hostname: server.hostname.replace(/^\[|\]$/g, ''),
      port: server.port || (secure ? 443 : 80),
      path: prefix + target,
      method: 'GET',
      agent: base.agent ?? this.agent,
      headers: { ...(base.headers ?? {}), Accept: accept, 'Accept-Encoding': 'identity', 'User-Agent': 'kubeharden' },
    };
    const remaining = this.options.deadline !== undefined ? this.options.deadline - performance.now() : Infinity;
    const timeout = Math.max(1, Math.min(this.options.requestTimeoutMs, remaining));
    const scanEnds = remaining <= this.options.requestTimeoutMs;
    return new Promise<RawResponse>((resolve, reject) => {
      const request = (secure ? https : http).request(options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('aborted', () => reject(new ResponseError(`GET ${target}: the API server closed the connection in the middle of the response`)));
        response.on('error', (error) => reject(new ResponseError(`GET ${target}: the response was cut short (${error.message})`)));
        response.on('end', () => {
          if (!response.complete) {
            reject(new ResponseError(`GET ${target}: the API server closed the connection in the middle of the response`));
            return;
          }
          const header = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            retryAfter: Array.isArray(header) ? header[0] : header,
            contentType: response.headers['content-type'],
          });
        });
      });
      const timer = setTimeout(() => {
        request.destroy(scanEnds ? this.timeoutError(target, 'the API server did not answer') : new AttemptTimeout());
      }, timeout);
      request.on('error', (error) => reject(error));
      request.on('close', () => clearTimeout(timer));
      request.end();
    });
  }
}

class AttemptTimeout extends Error {}

interface RawResponse {
  readonly status: number;
  readonly body: string;
  readonly retryAfter: string | undefined;
  readonly contentType: string | undefined;
}

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) out[key] = object[key];
  return out;
}

function parseJson(body: string, target: string, contentType: string | undefined): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    const type = contentType ? ` (${contentType})` : '';
    // The first bytes tell a proxy's HTML page or plain-text error apart; a body that starts as JSON may hold object data.
    const start = body.trimStart();
    const firstBytes = start.startsWith('{') || start.startsWith('[') ? '' : `; first bytes: ${JSON.stringify(body.slice(0, 80))}`;
    throw new ResponseError(`GET ${target}: the API server sent a response that is not valid JSON${type}: ${jsonErrorMessage(error)}${firstBytes}`);
  }
}

/** An error status, with what its Status body says. */
function statusError(status: number, target: string, body: string): ApiError {
  let reason: string | undefined;
  // A body that is not a Status is not quoted (it may echo what was asked for); an HTML error page's title is.
  const title = /<title>([^<]{1,80})<\/title>/i.exec(body)?.[1]?.trim();
  let detail = body.trim() === '' ? '' : title ? `an HTML page titled ${JSON.stringify(title)}` : `a body of ${Buffer.byteLength(body)} bytes that is not a Status`;
  let continueToken: string | undefined;
  try {
    const parsed = JSON.parse(body) as { kind?: unknown; reason?: unknown; message?: unknown; metadata?: { continue?: unknown } };
    if (parsed && parsed.kind === 'Status') {
      if (typeof parsed.reason === 'string') reason = parsed.reason;
      if (typeof parsed.message === 'string') detail = parsed.message;
      if (typeof parsed.metadata?.continue === 'string' && parsed.metadata.continue) continueToken = parsed.metadata.continue;
    }
  } catch {
    // Not a Status: the body's first characters are the best description there is.
  }
  return new ApiError(status, target, reason, detail, continueToken);
}

function connectionError(error: unknown, server: URL, target: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return new ResponseError(`cannot connect to the API server ${server.origin}: connection refused`);
  if (code === 'ENOTFOUND') return new ResponseError(`cannot connect to the API server ${server.origin}: host not found`);
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new ResponseError(`cannot verify the API server ${server.origin}: ${message} (check certificate-authority in the kubeconfig)`);
  }
  return new ResponseError(`GET ${target}: ${message}`);
}
