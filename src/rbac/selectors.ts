import { asArray, asRecord, asString, asStringArray } from '../core/values.js';

export type Labels = Readonly<Record<string, string>>;

interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A metav1.LabelSelector; `never` when it cannot be read (the API server would reject it: it selects nothing). */
export interface LabelSelector {
  readonly requirements: readonly Requirement[];
  readonly never: boolean;
}

export function readLabels(value: unknown): Labels {
  const labels: Record<string, string> = {};
  for (const [key, v] of Object.entries(asRecord(value) ?? {})) {
    // YAML reads `aggregate-to-edit: true` without quotes as a boolean; Kubernetes would reject it,
    // but the intent is plain, so it counts as the string "true".
    if (typeof v === 'string') labels[key] = v;
    else if (typeof v === 'boolean' || typeof v === 'number') labels[key] = String(v);
  }
  return labels;
}

/** Reads a LabelSelector: matchLabels AND every matchExpression. An empty selector selects everything. */
export function readSelector(value: unknown): LabelSelector {
  const selector = asRecord(value);
  if (!selector) return { requirements: [], never: true };
  const requirements: Requirement[] = [];
  let never = false;
  for (const [key, v] of Object.entries(readLabels(selector['matchLabels']))) {
    requirements.push({ key, operator: 'In', values: [v] });
  }
  for (const entry of asArray(selector['matchExpressions'])) {
    const expression = asRecord(entry);
    const key = asString(expression?.['key']);
    const operator = asString(expression?.['operator']);
    const values = asStringArray(expression?.['values']);
    if (!key || (operator !== 'In' && operator !== 'NotIn' && operator !== 'Exists' && operator !== 'DoesNotExist')) {
      never = true;
      continue;
    }
    // In and NotIn need values, Exists and DoesNotExist take none (metav1 validation).
    if ((operator === 'In' || operator === 'NotIn') === (values.length === 0)) never = true;
    requirements.push({ key, operator, values });
  }
  return { requirements, never };
}

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  if (selector.never) return false;
  return selector.requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'In':
        return has && r.values.includes(labels[r.key] as string);
      case 'NotIn':
        return !has || !r.values.includes(labels[r.key] as string);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}
