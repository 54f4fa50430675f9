// Minimal HTTPS clients for the webhook tests: HTTP/1.1 (node:https) and HTTP/2 (node:http2), both
// trusting only the test CA.

import { connect as http2Connect } from 'node:http2';
import { Agent, request } from 'node:https';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body read as JSON, or undefined when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export interface RequestOptions {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly agent?: Agent | false;
  readonly timeoutMs?: number;
}

/** One HTTP/1.1 request over TLS; resolves with the answer (even when the server closes the connection after it). */
export function https1(port: number, ca: Buffer, body: string | Buffer | undefined, options: RequestOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port,
        ca,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        path: options.path ?? '/validate',
        agent: options.agent ?? false,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
    req.end(body);
  });
}

/** One HTTP/2 request over TLS on a new session. */
export function https2(port: number, ca: Buffer, body: string | undefined, path = '/validate'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(`https://localhost:${port}`, { ca });
    session.on('error', reject);
    const stream = session.request({ ':method': body === undefined ? 'GET' : 'POST', ':path': path, 'content-type': 'application/json' });
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    stream.on('response', (h) => {
      status = Number(h[':status']);
      headers = h as Record<string, string | string[] | undefined>;
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      session.close();
      resolve({ status, headers, text, json: parse(text) });
    });
    stream.on('error', reject);
    stream.end(body);
  });
}
