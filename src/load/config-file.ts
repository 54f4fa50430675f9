import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from '../policy/config.js';
import { PolicyError } from '../policy/fields.js';

/**
 * The configuration file for a scan: `.kubeharden.yaml` (or `.yml`) in the folder of `start` or the
 * nearest folder above it. Both names in one folder is an error, since only one would be read.
 */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  if (!isDirectory(dir)) dir = dirname(dir);
  for (;;) {
    const found = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter((file) => existsSync(file));
    if (found.length > 1) throw new PolicyError(`${found.join(' and ')}: two configuration files in one folder; keep one`);
    if (found[0]) return found[0];
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
