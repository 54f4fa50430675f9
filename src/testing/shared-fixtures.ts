import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder upwards whose package.json is kubeharden's. */
export function repoRoot(start: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'kubeharden') return dir;
      } catch {
        // not the package.json we are looking for
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The folder of fixtures from other projects (`../shared/conformance/<name>` beside the clone, or
 * KUBEHARDEN_SHARED_DIR), or undefined: users' clones do not have it, and tests that need it skip visibly.
 */
export function conformanceDir(name: string): string | undefined {
  const fromEnv = process.env['KUBEHARDEN_SHARED_DIR'];
  const root = repoRoot() ?? repoRoot(process.cwd());
  const candidates = [
    ...(fromEnv ? [join(fromEnv, 'conformance', name)] : []),
    ...(root ? [join(root, '..', 'shared', 'conformance', name)] : []),
  ];
  return candidates.find((c) => existsSync(c));
}
