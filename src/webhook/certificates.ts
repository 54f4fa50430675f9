import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { createSecureContext } from 'node:tls';

export interface KeyPair {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Reads a certificate and its key, and checks that they belong together (createSecureContext throws otherwise). */
export function readKeyPair(certFile: string, keyFile: string): KeyPair {
  const pair = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  createSecureContext(pair);
  return pair;
}

/**
 * Polls the certificate and key files (stat follows symlinks, so the atomic `..data` swap of a
 * Kubernetes Secret volume is seen like an in-place write) and hands a new pair over once both files
 * read as a valid pair that differs from the current one. A half-written update (a new certificate with
 * the old key) fails the check and is retried at the next change or poll, while the old pair keeps serving.
 */
export class CertificateWatcher {
  private current: KeyPair;
  private pending: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly certFile: string,
    private readonly keyFile: string,
    initial: KeyPair,
    private readonly intervalMs: number,
    private readonly onReload: (pair: KeyPair) => void,
    private readonly onError: (message: string) => void,
  ) {
    this.current = initial;
    watchFile(certFile, { interval: intervalMs, persistent: false }, this.changed);
    watchFile(keyFile, { interval: intervalMs, persistent: false }, this.changed);
  }

  private readonly changed = (now: Stats, before: Stats): void => {
    if (now.mtimeMs === before.mtimeMs && now.ino === before.ino && now.size === before.size) return;
    // The two files of a pair change one after the other: wait for both to settle.
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.reload(), Math.min(200, this.intervalMs));
    this.pending.unref();
  };

  /** Reads the files now; returns whether a new pair is in use. */
  reload(): boolean {
    if (this.stopped) return false;
    let pair: KeyPair;
    try {
      pair = readKeyPair(this.certFile, this.keyFile);
    } catch (error) {
      this.onError(`the certificate and key cannot be loaded, the previous ones stay in use: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    if (pair.cert.equals(this.current.cert) && pair.key.equals(this.current.key)) return false;
    this.current = pair;
    this.onReload(pair);
    return true;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pending);
    unwatchFile(this.certFile, this.changed);
    unwatchFile(this.keyFile, this.changed);
  }
}
