import fc from 'fast-check';

/**
 * Property-based fuzzing settings: a fixed seed and a bounded number of runs in CI, more with
 * KUBEHARDEN_FUZZ_RUNS (and a new seed with KUBEHARDEN_FUZZ_SEED, printed by fast-check on failure).
 */
export function fuzzParameters<T>(defaultRuns = 200): fc.Parameters<T> {
  const runs = Number(process.env['KUBEHARDEN_FUZZ_RUNS'] ?? defaultRuns);
  const seed = Number(process.env['KUBEHARDEN_FUZZ_SEED'] ?? 20261123);
  const extended = process.env['KUBEHARDEN_FUZZ_RUNS'] !== undefined;
  return {
    numRuns: Number.isFinite(runs) && runs > 0 ? runs : defaultRuns,
    seed,
    // CI stays fast: the default runs are time-boxed; an explicit run count runs to the end.
    ...(extended ? {} : { interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false }),
  };
}

/** Values of the wrong type for a Kubernetes field: every shape YAML can produce, and the usual suspects. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, '', 'yes', 'no', 'true', '0', '-1', '*', '/', '::', 'RuntimeDefault', 'ALL', 'NET_RAW', 'Always', '0.0.0.0/0', '-', '__proto__', 'constructor'),
  fc.constantFrom(0, -1, 1, 65536, 1.5, Number.MAX_SAFE_INTEGER, -0, true, false),
  fc.constant([]),
  fc.constant({}),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null), fc.constant({}), fc.constant([])), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('name', 'key', 'value', 'kind', 'apiGroups', 'resources', 'verbs', 'type', 'path', '__proto__', 'x'), fc.anything({ maxDepth: 2 }), {
    maxKeys: 4,
  }),
  fc.anything({ maxDepth: 2 }),
);

export interface Mutation {
  readonly at: number;
  readonly op: 'replace' | 'delete' | 'wrap' | 'stringify' | 'add';
  readonly value: unknown;
  /** For `add`: which key of the vocabulary to add. */
  readonly key: number;
}

export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({ at: fc.nat(), op: fc.constantFrom('replace', 'replace', 'delete', 'wrap', 'stringify', 'add', 'add'), value: oddValue, key: fc.nat() }) as fc.Arbitrary<Mutation>,
  { minLength: 1, maxLength: 6 },
);

type Container = Record<string, unknown> | unknown[];

/** Every key used anywhere in the values: what `add` mutations put in places that lack them. */
export function keyVocabulary(values: readonly unknown[]): string[] {
  const keys = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 30 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) value.forEach((v) => visit(v, depth + 1));
    else
      for (const [key, item] of Object.entries(value)) {
        keys.add(key);
        visit(item, depth + 1);
      }
  };
  values.forEach((v) => visit(v, 0));
  return [...keys].sort();
}

/** Every (parent, key) place in a value, depth first, so that a mutation can pick one by number. */
function places(value: unknown, out: [Container, string | number][] = [], depth = 0): [Container, string | number][] {
  if (depth > 30 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value, i]);
      places(item, out, depth + 1);
    });
  } else {
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, key]);
      places(item, out, depth + 1);
    }
  }
  return out;
}

/**
 * A copy of a realistic object with some fields replaced by values of other types, removed, wrapped in
 * a list or turned into strings: the shapes a hand-written or hostile manifest has. apiVersion and kind
 * are kept, so that the object still reaches the controls of its kind.
 */
export function mutate<T extends Record<string, unknown>>(object: T, list: readonly Mutation[], vocabulary: readonly string[] = []): T {
  const copy = structuredClone(object);
  for (const mutation of list) {
    if (mutation.op === 'add' && vocabulary.length > 0) {
      // Any mapping, the root included, may get any field name with any value.
      const maps = [copy as Container, ...places(copy).map(([p, k]) => (p as Record<string | number, unknown>)[k])].filter(
        (v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v),
      );
      const target = maps[mutation.at % maps.length] as Record<string, unknown>;
      const key = vocabulary[mutation.key % vocabulary.length] as string;
      if (target === (copy as unknown) && (key === 'apiVersion' || key === 'kind')) continue;
      Object.defineProperty(target, key, { value: structuredClone(mutation.value), enumerable: true, writable: true, configurable: true });
      continue;
    }
    const all = places(copy).filter(([parent, key]) => !(parent === copy && (key === 'apiVersion' || key === 'kind')));
    if (all.length === 0) break;
    const [parent, key] = all[mutation.at % all.length] as [Container, string | number];
    const current = (parent as Record<string | number, unknown>)[key];
    const replacement =
      mutation.op === 'replace'
        ? structuredClone(mutation.value) // generated values are shared (fc.constant): never mutate them in place
        : mutation.op === 'wrap'
          ? [current]
          : mutation.op === 'stringify'
            ? JSON.stringify(current) ?? 'undefined'
            : undefined;
    if (mutation.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (key === '__proto__' && !Array.isArray(parent)) {
      Object.defineProperty(parent, key, { value: replacement, enumerable: true, writable: true, configurable: true });
    } else {
      (parent as Record<string | number, unknown>)[key] = replacement;
    }
  }
  return copy;
}
