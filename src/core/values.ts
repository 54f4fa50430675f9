// Input objects come from files people did not write: every read goes through these guards
// so that a wrong type (containers: null, privileged: "yes") never throws.

export type KubeObject = Record<string, unknown>;

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asStringArray(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

export function isTrue(value: unknown): boolean {
  return value === true;
}

/**
 * A copy of a string that shares no memory with the text it was read from. Strings a parser returns
 * are often slices of the whole file: one of them kept in a report keeps the whole file alive.
 */
export function detach(text: string): string {
  return (' ' + text).slice(1);
}
