// A minimal HTTPS client for tests of the test API server: HTTP/1.1 through node:https or HTTP/2
// through node:http2, authenticating as one of the server's users (token or client certificate).
import { connect, constants } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { gunzipSync } from 'node:zlib';
import type { TestApiServer } from './index.js';

export interface ApiRequestOptions {
  readonly user?: string;
  readonly method?: string;
  readonly accept?: string;
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
  readonly http2?: boolean;
  /** Override the bearer token (e.g. a wrong one). */
  readonly token?: string;
  readonly timeoutMs?: number;
  /** Sent as Accept-Encoding; a gzip answer is decompressed (ApiResponse.encoding tells). */
  readonly acceptEncoding?: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** The Content-Encoding the server used, if any. */
  readonly encoding?: string;
  json(): Record<string, unknown>;
}

export async function apiRequest(server: TestApiServer, path: string, options: ApiRequestOptions = {}): Promise<ApiResponse> {
  const credentials = options.user === undefined ? {} : server.credentials(options.user);
  const token = options.token ?? credentials.token;
  const headers: Record<string, string> = {};
  if (options.accept !== undefined) headers['accept'] = options.accept;
  if (token !== undefined && credentials.certPem === undefined) headers['authorization'] = `Bearer ${token}`;
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  if (options.acceptEncoding !== undefined) headers['accept-encoding'] = options.acceptEncoding;
  const tls = { ca: server.caCertPem, ...(credentials.certPem !== undefined ? { cert: credentials.certPem, key: credentials.keyPem } : {}) };
  const method = options.method ?? 'GET';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const finish = (status: number, responseHeaders: ApiResponse['headers'], raw: Buffer): ApiResponse => {
    const encoding = typeof responseHeaders['content-encoding'] === 'string' ? responseHeaders['content-encoding'] : undefined;
    const body = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    return { status, headers: responseHeaders, body, ...(encoding !== undefined ? { encoding } : {}), json: () => JSON.parse(body) as Record<string, unknown> };
  };

  if (options.http2 === true) {
    const session = connect(server.url, tls);
    try {
      return await new Promise<ApiResponse>((resolve, reject) => {
        session.on('error', reject);
        const stream = session.request({ ':method': method, ':path': path, ...headers });
        const timer = setTimeout(() => {
          stream.close(constants.NGHTTP2_CANCEL);
          reject(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        const chunks: Buffer[] = [];
        let status = 0;
        let responseHeaders: ApiResponse['headers'] = {};
        stream.on('response', (h) => {
          status = Number(h[':status']);
          responseHeaders = h as ApiResponse['headers'];
        });
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        stream.on('close', () => {
          clearTimeout(timer);
          if (stream.rstCode !== undefined && stream.rstCode !== constants.NGHTTP2_NO_ERROR) reject(new Error(`stream reset (code ${stream.rstCode})`));
          else resolve(finish(status, responseHeaders, Buffer.concat(chunks)));
        });
        if (options.body !== undefined) stream.end(options.body);
        else stream.end();
      });
    } finally {
      session.close();
    }
  }

  return new Promise<ApiResponse>((resolve, reject) => {
    const url = new URL(path, server.url);
    const request = httpsRequest(
      { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, ...tls, agent: false, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('aborted', () => reject(new Error('response aborted')));
        response.on('end', () => {
          if (!response.complete) reject(new Error('response incomplete'));
          else resolve(finish(response.statusCode ?? 0, response.headers, Buffer.concat(chunks)));
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
    if (options.body !== undefined) request.end(options.body);
    else request.end();
  });
}
