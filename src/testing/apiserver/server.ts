// The HTTP side of the test API server: TLS with client certificates, HTTP/2 and HTTP/1.1 on one port,
// authentication, RBAC authorization, discovery, list/get with paging and selectors, access reviews,
// the kubelet configz proxy, injected faults and a log of every request. Read-only: writes get 405.
import { randomUUID } from 'node:crypto';
import { createSecureServer, type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { asRecord, asString, asStringArray } from '../../core/values.js';
import { aggregatedDiscovery, apiGroupDocument, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { FaultSet, type Fault } from './faults.js';
import { decodeReview, ProtobufError } from './protobuf.js';
import { forbiddenMessage, RbacAuthorizer, type RequestAttributes, type UserInfo } from './rbac.js';
import type { ResourceType } from './registry.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.js';
import {
  badRequest, expiredContinue, faultStatus, methodNotAllowed, notAcceptable, notFound, pathNotFound, statusBody, unauthorized, type ApiError,
} from './status.js';
import { bodyJson, lowerBound, metadataJson, objectJson, type ObjectStore, type StoredObject } from './store.js';

export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly user: string;
  readonly status: number;
  readonly accept?: string;
  readonly contentType?: string;
  readonly httpVersion: string;
  readonly ms: number;
  /** Set when the answer was compressed (gzip, for clients that accept it and bodies over 128 KiB). */
  readonly contentEncoding?: string;
}

export interface UserCredentials {
  readonly token?: string;
  readonly groups: readonly string[];
}

export interface ServerConfig {
  readonly store: ObjectStore;
  readonly tls: { readonly key: string; readonly cert: string; readonly ca: string };
  readonly users: ReadonlyMap<string, UserCredentials>;
  readonly anonymous: boolean;
  readonly authorizer: RbacAuthorizer;
  readonly version: { readonly major: string; readonly minor: string; readonly gitVersion: string };
  readonly kubeletConfigs: Readonly<Record<string, Record<string, unknown>>>;
  readonly continueTtlMs: number;
}

type Request = Http2ServerRequest | IncomingMessage;
type Response = Http2ServerResponse | ServerResponse;

class HttpError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

const META = 'meta.k8s.io';
const JSON_TYPE = 'application/json';
const LIST_TABLE_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', priority: 0 },
  { name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata', priority: 0 },
];

/** What the client asked the body to be, from its Accept header. */
type Representation = { readonly as: 'object' } | { readonly as: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList' | 'APIGroupDiscoveryList'; readonly version: string };

interface Negotiated {
  readonly representation: Representation;
  readonly contentType: string;
}

/**
 * Picks the first acceptable media type of an Accept header. `allowed` lists the `as=` forms the
 * endpoint can produce; the response repeats the chosen media type with its parameters, which is how
 * clients tell a Table or an aggregated discovery document from a plain one.
 */
export function negotiate(accept: string | undefined, allowed: readonly string[]): Negotiated | undefined {
  if (accept === undefined || accept.trim() === '') return { representation: { as: 'object' }, contentType: JSON_TYPE };
  for (const entry of accept.split(',')) {
    const [rawType, ...rawParams] = entry.split(';').map((part) => part.trim());
    const type = (rawType ?? '').toLowerCase();
    if (type !== JSON_TYPE && type !== 'application/*' && type !== '*/*') continue;
    const params = new Map<string, string>();
    for (const param of rawParams) {
      const eq = param.indexOf('=');
      if (eq > 0) params.set(param.slice(0, eq).trim().toLowerCase(), param.slice(eq + 1).trim());
    }
    const as = params.get('as');
    if (as === undefined) return { representation: { as: 'object' }, contentType: JSON_TYPE };
    if (type !== JSON_TYPE || !allowed.includes(as)) continue;
    const group = params.get('g');
    const version = params.get('v') ?? '';
    if (as === 'APIGroupDiscoveryList') {
      if (group !== 'apidiscovery.k8s.io' || (version !== 'v2' && version !== 'v2beta1')) continue;
    } else if (group !== META || (version !== 'v1' && !(as === 'Table' && version === 'v1beta1'))) continue;
    return { representation: { as: as as 'Table', version }, contentType: [JSON_TYPE, ...rawParams.filter((p) => p !== '')].join(';') };
  }
  return undefined;
}

interface ContinueToken {
  readonly namespace: string;
  readonly name: string;
  readonly issuedAt: number;
}

function encodeContinue(item: { readonly namespace: string; readonly name: string }, resourceVersion: number, now: number): string {
  const start = `${item.namespace === '' ? '' : `${item.namespace}/`}${item.name}\u0000`;
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: resourceVersion, start, t: now })).toString('base64');
}

function decodeContinue(token: string, namespaced: boolean): ContinueToken {
  const invalid = (why: string) => new HttpError(badRequest(`continue key is not valid: ${why}`));
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw invalid('illegal base64 data');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalid('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  const record = asRecord(parsed);
  if (record?.['v'] !== 'meta.k8s.io/v1') throw invalid('server does not recognize this encoded version');
  const start = asString(record['start']);
  const rv = record['rv'];
  const issuedAt = record['t'];
  if (typeof rv !== 'number' || rv <= 0 || typeof issuedAt !== 'number' || start === undefined || !start.endsWith('\u0000')) {
    throw invalid('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  const key = start.slice(0, -1);
  const slash = namespaced ? key.indexOf('/') : -1;
  if (namespaced && slash < 0) throw invalid('continue key does not belong to this resource');
  return { namespace: slash < 0 ? '' : key.slice(0, slash), name: slash < 0 ? key : key.slice(slash + 1), issuedAt };
}

function peerIdentity(request: Request): { presented: boolean; authorized: boolean; user?: UserInfo } {
  const socket = request.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return { presented: false, authorized: false };
  const certificate = socket.getPeerCertificate();
  if (certificate === null || certificate === undefined || Object.keys(certificate).length === 0) return { presented: false, authorized: false };
  if (!socket.authorized) return { presented: true, authorized: false };
  const subject = certificate.subject as unknown as Record<string, string | string[] | undefined>;
  const name = Array.isArray(subject['CN']) ? subject['CN'][0] : subject['CN'];
  const organisations = subject['O'] === undefined ? [] : Array.isArray(subject['O']) ? subject['O'] : [subject['O']];
  if (name === undefined) return { presented: true, authorized: false };
  return { presented: true, authorized: true, user: { name, groups: organisations } };
}

function withAuthenticatedGroups(user: UserInfo): UserInfo {
  const groups = [...user.groups];
  const serviceAccount = /^system:serviceaccount:([^:]+):[^:]+$/.exec(user.name);
  if (serviceAccount !== null) groups.push('system:serviceaccounts', `system:serviceaccounts:${serviceAccount[1]}`);
  groups.push('system:authenticated');
  return { name: user.name, groups: [...new Set(groups)] };
}

/** Which API resource a URL path names, as the apiserver's RequestInfoFactory reads it. */
interface ResourcePath {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
  /** Path segments after the subresource (nodes/{name}/proxy/configz). */
  readonly rest: readonly string[];
}

export interface TestApiServerHandle {
  readonly server: Http2SecureServer;
  readonly requests: RequestLogEntry[];
  readonly faults: FaultSet;
  close(): Promise<void>;
}

export function createApiServer(config: ServerConfig): TestApiServerHandle {
  const { store, authorizer } = config;
  const requests: RequestLogEntry[] = [];
  const faults = new FaultSet();
  const sockets = new Set<TLSSocket>();
  const abort = new AbortController();
  const tokens = new Map<string, UserInfo>();
  for (const [name, credentials] of config.users) {
    if (credentials.token !== undefined) tokens.set(credentials.token, { name, groups: credentials.groups });
  }
  let serverAddress = '127.0.0.1:443';

  const server = createSecureServer({
    key: config.tls.key,
    cert: config.tls.cert,
    ca: config.tls.ca,
    requestCert: true,
    rejectUnauthorized: false,
    allowHTTP1: true,
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('listening', () => {
    const address = server.address();
    if (address !== null && typeof address === 'object') serverAddress = `127.0.0.1:${address.port}`;
  });
  // A client that resets a stream must not bring the server down.
  server.on('sessionError', () => undefined);

  function authenticate(request: Request): UserInfo {
    const peer = peerIdentity(request);
    if (peer.presented && !peer.authorized) throw new HttpError(unauthorized());
    if (peer.user !== undefined) return withAuthenticatedGroups(peer.user);
    const authorization = request.headers['authorization'];
    // Basic credentials are not an authentication method since Kubernetes 1.19: such a request is anonymous.
    if (typeof authorization === 'string' && authorization.length > 0 && !/^Basic\s/i.test(authorization.trim())) {
      const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
      const user = match === null ? undefined : tokens.get(match[1]!.trim());
      if (user === undefined) throw new HttpError(unauthorized());
      return withAuthenticatedGroups(user);
    }
    if (!config.anonymous) throw new HttpError(unauthorized());
    return { name: 'system:anonymous', groups: ['system:unauthenticated'] };
  }

  function parseResourcePath(segments: readonly string[]): ResourcePath | undefined {
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments.length >= 3) {
      group = '';
      version = segments[1]!;
      rest = segments.slice(2);
    } else if (segments[0] === 'apis' && segments.length >= 4) {
      group = segments[1]!;
      version = segments[2]!;
      rest = segments.slice(3);
    } else return undefined;
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const candidate = rest[2]!;
      const namespacedType = store.types.find((t) => t.group === group && t.resource === candidate && t.namespaced);
      // namespaces/{name}/status and /finalize are subresources of a Namespace, everything else a namespaced resource.
      if (rest.length > 3 || namespacedType !== undefined || !(group === '' && ['status', 'finalize'].includes(candidate))) {
        namespace = rest[1]!;
        rest = rest.slice(2);
      }
    }
    const [resource, name, subresource, ...after] = rest;
    if (resource === undefined) return undefined;
    return { group, version, resource, namespace, name, subresource, rest: after };
  }

  async function readBody(request: Request): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 3 * 1024 * 1024) throw new HttpError({ code: 413, reason: 'RequestEntityTooLarge', message: 'the request body is too large' });
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  async function handle(request: Request, response: Response): Promise<void> {
    const started = performance.now();
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'https://test-apiserver.invalid');
    const path = url.pathname;
    const query = url.searchParams;
    const accept = typeof request.headers['accept'] === 'string' ? request.headers['accept'] : undefined;
    const requestContentType = typeof request.headers['content-type'] === 'string' ? request.headers['content-type'] : undefined;
    let user = '';
    let fault: Fault | undefined;
    let logged = false;

    const log = (status: number, contentEncoding?: string) => {
      if (logged) return;
      logged = true;
      requests.push({
        method,
        path,
        query: url.search.replace(/^\?/, ''),
        user,
        status,
        ...(accept !== undefined ? { accept } : {}),
        ...(requestContentType !== undefined ? { contentType: requestContentType } : {}),
        httpVersion: request.httpVersion,
        ms: Math.round((performance.now() - started) * 1000) / 1000,
        ...(contentEncoding !== undefined ? { contentEncoding } : {}),
      });
    };

    const send = (status: number, body: string | Buffer, contentType: string, headers: Readonly<Record<string, string>> = {}) => {
      let payload = typeof body === 'string' ? Buffer.from(body) : body;
      const compress: Record<string, string> = {};
      // kube-apiserver gzips responses over 128 KiB for clients that accept it (APIResponseCompression).
      if (payload.length > 128 * 1024 && /\bgzip\b/i.test(String(request.headers['accept-encoding'] ?? ''))) {
        payload = gzipSync(payload, { level: 1 });
        compress['content-encoding'] = 'gzip';
      }
      log(status, compress['content-encoding']);
      // The client may have given up (a timeout during a delay fault): there is no one to answer.
      if (response.destroyed || response.writableEnded || response.headersSent) return;
      const all: Record<string, string | number> = {
        ...compress,
        'content-type': contentType,
        'content-length': payload.length,
        'cache-control': 'no-cache, private',
        'audit-id': randomUUID(),
        'x-kubernetes-pf-flowschema-uid': 'kubeharden-test',
        ...headers,
      };
      if (fault?.kind === 'truncate' && status < 300) {
        response.writeHead(status, all);
        (response as ServerResponse).write(payload.subarray(0, Math.floor(payload.length / 2)), () => {
          // Cut the exchange mid-body: on HTTP/2 reset the stream, on HTTP/1.1 drop the connection.
          if ('stream' in response && response.stream !== undefined) response.stream.close(2);
          else response.socket?.destroy();
        });
        return;
      }
      response.writeHead(status, all);
      response.end(payload);
    };

    // Headers and the start of a list at once, then a space now and then, for as long as the client listens.
    const drip = (intervalMs: number) => {
      log(200);
      response.writeHead(200, { 'content-type': JSON_TYPE });
      (response as ServerResponse).write('{"kind":"List","apiVersion":"v1","items":[');
      const timer = setInterval(() => {
        if (response.destroyed || response.writableEnded || abort.signal.aborted) {
          clearInterval(timer);
          return;
        }
        (response as ServerResponse).write(' ');
      }, intervalMs);
      const stop = () => clearInterval(timer);
      response.once('close', stop);
      abort.signal.addEventListener('abort', () => {
        stop();
        if ('stream' in response && response.stream !== undefined) response.stream.close(2);
        else response.socket?.destroy();
      }, { once: true });
    };

    const sendError = (error: ApiError) => send(error.code, statusBody(error), JSON_TYPE, error.headers);
    const sendJson = (status: number, value: unknown, contentType = JSON_TYPE) => send(status, JSON.stringify(value), contentType);

    try {
      const identity = impersonate(authenticate(request));
      user = identity.name;

      fault = faults.take(method, path, query);
      if (fault !== undefined) {
        switch (fault.kind) {
          case 'status':
            sendError(faultStatus(fault.status, fault.retryAfterSeconds));
            return;
          case 'delay':
            await sleep(fault.ms, undefined, { signal: abort.signal }).catch(() => undefined);
            if (abort.signal.aborted) return;
            break;
          case 'hang':
            log(0);
            return;
          case 'invalid-json':
            send(200, '<html><body><h1>502 Bad Gateway</h1></body></html>', JSON_TYPE);
            return;
          case 'body':
            send(fault.status ?? 200, fault.body, fault.contentType ?? JSON_TYPE);
            return;
          case 'drip':
            drip(fault.intervalMs ?? 200);
            return;
          case 'reset':
            log(0);
            if ('stream' in response && response.stream !== undefined) response.stream.close(2);
            else response.socket?.destroy();
            return;
          case 'truncate':
          case 'expire-continue':
          case 'full-objects':
            break;
        }
      }

      let segments: string[];
      try {
        segments = path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
      } catch {
        throw new HttpError(badRequest(`malformed path: ${path}`));
      }
      const resourcePath = parseResourcePath(segments);
      if (resourcePath === undefined) {
        await nonResource(identity, method, path, segments);
        return;
      }
      await resourceRequest(identity, method, resourcePath, query);
    } catch (error) {
      if (error instanceof HttpError) sendError(error.error);
      else sendError({ code: 500, reason: 'InternalError', message: `Internal error occurred: ${error instanceof Error ? error.message : String(error)}` });
    }

    /** kubectl --as/--as-group: the requester needs the impersonate verb on each user, group or service account. */
    function impersonate(requester: UserInfo): UserInfo {
      const header = (name: string): string[] => {
        const value = request.headers[name];
        return value === undefined ? [] : Array.isArray(value) ? value : value.split(',').map((v) => v.trim());
      };
      const [userName] = header('impersonate-user');
      const groups = header('impersonate-group');
      if (userName === undefined) {
        if (groups.length > 0) throw new HttpError(badRequest('requested impersonation of groups without a user'));
        return requester;
      }
      const serviceAccount = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(userName);
      const checks: RequestAttributes[] = [
        serviceAccount !== null
          ? { resourceRequest: true, verb: 'impersonate', group: '', resource: 'serviceaccounts', namespace: serviceAccount[1], name: serviceAccount[2] }
          : { resourceRequest: true, verb: 'impersonate', group: '', resource: 'users', name: userName },
        ...groups.map((group): RequestAttributes => ({ resourceRequest: true, verb: 'impersonate', group: '', resource: 'groups', name: group })),
      ];
      for (const check of checks) authorize(requester, check);
      if (userName === 'system:anonymous') return { name: userName, groups: [...new Set([...groups, 'system:unauthenticated'])] };
      return withAuthenticatedGroups({ name: userName, groups });
    }

    function authorize(identity: UserInfo, attributes: RequestAttributes): void {
      if (!authorizer.authorize(identity, attributes).allowed) {
        const details = attributes.resourceRequest
          ? { ...(attributes.name ? { name: attributes.name } : {}), ...(attributes.group !== '' ? { group: attributes.group } : {}), kind: attributes.resource }
          : undefined;
        throw new HttpError({ code: 403, reason: 'Forbidden', message: forbiddenMessage(identity, attributes), details });
      }
    }

    async function nonResource(identity: UserInfo, verbMethod: string, fullPath: string, segments: string[]): Promise<void> {
      const verb = verbMethod === 'GET' || verbMethod === 'HEAD' ? 'get' : verbMethod.toLowerCase();
      authorize(identity, { resourceRequest: false, verb, path: fullPath });
      if (verb !== 'get') throw new HttpError(methodNotAllowed(verb, fullPath));
      const joined = segments.join('/');
      if (joined === 'version') {
        sendJson(200, {
          major: config.version.major,
          minor: config.version.minor,
          gitVersion: config.version.gitVersion,
          gitCommit: '0000000000000000000000000000000000000000',
          gitTreeState: 'clean',
          buildDate: '2026-01-01T00:00:00Z',
          goVersion: 'go1.23.0',
          compiler: 'gc',
          platform: 'linux/amd64',
        });
        return;
      }
      if (joined === 'healthz' || joined === 'livez' || joined === 'readyz') {
        send(200, 'ok', 'text/plain; charset=utf-8');
        return;
      }
      if (joined === 'api' || joined === 'apis') {
        const negotiated = negotiate(accept, ['APIGroupDiscoveryList']);
        if (negotiated === undefined) throw new HttpError(notAcceptable(accept ?? ''));
        const { representation } = negotiated;
        if (representation.as === 'APIGroupDiscoveryList') {
          sendJson(200, aggregatedDiscovery(store.types, joined === 'api', representation.version as 'v2' | 'v2beta1'), negotiated.contentType);
        } else if (joined === 'api') {
          sendJson(200, apiVersions(serverAddress));
        } else {
          sendJson(200, apiGroupList(store.types));
        }
        return;
      }
      if (segments[0] === 'api' && segments.length === 2) {
        const document = apiResourceList(store.types, '', segments[1]!);
        if (document === undefined) throw new HttpError(pathNotFound());
        sendJson(200, document);
        return;
      }
      if (segments[0] === 'apis' && segments.length === 2) {
        const document = apiGroupDocument(store.types, segments[1]!);
        if (document === undefined) throw new HttpError(pathNotFound());
        sendJson(200, document);
        return;
      }
      if (segments[0] === 'apis' && segments.length === 3) {
        const document = apiResourceList(store.types, segments[1]!, segments[2]!);
        if (document === undefined) throw new HttpError(pathNotFound());
        sendJson(200, document);
        return;
      }
      // /openapi/v2 and /openapi/v3 are not served: clients fall back to discovery.
      throw new HttpError(pathNotFound());
    }

    async function resourceRequest(identity: UserInfo, verbMethod: string, target: ResourcePath, params: URLSearchParams): Promise<void> {
      const type = store.find(target.group, target.resource);
      if (type === undefined || !type.versions.includes(target.version)) throw new HttpError(pathNotFound());
      if (target.namespace !== undefined && !type.namespaced) throw new HttpError(pathNotFound());
      const collection = target.name === undefined;
      let verb: string;
      switch (verbMethod) {
        case 'GET':
        case 'HEAD':
          verb = collection ? (params.get('watch') === 'true' || params.get('watch') === '1' ? 'watch' : 'list') : 'get';
          break;
        case 'POST': verb = 'create'; break;
        case 'PUT': verb = 'update'; break;
        case 'PATCH': verb = 'patch'; break;
        case 'DELETE': verb = collection ? 'deletecollection' : 'delete'; break;
        default: verb = verbMethod.toLowerCase();
      }
      authorize(identity, {
        resourceRequest: true,
        verb,
        group: type.group,
        resource: type.resource,
        subresource: target.subresource,
        name: target.name,
        namespace: target.namespace,
      });
      const apiVersion = type.group === '' ? target.version : `${type.group}/${target.version}`;
      if (verb === 'create' && collection && type.virtual) {
        await review(identity, type, apiVersion, target.namespace);
        return;
      }
      if (verb === 'watch') throw new HttpError({ code: 405, reason: 'MethodNotAllowed', message: 'watch is not supported by the kubeharden test API server', details: { kind: type.resource } });
      if (verb !== 'list' && verb !== 'get') throw new HttpError(methodNotAllowed(verb, type.resource));
      const typeStore = store.store(type);
      if (typeStore === undefined) throw new HttpError(methodNotAllowed(verb, type.resource));
      if (collection) {
        list(type, typeStore.items, apiVersion, target.namespace, params);
        return;
      }
      const item = typeStore.get(target.namespace ?? '', target.name!);
      if (item === undefined) throw new HttpError(notFound(type.resource, target.name!, type.group));
      if (target.subresource !== undefined) {
        subresource(type, item, target);
        return;
      }
      get(type, item, apiVersion, params);
    }

    function subresource(type: ResourceType, item: StoredObject, target: ResourcePath): void {
      if (type.group === '' && type.resource === 'nodes' && target.subresource === 'proxy') {
        if (target.rest.join('/') !== 'configz') throw new HttpError(pathNotFound());
        const kubeletConfig = config.kubeletConfigs[item.name];
        if (kubeletConfig === undefined) {
          throw new HttpError({ code: 503, reason: 'ServiceUnavailable', message: `error trying to reach service: dial tcp 10.0.0.1:10250: connect: connection refused` });
        }
        sendJson(200, { kubeletconfig: kubeletConfig });
        return;
      }
      if (target.subresource === 'status' && target.rest.length === 0 && type.subresources.some((s) => s.name === 'status')) {
        const apiVersion = type.group === '' ? target.version : `${type.group}/${target.version}`;
        send(200, objectJson(item, type.kind, apiVersion), JSON_TYPE);
        return;
      }
      throw new HttpError(pathNotFound());
    }

    function get(type: ResourceType, item: StoredObject, apiVersion: string, params: URLSearchParams): void {
      const negotiated = fault?.kind === 'full-objects' ? negotiate(undefined, []) : negotiate(accept, ['Table', 'PartialObjectMetadata']);
      if (negotiated === undefined) throw new HttpError(notAcceptable(accept ?? ''));
      const { representation } = negotiated;
      if (representation.as === 'PartialObjectMetadata') {
        send(200, `{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/${representation.version}","metadata":${metadataJson(item)}}`, negotiated.contentType);
      } else if (representation.as === 'Table') {
        send(200, table([item], type, apiVersion, representation.version, params, {}), negotiated.contentType);
      } else {
        send(200, objectJson(item, type.kind, apiVersion), JSON_TYPE);
      }
    }

    function table(items: readonly StoredObject[], type: ResourceType, apiVersion: string, version: string, params: URLSearchParams, listMetadata: Record<string, unknown>): string {
      const include = params.get('includeObject') ?? 'Metadata';
      const rows = items.map((item) => {
        const cells = JSON.stringify([item.name, item.metadata['creationTimestamp'] ?? null]);
        let object = '';
        if (include === 'Object') object = `,"object":${objectJson(item, type.kind, apiVersion)}`;
        else if (include !== 'None') object = `,"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":${metadataJson(item)}}`;
        return `{"cells":${cells}${object}}`;
      });
      return `{"kind":"Table","apiVersion":"meta.k8s.io/${version}","metadata":${JSON.stringify(listMetadata)},"columnDefinitions":${JSON.stringify(LIST_TABLE_COLUMNS)},"rows":[${rows.join(',')}]}`;
    }

    function list(type: ResourceType, items: readonly StoredObject[], apiVersion: string, namespace: string | undefined, params: URLSearchParams): void {
      const negotiated = fault?.kind === 'full-objects' ? negotiate(undefined, []) : negotiate(accept, ['Table', 'PartialObjectMetadataList']);
      if (negotiated === undefined) throw new HttpError(notAcceptable(accept ?? ''));
      let labelSelector;
      let fieldSelector;
      try {
        labelSelector = parseLabelSelector(params.get('labelSelector') ?? '');
        fieldSelector = parseFieldSelector(params.get('fieldSelector') ?? '', type);
      } catch (error) {
        if (error instanceof SelectorError) throw new HttpError(badRequest(error.message));
        throw error;
      }
      const limitText = params.get('limit');
      let limit = Number.POSITIVE_INFINITY;
      if (limitText !== null && limitText !== '') {
        const parsed = Number(limitText);
        if (!Number.isInteger(parsed) || parsed < 0) throw new HttpError(badRequest(`invalid limit: ${limitText}`));
        if (parsed > 0) limit = parsed;
      }
      const now = Date.now();
      const range = store.store(type)!.range(namespace);
      let start = range.start;
      const continueToken = params.get('continue');
      const resourceVersion = params.get('resourceVersion') ?? '';
      if (continueToken !== null && continueToken !== '' && resourceVersion !== '' && resourceVersion !== '0') {
        throw new HttpError(badRequest('specifying resource version is not allowed when using continue'));
      }
      // resourceVersion=0 is served from the watch cache, which (up to 1.32) ignores limit: the whole list comes back.
      if (resourceVersion === '0' && (continueToken === null || continueToken === '')) limit = Number.POSITIVE_INFINITY;
      if (continueToken !== null && continueToken !== '') {
        const token = decodeContinue(continueToken, type.namespaced);
        if (fault?.kind === 'expire-continue' || now - token.issuedAt > config.continueTtlMs) {
          // As the real server does, offer a token that goes on from the same key at the newest version.
          throw new HttpError(expiredContinue(encodeContinue(token, store.resourceVersion, now)));
        }
        start = Math.max(start, lowerBound(items, token.namespace, token.name, false));
      }
      const filtered = labelSelector.length > 0 || fieldSelector.length > 0;
      const page: StoredObject[] = [];
      let index = start;
      for (; index < range.end && page.length < limit; index++) {
        const item = items[index]!;
        if (filtered && (!matchesLabels(labelSelector, item.labels) || !matchesFields(fieldSelector, item))) continue;
        page.push(item);
      }
      let more = false;
      if (page.length >= limit) {
        for (let next = index; next < range.end; next++) {
          const item = items[next]!;
          if (!filtered || (matchesLabels(labelSelector, item.labels) && matchesFields(fieldSelector, item))) {
            more = true;
            break;
          }
        }
      }
      const listMetadata: Record<string, unknown> = { resourceVersion: String(store.resourceVersion) };
      if (more) {
        listMetadata['continue'] = encodeContinue(page[page.length - 1]!, store.resourceVersion, now);
        // The real server counts the rest only when it needs no selector to do so.
        if (!filtered) listMetadata['remainingItemCount'] = range.end - index;
      }
      const { representation } = negotiated;
      if (representation.as === 'Table') {
        send(200, table(page, type, apiVersion, representation.version, params, listMetadata), negotiated.contentType);
        return;
      }
      if (representation.as === 'PartialObjectMetadataList') {
        const version = representation.version;
        const body = page.map((item) => `{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/${version}","metadata":${metadataJson(item)}}`);
        send(200, `{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/${version}","metadata":${JSON.stringify(listMetadata)},"items":[${body.join(',')}]}`, negotiated.contentType);
        return;
      }
      const body = page.map(bodyJson);
      send(200, `{"kind":${JSON.stringify(type.listKind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(listMetadata)},"items":[${body.join(',')}]}`, JSON_TYPE);
    }

    async function review(identity: UserInfo, type: ResourceType, apiVersion: string, namespace: string | undefined): Promise<void> {
      const raw = await readBody(request);
      let input: Record<string, unknown>;
      try {
        if ((requestContentType ?? '').startsWith('application/vnd.kubernetes.protobuf')) input = decodeReview(raw);
        else input = asRecord(JSON.parse(raw.toString('utf8'))) ?? {};
      } catch (error) {
        if (error instanceof ProtobufError || error instanceof SyntaxError) throw new HttpError(badRequest(`the body of the request was in an unknown format: ${error.message}`));
        throw error;
      }
      const spec = asRecord(input['spec']) ?? {};
      const metadata = { ...(asRecord(input['metadata']) ?? {}), creationTimestamp: null };
      const reply = (status: Record<string, unknown>) =>
        sendJson(201, { kind: type.kind, apiVersion, metadata, spec, status });

      if (type.kind === 'SelfSubjectReview') {
        reply({ userInfo: { username: identity.name, groups: identity.groups } });
        return;
      }
      if (type.kind === 'TokenReview') {
        const token = asString(spec['token']);
        const reviewed = token === undefined ? undefined : tokens.get(token);
        reply(reviewed === undefined ? { authenticated: false, error: 'invalid bearer token' } : { authenticated: true, user: { username: reviewed.name, groups: withAuthenticatedGroups(reviewed).groups } });
        return;
      }
      if (type.kind === 'SelfSubjectRulesReview') {
        const rulesNamespace = asString(spec['namespace']) ?? '';
        const rules = authorizer.rulesFor(identity, rulesNamespace);
        reply({
          resourceRules: rules.resourceRules.map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, ...(r.resourceNames.length > 0 ? { resourceNames: r.resourceNames } : {}) })),
          nonResourceRules: rules.nonResourceRules.map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
          incomplete: false,
        });
        return;
      }
      let subject: UserInfo = identity;
      if (type.kind === 'SubjectAccessReview' || type.kind === 'LocalSubjectAccessReview') {
        const userName = asString(spec['user']);
        const groups = asStringArray(spec['groups']);
        if (userName === undefined && groups.length === 0) {
          throw new HttpError({ code: 422, reason: 'Invalid', message: `${type.kind}.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`, details: { group: 'authorization.k8s.io', kind: type.kind } });
        }
        subject = { name: userName ?? '', groups };
      }
      const resourceAttributes = asRecord(spec['resourceAttributes']);
      const nonResourceAttributes = asRecord(spec['nonResourceAttributes']);
      let attributes: RequestAttributes;
      if (resourceAttributes !== undefined) {
        const reviewNamespace = asString(resourceAttributes['namespace']);
        if (type.kind === 'LocalSubjectAccessReview' && reviewNamespace !== namespace) {
          throw new HttpError({ code: 422, reason: 'Invalid', message: `LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "${reviewNamespace ?? ''}": must match metadata.namespace`, details: { group: 'authorization.k8s.io', kind: type.kind } });
        }
        attributes = {
          resourceRequest: true,
          verb: asString(resourceAttributes['verb']) ?? '',
          group: asString(resourceAttributes['group']) ?? '',
          resource: asString(resourceAttributes['resource']) ?? '',
          subresource: asString(resourceAttributes['subresource']) || undefined,
          name: asString(resourceAttributes['name']) || undefined,
          namespace: reviewNamespace || undefined,
        };
      } else if (nonResourceAttributes !== undefined) {
        attributes = { resourceRequest: false, verb: asString(nonResourceAttributes['verb']) ?? '', path: asString(nonResourceAttributes['path']) ?? '' };
      } else {
        throw new HttpError({ code: 422, reason: 'Invalid', message: `${type.kind}.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`, details: { group: 'authorization.k8s.io', kind: type.kind } });
      }
      const decision = authorizer.authorize(subject, attributes);
      reply({ allowed: decision.allowed, ...(decision.reason !== '' ? { reason: decision.reason } : {}) });
    }
  }

  server.on('request', (request: Request, response: Response) => {
    handle(request, response).catch(() => {
      // Only reachable when the connection broke while answering; nothing is left to tell the client.
      if (!response.destroyed) response.destroy();
    });
  });

  return {
    server,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        abort.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
