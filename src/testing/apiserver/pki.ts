// A throwaway certificate authority for the test API server. Node's crypto cannot issue X.509
// certificates, so the openssl CLI does it; keys are P-256 (fast to generate) and everything is
// cached per process, so only the first server start of a test run pays for it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KeyPair {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface TestPki {
  readonly ca: KeyPair;
  readonly server: KeyPair;
}

const OPENSSL = process.env['KUBEHARDEN_OPENSSL'] ?? 'openssl';
const KEY_OPTIONS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** openssl's -subj syntax: `/` and `+` and `\` inside a value must be escaped. */
function subjectPart(type: string, value: string): string {
  return `/${type}=${value.replace(/[\\/+]/g, (c) => `\\${c}`)}`;
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kubeharden-pki-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function issue(subject: string, extensions: readonly string[], ca?: KeyPair): Promise<KeyPair> {
  return inTempDir(async (dir) => {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const args = ['req', '-x509', ...KEY_OPTIONS, '-keyout', keyFile, '-out', certFile, '-subj', subject, '-days', '3650'];
    if (ca !== undefined) {
      const caCert = join(dir, 'ca.pem');
      const caKey = join(dir, 'ca-key.pem');
      await Promise.all([writeFile(caCert, ca.certPem), writeFile(caKey, ca.keyPem, { mode: 0o600 })]);
      args.push('-CA', caCert, '-CAkey', caKey);
    }
    for (const extension of extensions) args.push('-addext', extension);
    await run(OPENSSL, args, { timeout: 30_000 });
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    return { certPem, keyPem };
  });
}

let pkiPromise: Promise<TestPki> | undefined;

/** The process-wide CA and the server certificate (valid for 127.0.0.1, ::1 and localhost). */
export function testPki(): Promise<TestPki> {
  pkiPromise ??= (async () => {
    const ca = await issue(subjectPart('CN', 'kubeharden-test-ca'), [
      'basicConstraints=critical,CA:TRUE',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ]);
    const server = await issue(
      subjectPart('CN', 'kube-apiserver'),
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:kubernetes.default.svc',
      ],
      ca,
    );
    return { ca, server };
  })();
  pkiPromise.catch(() => {
    pkiPromise = undefined;
  });
  return pkiPromise;
}

const clientCertificates = new Map<string, Promise<KeyPair>>();

/** A client certificate as kube-apiserver reads it: CN is the user name, each O one group. */
export function clientCertificate(user: string, groups: readonly string[]): Promise<KeyPair> {
  const cacheKey = JSON.stringify([user, groups]);
  let pending = clientCertificates.get(cacheKey);
  if (pending === undefined) {
    pending = testPki().then(({ ca }) =>
      issue(groups.map((group) => subjectPart('O', group)).join('') + subjectPart('CN', user), [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=clientAuth',
      ], ca),
    );
    clientCertificates.set(cacheKey, pending);
    pending.catch(() => clientCertificates.delete(cacheKey));
  }
  return pending;
}
