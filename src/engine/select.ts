import type { ControlDefinition } from '../core/control.js';
import { catalog } from '../guidance/catalog.js';

export class UnknownControlError extends Error {}

/**
 * Resolves --controls / --skip-controls lists (IDs or slugs, any case) to catalog IDs.
 * Unknown names are an error, never silently ignored: a typo must not turn a gate off.
 */
export function resolveControlNames(names: readonly string[], controls: readonly ControlDefinition[]): Set<string> {
  const bySlug = new Map(controls.map((c) => [c.meta.slug, c.meta.id as string]));
  const ids = new Set<string>(catalog.map((c) => c.id));
  const resolved = new Set<string>();
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    const id = ids.has(name.toUpperCase()) ? name.toUpperCase() : bySlug.get(name.toLowerCase());
    if (id) resolved.add(id);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    throw new UnknownControlError(
      `unknown control${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (use a catalog ID such as NSA-POD-006 or a slug such as privileged-containers; 'kubeharden controls' lists them)`,
    );
  }
  return resolved;
}
