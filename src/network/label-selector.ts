import { asArray, asRecord } from '../core/values.js';

export type Labels = Readonly<Record<string, string>>;

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/**
 * A metav1.LabelSelector read the way the API server reads it: matchLabels and matchExpressions are
 * ANDed, and a selector without requirements selects everything. A selector the API server would reject
 * (an unknown operator, In without values, a matchLabels that is not a map) is `invalid`: it selects nothing,
 * as the object carrying it would never have been admitted.
 */
export type LabelSelector =
  | { readonly valid: true; readonly requirements: readonly Requirement[] }
  | { readonly valid: false; readonly reason: string };

const operators: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Label values are strings in the API; YAML turns `tier: 1` or `canary: true` into other types, which the
 * API server refuses. Reading them as their text keeps a typo from silently changing what a selector selects.
 */
function labelValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The labels of an object's metadata (or any label map), values read as text; odd entries are dropped. */
export function labelsOf(value: unknown): Labels {
  const labels: Record<string, string> = {};
  for (const [key, raw] of Object.entries(asRecord(value) ?? {})) {
    const text = labelValue(raw);
    if (text !== undefined) labels[key] = text;
  }
  return labels;
}

/**
 * Parses a label selector. `null` and `undefined` are not selectors: callers decide what a missing selector
 * means (a NetworkPolicy defaults a missing podSelector to {}), so they get an invalid result here.
 */
export function parseSelector(value: unknown): LabelSelector {
  const selector = asRecord(value);
  if (!selector) return { valid: false, reason: 'not a label selector' };
  const requirements: Requirement[] = [];
  const matchLabels = selector['matchLabels'];
  if (matchLabels !== undefined && matchLabels !== null) {
    const map = asRecord(matchLabels);
    if (!map) return { valid: false, reason: 'matchLabels is not a map' };
    for (const [key, raw] of Object.entries(map)) {
      const text = labelValue(raw);
      if (text === undefined) return { valid: false, reason: `matchLabels "${key}" has no value` };
      requirements.push({ key, operator: 'In', values: [text] });
    }
  }
  const expressions = selector['matchExpressions'];
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return { valid: false, reason: 'matchExpressions is not a list' };
    for (const entry of expressions) {
      const expression = asRecord(entry);
      const key = expression?.['key'];
      const operator = expression?.['operator'];
      if (typeof key !== 'string' || key === '') return { valid: false, reason: 'a matchExpressions entry has no key' };
      if (typeof operator !== 'string' || !operators.has(operator)) {
        return { valid: false, reason: `operator "${String(operator)}" of "${key}" is not In, NotIn, Exists or DoesNotExist` };
      }
      const rawValues = expression?.['values'];
      const values = asArray(rawValues).map(labelValue);
      if (values.some((v) => v === undefined)) return { valid: false, reason: `values of "${key}" are not strings` };
      const texts = values as string[];
      if ((operator === 'In' || operator === 'NotIn') && texts.length === 0) {
        return { valid: false, reason: `${operator} on "${key}" needs values` };
      }
      if ((operator === 'Exists' || operator === 'DoesNotExist') && texts.length > 0) {
        return { valid: false, reason: `${operator} on "${key}" takes no values` };
      }
      requirements.push({ key, operator: operator as Operator, values: texts });
    }
  }
  return { valid: true, requirements };
}

export function requirementMatches(requirement: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(value as string);
    case 'NotIn':
      return !has || !requirement.values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  return selector.valid && selector.requirements.every((r) => requirementMatches(r, labels));
}

/** A valid selector with no requirements: `{}`, `{matchLabels: {}}`, `{matchExpressions: []}`. */
export function selectsEverything(selector: LabelSelector): boolean {
  return selector.valid && selector.requirements.length === 0;
}
