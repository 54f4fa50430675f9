// Loaded with `node --import` before the CLI: every way Node opens a connection or resolves a name throws,
// and is recorded in the file named by KUBEHARDEN_NETWORK_LOG, so that a test can prove that a scan of
// files opens no socket (the tool talks only to the Kubernetes API the user points it at).
// KUBEHARDEN_NETWORK_ALLOW lets a cluster-scan test reach its API server and nothing else.
import { appendFileSync } from 'node:fs';
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

const log = process.env['KUBEHARDEN_NETWORK_LOG'];
/**
 * `host:port` (or `unix:PATH`) targets that may be connected to, comma-separated: a cluster scan's API
 * server. With an allow-list, only the socket layer and name resolution are guarded (HTTP clients and
 * fetch reach the network through them), so an allowed API server works and nothing else does.
 */
const allowed = new Set((process.env['KUBEHARDEN_NETWORK_ALLOW'] ?? '').split(',').map((t) => t.trim()).filter(Boolean));
const allowedHosts = new Set([...allowed].map((t) => t.slice(0, t.lastIndexOf(':'))));

function deny(what: string): never {
  if (log) appendFileSync(log, `${what}\n`);
  throw new Error(`network access denied in this test: ${what}`);
}

const patch = (target: object, name: string, what: string): void => {
  Object.defineProperty(target, name, { value: () => deny(what), writable: true, configurable: true });
};

/** Where a Socket.connect call goes: `(options)`, `(port, host)`, `(path)`, or Node's normalized `[options, cb]`. */
function targetOf(args: readonly unknown[]): string {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first !== null && typeof first === 'object') {
    const options = first as { host?: string; port?: number | string; path?: string };
    if (options.path !== undefined) return `unix:${options.path}`;
    return `${options.host ?? 'localhost'}:${String(options.port)}`;
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return `unix:${first}`;
  return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${String(first)}`;
}

if (allowed.size > 0) {
  const connect = net.Socket.prototype.connect;
  Object.defineProperty(net.Socket.prototype, 'connect', {
    value: function (this: net.Socket, ...args: unknown[]) {
      const target = targetOf(args);
      if (!allowed.has(target)) deny(`net.Socket.connect ${target}`);
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    },
    writable: true,
    configurable: true,
  });
  const lookup = dns.lookup;
  Object.defineProperty(dns, 'lookup', {
    value: (hostname: string, ...rest: unknown[]) => {
      if (!allowedHosts.has(hostname)) deny(`dns.lookup ${hostname}`);
      return (lookup as (...a: unknown[]) => unknown)(hostname, ...rest);
    },
    writable: true,
    configurable: true,
  });
  patch(dgram, 'createSocket', 'dgram.createSocket');
} else {
  patch(net.Socket.prototype, 'connect', 'net.Socket.connect');
  patch(net, 'connect', 'net.connect');
  patch(net, 'createConnection', 'net.createConnection');
  patch(tls, 'connect', 'tls.connect');
  patch(dgram, 'createSocket', 'dgram.createSocket');
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
    patch(dns, name, `dns.${name}`);
    patch(dns.promises, name, `dns.promises.${name}`);
  }
  patch(http, 'request', 'http.request');
  patch(http, 'get', 'http.get');
  patch(https, 'request', 'https.request');
  patch(https, 'get', 'https.get');
  patch(http2, 'connect', 'http2.connect');
  patch(globalThis, 'fetch', 'fetch');
  patch(globalThis, 'WebSocket', 'WebSocket');
}
// Named imports (`import { connect } from 'node:net'`) see the patched functions only after this.
syncBuiltinESMExports();
