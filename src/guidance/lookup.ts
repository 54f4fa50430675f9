import { catalog, type ControlId } from './catalog.js';
import type { CatalogEntry } from './types.js';

const byId = new Map<string, CatalogEntry>((catalog as readonly CatalogEntry[]).map((c) => [c.id, c]));

export function catalogEntry(id: string): CatalogEntry | undefined {
  return byId.get(id);
}

/** The catalog's title, section, guidance reference and default severity of a control, for its metadata. */
export function catalogFields(id: ControlId): Pick<CatalogEntry, 'title' | 'section' | 'guidance' | 'severity'> & { id: ControlId } {
  const entry = byId.get(id);
  if (!entry) throw new Error(`${id} is not in the control catalog`);
  return { id, title: entry.title, section: entry.section, guidance: entry.guidance, severity: entry.severity };
}
