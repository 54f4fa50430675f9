import { existsSync } from 'node:fs';

/**
 * Debian's Chromium for the browser tests (`apt-get install chromium`; CI installs it), or the binary
 * named by KUBEHARDEN_CHROMIUM. playwright-core drives it; no browser is ever downloaded.
 */
export function chromiumExecutable(): string | undefined {
  return [process.env['KUBEHARDEN_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((c): c is string => !!c && existsSync(c));
}

/** CI sets KUBEHARDEN_REQUIRE_BROWSER=1: there a missing browser fails the tests instead of skipping them. */
export function browserRequired(): boolean {
  return process.env['KUBEHARDEN_REQUIRE_BROWSER'] === '1';
}

/**
 * As root (CI, containers) Chromium needs --no-sandbox; the others keep it from calling home (updates,
 * sync, safe browsing), which on a machine without network only adds noise and delay.
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];
