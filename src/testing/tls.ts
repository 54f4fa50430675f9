// A throwaway certificate authority for HTTPS tests, made with the system's openssl in a temp folder.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL = existsSync('/usr/bin/openssl') ? '/usr/bin/openssl' : 'openssl';

export interface TestCa {
  readonly dir: string;
  readonly caFile: string;
  readonly ca: Buffer;
  /** Issues a serving certificate for localhost and 127.0.0.1 into `name`.crt / `name`.key; returns the paths. */
  issue(name: string, commonName?: string): { certFile: string; keyFile: string };
  remove(): void;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync(OPENSSL, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA (ECDSA P-256, one day) in a new temp folder. */
export function createTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-ca-'));
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key'], dir);
  openssl(
    ['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=kubeharden test CA', '-days', '1', '-out', 'ca.crt',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n');
  const caFile = join(dir, 'ca.crt');
  return {
    dir,
    caFile,
    ca: readFileSync(caFile),
    issue(name, commonName = 'localhost') {
      openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
      openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${commonName}`, '-out', `${name}.csr`], dir);
      openssl(
        ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', `${name}.crt`, '-extfile', 'server.ext'],
        dir,
      );
      return { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
