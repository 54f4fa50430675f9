// A Kubernetes API server for tests, faithful enough that the real kubectl works against it:
// see server.ts for what it serves. It holds fixture objects in memory and never changes them.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Fault, FaultRule } from './faults.js';
import { clientCertificate, testPki, type KeyPair } from './pki.js';
import { RbacAuthorizer } from './rbac.js';
import { createApiServer, type RequestLogEntry, type UserCredentials } from './server.js';
import { ObjectStore } from './store.js';

export type { Fault, FaultRule, RequestLogEntry };

export interface TestApiServerOptions {
  /** Fixture objects, with apiVersion/kind/metadata (namespaced ones need metadata.namespace). CustomResourceDefinitions among them register their types (discovery, list, get) so custom resources of those types can be in `objects` too. */
  readonly objects: readonly Record<string, unknown>[];
  /** Users by name: a bearer token, and/or a client certificate (CN = name, O = each group) issued by the server's test CA. */
  readonly users?: Readonly<Record<string, { readonly token?: string; readonly certificate?: boolean; readonly groups?: readonly string[] }>>;
  /** Anonymous requests are system:anonymous in group system:unauthenticated (default true). */
  readonly anonymous?: boolean;
  /** 'rbac' (default): evaluate the fixture's own Roles/ClusterRoles/bindings; members of system:masters are always allowed. */
  readonly authorization?: 'rbac' | 'allow-all';
  readonly version?: { readonly major: string; readonly minor: string; readonly gitVersion: string };
  /** Served at /api/v1/nodes/{name}/proxy/configz as {"kubeletconfig": ...} (needs nodes/proxy get permission). */
  readonly kubeletConfigs?: Readonly<Record<string, Record<string, unknown>>>;
  /** How long a `continue` token stays valid (default 5 minutes); older ones get 410 Gone (reason Expired). */
  readonly continueTtlMs?: number;
}

export interface TestApiServer {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly caCertPem: string;
  credentials(user: string): { readonly token?: string; readonly certPem?: string; readonly keyPem?: string };
  /** Writes a kubeconfig (embedded CA; the user's cert or token; context named `test` unless given) and returns its path. user undefined = anonymous. */
  writeKubeconfig(dir: string, user?: string, contextName?: string): Promise<string>;
  /** Every request so far, in the order they were answered. */
  readonly requests: readonly RequestLogEntry[];
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export const DEFAULT_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.4' } as const;

export async function startTestApiServer(options: TestApiServerOptions): Promise<TestApiServer> {
  const pki = await testPki();
  const store = new ObjectStore(options.objects);
  const authorizer = new RbacAuthorizer(store, options.authorization === 'allow-all');
  const users = new Map<string, UserCredentials>();
  const certificates = new Map<string, KeyPair>();
  const userEntries = Object.entries(options.users ?? {});
  await Promise.all(
    userEntries.map(async ([name, user]) => {
      const groups = user.groups ?? [];
      users.set(name, { token: user.token, groups });
      if (user.certificate === true) certificates.set(name, await clientCertificate(name, groups));
    }),
  );
  const handle = createApiServer({
    store,
    tls: { key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem },
    users,
    anonymous: options.anonymous ?? true,
    authorizer,
    version: options.version ?? DEFAULT_VERSION,
    kubeletConfigs: options.kubeletConfigs ?? {},
    continueTtlMs: options.continueTtlMs ?? 5 * 60_000,
  });
  await new Promise<void>((resolve, reject) => {
    handle.server.once('error', reject);
    handle.server.listen(0, '127.0.0.1', () => {
      handle.server.off('error', reject);
      resolve();
    });
  });
  const address = handle.server.address();
  if (address === null || typeof address !== 'object') throw new Error('the test API server has no address');
  const url = `https://127.0.0.1:${address.port}`;

  const credentials = (user: string) => {
    const known = users.get(user);
    if (known === undefined) throw new Error(`unknown test user ${user}`);
    const certificate = certificates.get(user);
    return {
      ...(known.token !== undefined ? { token: known.token } : {}),
      ...(certificate !== undefined ? { certPem: certificate.certPem, keyPem: certificate.keyPem } : {}),
    };
  };

  let closed: Promise<void> | undefined;
  return {
    url,
    caCertPem: pki.ca.certPem,
    credentials,
    async writeKubeconfig(dir, user, contextName = 'test') {
      const userName = user ?? 'anonymous';
      // kubectl prompts for a user name when a user entry identifies nobody, so an anonymous kubeconfig
      // names one with basic auth, which kube-apiserver (1.19+) ignores: the request stays anonymous.
      const auth: Record<string, string> = user === undefined ? { username: 'system:anonymous', password: '' } : {};
      if (user !== undefined) {
        const creds = credentials(user);
        if (creds.certPem !== undefined && creds.keyPem !== undefined) {
          auth['client-certificate-data'] = Buffer.from(creds.certPem).toString('base64');
          auth['client-key-data'] = Buffer.from(creds.keyPem).toString('base64');
        }
        if (creds.token !== undefined) auth['token'] = creds.token;
      }
      const kubeconfig = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'test-cluster', cluster: { server: url, 'certificate-authority-data': Buffer.from(pki.ca.certPem).toString('base64') } }],
        users: [{ name: userName, user: auth }],
        contexts: [{ name: contextName, context: { cluster: 'test-cluster', user: userName } }],
        'current-context': contextName,
        preferences: {},
      };
      const path = join(dir, `kubeconfig-${userName.replace(/[^A-Za-z0-9_.-]/g, '_')}-${contextName.replace(/[^A-Za-z0-9_.-]/g, '_')}.yaml`);
      await writeFile(path, stringify(kubeconfig), { mode: 0o600 });
      return path;
    },
    requests: handle.requests,
    injectFault: (rule) => handle.faults.add(rule),
    clearFaults: () => handle.faults.clear(),
    close: () => (closed ??= handle.close()),
  };
}
