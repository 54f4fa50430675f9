// Loaded with `node --import` before the CLI: every way Node opens a connection or resolves a name throws,
// and is recorded in the file named by KUBEHARDEN_NETWORK_LOG, so that a test can prove that a scan of
// files opens no socket (the tool talks only to the Kubernetes API the user points it at).
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

function deny(what: string): never {
  if (log) appendFileSync(log, `${what}\n`);
  throw new Error(`network access denied in this test: ${what}`);
}

const patch = (target: object, name: string, what: string): void => {
  Object.defineProperty(target, name, { value: () => deny(what), writable: true, configurable: true });
};

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
// Named imports (`import { connect } from 'node:net'`) see the patched functions only after this.
syncBuiltinESMExports();
