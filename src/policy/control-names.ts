import type { ControlDefinition } from '../core/control.js';
import { catalog } from '../guidance/catalog.js';
import { problem, text, type Field } from './fields.js';
import { didYouMean } from './suggest.js';

/** Every control of the catalog by ID (any case), and the implemented ones by slug. */
export interface ControlNames {
  /** The catalog ID of an ID or slug, or undefined. */
  resolve(name: string): string | undefined;
  /** ` (did you mean "NSA-POD-005"?)` for a near miss, or ''. */
  hint(name: string): string;
}

/** Matches every control: the `*` of `kubeharden.io/ignore: "*"`. */
export const ALL_CONTROLS = '*';

export function controlNames(controls: readonly ControlDefinition[]): ControlNames {
  const ids = new Set<string>(catalog.map((c) => c.id));
  const bySlug = new Map(controls.map((c) => [c.meta.slug, c.meta.id as string]));
  const known = [...ids, ...bySlug.keys()];
  return {
    resolve(name) {
      const trimmed = name.trim();
      return ids.has(trimmed.toUpperCase()) ? trimmed.toUpperCase() : bySlug.get(trimmed.toLowerCase());
    },
    hint: (name) => didYouMean(name, known),
  };
}

export function unknownControlMessage(name: string, names: ControlNames): string {
  return `unknown control ${JSON.stringify(name)}${names.hint(name)}: use a catalog ID such as NSA-POD-006 or a slug such as privileged-containers ('kubeharden controls' lists them)`;
}

const controlPattern = /^(?:[A-Za-z]+-[A-Za-z]+-\d{3}|[a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** A control ID or slug, read as its catalog ID; `*` (every control) only where `wildcard` allows it. */
export function controlNameField(names: ControlNames, options: { readonly wildcard?: boolean } = {}): Field<string> {
  const base = text({ expected: 'a control ID or slug' });
  return {
    schema: {
      type: 'string',
      pattern: options.wildcard ? `^(?:\\*|${controlPattern.source.slice(1, -1)})$` : controlPattern.source,
      description: `a control ID (NSA-POD-006) or slug (privileged-containers)${options.wildcard ? ', or * for every control' : ''}`,
    },
    read(value, where) {
      const name = base.read(value, where).trim();
      if (options.wildcard && name === ALL_CONTROLS) return ALL_CONTROLS;
      const id = names.resolve(name);
      if (!id) throw problem(where, unknownControlMessage(name, names));
      return id;
    },
  };
}
