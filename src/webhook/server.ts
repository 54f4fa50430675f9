import { constants as http2Constants, createSecureServer, type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import { CertificateWatcher, readKeyPair } from './certificates.js';
import type { Decision } from './decision.js';
import type { WebhookMetrics, Rejection } from './metrics.js';
import { decodeReview, reviewBody, statusBody, type AdmissionRequest } from './review.js';

export interface ServerLimits {
  /** Largest request body read; a larger one gets 413 (kube-apiserver's own request limit is 3 MiB). */
  readonly maxBodyBytes: number;
  /** Time from the TCP connection to a complete TLS handshake and request headers (slowloris). */
  readonly headersTimeoutMs: number;
  /** Time to receive the whole body once the headers are in. */
  readonly bodyTimeoutMs: number;
  /** A keep-alive connection with no request for this long is closed. */
  readonly idleTimeoutMs: number;
  /** Connections beyond this are closed at once by the kernel listener (overload). */
  readonly maxConnections: number;
  /** Reviews being read or judged at once; beyond it, 503 with Retry-After (overload). */
  readonly maxInFlight: number;
}

export const defaultLimits: ServerLimits = {
  maxBodyBytes: 3 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  idleTimeoutMs: 90_000,
  maxConnections: 2048,
  maxInFlight: 512,
};

export interface WebhookServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** How often the certificate files are polled for a change. */
  readonly certReloadIntervalMs: number;
  readonly limits: ServerLimits;
  /** Judges one review request. */
  readonly review: (request: AdmissionRequest) => Decision;
  readonly metrics: WebhookMetrics;
  /** One JSON object per decision (stdout). */
  readonly logDecision: (entry: Record<string, unknown>) => void;
  /** Lifecycle events and errors (stderr). */
  readonly logEvent: (level: 'info' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

type Request = Http2ServerRequest;
type Response = Http2ServerResponse;

interface Connection {
  readonly socket: TLSSocket;
  /** HTTP/2 (ALPN h2): its session manages it; HTTP/1.1 connections are managed here. */
  readonly http2: boolean;
  /** HTTP/1 requests being answered on it. */
  active: number;
  timer?: NodeJS.Timeout;
}

/**
 * The HTTPS server (HTTP/2, and HTTP/1.1 through ALPN fallback) for /validate, /healthz, /readyz and
 * /metrics. Every way a request can go wrong ends in a Status answer or a closed connection, never in
 * an unbounded wait or buffer: bodies are capped while they stream in, slow clients meet deadlines,
 * and connections and in-flight reviews are capped so that overload is shed rather than queued.
 */
export class WebhookServer {
  private readonly server: Http2SecureServer;
  private readonly connections = new Map<TLSSocket, Connection>();
  private readonly sessions = new Set<ServerHttp2Session>();
  private readonly watcher: CertificateWatcher;
  private shuttingDown = false;
  private closed: Promise<void> | undefined;

  constructor(private readonly options: WebhookServerOptions) {
    const pair = readKeyPair(options.certFile, options.keyFile);
    const { limits } = options;
    this.server = createSecureServer({
      ...pair,
      allowHTTP1: true,
      minVersion: 'TLSv1.2',
      handshakeTimeout: limits.headersTimeoutMs,
      // Bounds what a client can make the server hold per HTTP/2 connection.
      settings: { maxConcurrentStreams: 128, maxHeaderListSize: 64 * 1024 },
      maxSessionMemory: 16,
    });
    this.server.maxConnections = limits.maxConnections;
    this.server.on('secureConnection', (socket: TLSSocket) => this.track(socket));
    this.server.on('session', (session: ServerHttp2Session) => this.trackSession(session));
    this.server.on('request', (req: Request, res: Response) => this.handle(req, res));
    this.server.on('tlsClientError', () => undefined);
    this.server.on('sessionError', () => undefined);
    this.watcher = new CertificateWatcher(
      options.certFile,
      options.keyFile,
      pair,
      options.certReloadIntervalMs,
      (next) => {
        this.server.setSecureContext({ ...next, minVersion: 'TLSv1.2' });
        options.metrics.recordCertificateReload(true);
        options.logEvent('info', 'serving certificate reloaded', { certFile: options.certFile });
      },
      (message) => {
        options.metrics.recordCertificateReload(false);
        options.logEvent('error', message, { certFile: options.certFile });
      },
    );
  }

  /** Starts listening; resolves with the port (useful with port 0). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : this.options.port);
      });
    });
  }

  /** Reads the certificate files now (the watcher also does it when they change). */
  reloadCertificate(): boolean {
    return this.watcher.reload();
  }

  get ready(): boolean {
    return !this.shuttingDown && this.server.listening;
  }

  /**
   * Graceful shutdown: readiness fails at once; after `delayMs` (time for the endpoint to leave the
   * Service) the listener closes, idle connections close, HTTP/2 sessions get GOAWAY, and reviews in
   * flight are answered. Whatever is still open after `timeoutMs` is cut.
   */
  shutdown(delayMs = 0, timeoutMs = 25_000): Promise<void> {
    if (this.closed) return this.closed;
    this.shuttingDown = true;
    this.closed = (async () => {
      if (delayMs > 0) await sleep(delayMs);
      const listenerClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const session of this.sessions) session.close();
      for (const connection of this.connections.values()) if (!connection.http2 && connection.active === 0) connection.socket.destroy();
      const deadline = sleep(timeoutMs).then(() => {
        for (const connection of this.connections.values()) connection.socket.destroy();
      });
      await Promise.race([listenerClosed, deadline]);
      this.watcher.stop();
    })();
    return this.closed;
  }

  private track(socket: TLSSocket): void {
    const connection: Connection = { socket, http2: socket.alpnProtocol === 'h2', active: 0 };
    this.connections.set(socket, connection);
    this.options.metrics.connections++;
    // An HTTP/2 session has its own idle timeout (below); an HTTP/1.1 connection must send its headers in time.
    if (!connection.http2) this.arm(connection, this.options.limits.headersTimeoutMs);
    socket.once('close', () => {
      clearTimeout(connection.timer);
      this.connections.delete(socket);
      this.options.metrics.connections--;
    });
  }

  private trackSession(session: ServerHttp2Session): void {
    this.sessions.add(session);
    session.once('close', () => this.sessions.delete(session));
    // A session that opens no stream for this long is closed (GOAWAY); one that does not even say hello, cut.
    session.setTimeout(this.options.limits.idleTimeoutMs, () => session.close(() => session.destroy()));
    if (this.shuttingDown) session.close();
  }

  /** Cuts a connection that sends nothing useful before the deadline. */
  private arm(connection: Connection, ms: number): void {
    clearTimeout(connection.timer);
    connection.timer = setTimeout(() => {
      this.options.metrics.recordRejection('timeout');
      connection.socket.destroy();
    }, ms);
    connection.timer.unref();
  }

  private handle(req: Request, res: Response): void {
    const http1 = req.httpVersionMajor === 1;
    const connection = http1 ? this.connections.get(req.socket as unknown as TLSSocket) : undefined;
    if (connection) {
      clearTimeout(connection.timer);
      connection.active++;
      res.once('close', () => {
        connection.active--;
        if (connection.active > 0) return;
        if (this.shuttingDown) connection.socket.destroy();
        else this.arm(connection, this.options.limits.idleTimeoutMs);
      });
    }
    if (http1 && this.shuttingDown) res.setHeader('connection', 'close');
    const path = (req.url ?? '').split('?')[0];
    if (path === '/validate') {
      if (req.method !== 'POST') return this.reject(req, res, 405, 'MethodNotAllowed', 'method_not_allowed', '/validate takes POST');
      return this.validate(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.reject(req, res, 405, 'MethodNotAllowed', 'method_not_allowed', `${path} takes GET`);
    if (path === '/healthz') return this.send(res, 200, 'ok\n', 'text/plain');
    if (path === '/readyz') return this.ready ? this.send(res, 200, 'ok\n', 'text/plain') : this.send(res, 503, 'shutting down\n', 'text/plain');
    if (path === '/metrics') return this.send(res, 200, this.options.metrics.render(), 'text/plain; version=0.0.4');
    return this.reject(req, res, 404, 'NotFound', 'not_found', `no such path: ${path}; admission reviews go to /validate`);
  }

  private validate(req: Request, res: Response): void {
    const { limits, metrics } = this.options;
    const started = process.hrtime.bigint();
    if (metrics.inFlight >= limits.maxInFlight) {
      res.setHeader('retry-after', '1');
      return this.reject(req, res, 503, 'ServiceUnavailable', 'overloaded', `overloaded: ${limits.maxInFlight} reviews in flight`, true);
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
      return this.reject(req, res, 413, 'RequestEntityTooLarge', 'too_large', `the body of ${declared} bytes is over the limit of ${limits.maxBodyBytes}`, true);
    }
    metrics.inFlight++;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      metrics.inFlight--;
      clearTimeout(timer);
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
    };
    res.once('close', finish);
    const timer = setTimeout(() => {
      finish();
      this.reject(req, res, 408, 'Timeout', 'timeout', `the body did not arrive within ${limits.bodyTimeoutMs} ms`, true);
    }, limits.bodyTimeoutMs);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBodyBytes) {
        finish();
        req.pause();
        this.reject(req, res, 413, 'RequestEntityTooLarge', 'too_large', `the body is over the limit of ${limits.maxBodyBytes} bytes`, true);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      finish();
      this.answer(req, res, Buffer.concat(chunks, size).toString('utf8'), started);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', finish);
  }

  private answer(req: Request, res: Response, text: string, started: bigint): void {
    const decoded = decodeReview(text);
    if (!decoded.ok) return this.reject(req, res, 400, 'BadRequest', 'malformed', decoded.message);
    const { request } = decoded;
    let decision: Decision;
    try {
      decision = this.options.review(request);
    } catch (error) {
      this.options.logEvent('error', 'internal error while judging a review', { uid: request.uid, error: error instanceof Error ? error.stack : String(error) });
      return this.send(res, 500, statusBody(500, 'InternalError', `kubeharden: internal error while judging request ${request.uid}`));
    }
    this.send(res, 200, reviewBody(decision.response));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.options.metrics.recordDecision(decision, seconds);
    this.options.logDecision({
      time: new Date().toISOString(),
      msg: 'admission review',
      uid: request.uid,
      kind: decision.kind,
      namespace: decision.namespace ?? null,
      name: decision.name ?? null,
      operation: decision.operation,
      ...(request.subResource ? { subResource: request.subResource } : {}),
      user: request.username ?? null,
      dryRun: decision.dryRun,
      decision: decision.response.allowed ? 'allowed' : 'denied',
      result: decision.result,
      failedControls: decision.failedControls,
      findings: decision.findings.map((j) => ({
        control: j.finding.controlId,
        severity: j.finding.severity,
        path: j.finding.path,
        ...(j.finding.container ? { container: j.finding.container } : {}),
        ...(j.gates ? { gates: true } : {}),
        ...(j.existing ? { existing: true } : {}),
        ...(j.advisory ? { advisory: true } : {}),
      })),
      ...(decision.problems.length ? { problems: decision.problems } : {}),
      latencyMs: Math.round(seconds * 1e6) / 1e3,
    });
  }

  /** A Status answer; with `close`, the rest of the request is not read (the connection or stream is closed). */
  private reject(req: Request, res: Response, code: number, reason: string, metric: Rejection, message: string, close = false): void {
    this.options.metrics.recordRejection(metric);
    if (close) {
      if (req.httpVersionMajor === 1) {
        if (!res.headersSent) res.setHeader('connection', 'close');
      } else {
        res.once('finish', () => req.stream.close(http2Constants.NGHTTP2_NO_ERROR));
      }
    }
    this.send(res, code, statusBody(code, reason, `kubeharden: ${message}`));
  }

  private send(res: Response, code: number, body: string, type = 'application/json'): void {
    if (res.headersSent || res.writableEnded || res.destroyed) return;
    res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

