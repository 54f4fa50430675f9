// Label and field selectors with the syntax and the error messages of the API server
// (k8s.io/apimachinery/pkg/labels and pkg/fields).
import { asRecord } from '../../core/values.js';
import type { ResourceType } from './registry.js';
import type { StoredObject } from './store.js';

export class SelectorError extends Error {}

type LabelOperator = 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

export type LabelSelector = readonly LabelRequirement[];

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 316) throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value) || value.length > 63) throw new SelectorError(`unable to parse requirement: invalid label value: "${value}"`);
  return value;
}

/** Splits at commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

export function parseLabelSelector(text: string): LabelSelector {
  const requirements: LabelRequirement[] = [];
  if (text.trim() === '') return requirements;
  for (const rawPart of splitTopLevel(text)) {
    const part = rawPart.trim();
    if (part === '') throw new SelectorError(`found '', expected: identifier`);
    let match: RegExpMatchArray | null;
    if ((match = /^!\s*([^\s=!<>(),]+)$/.exec(part)) !== null) {
      requirements.push({ key: checkKey(match[1]!), operator: '!exists', values: [] });
    } else if ((match = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part)) !== null) {
      const values = match[3]!.split(',').map((v) => checkValue(v.trim()));
      requirements.push({ key: checkKey(match[1]!), operator: match[2] as 'in' | 'notin', values });
    } else if ((match = /^([^\s=!<>(),]+)\s*(==|=|!=|>|<)\s*([^\s=!<>(),]*)$/.exec(part)) !== null) {
      const operator = match[2]!;
      const value = match[3]!;
      if (operator === '>' || operator === '<') {
        if (!/^-?\d+$/.test(value)) throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
        requirements.push({ key: checkKey(match[1]!), operator: operator === '>' ? 'gt' : 'lt', values: [value] });
      } else {
        requirements.push({ key: checkKey(match[1]!), operator: operator === '!=' ? '!=' : '=', values: [checkValue(value)] });
      }
    } else if ((match = /^([^\s=!<>(),]+)$/.exec(part)) !== null) {
      requirements.push({ key: checkKey(match[1]!), operator: 'exists', values: [] });
    } else {
      throw new SelectorError(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  return requirements;
}

export function matchesLabels(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const { key, operator, values } of selector) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = has ? labels[key]! : undefined;
    switch (operator) {
      case 'exists': if (!has) return false; break;
      case '!exists': if (has) return false; break;
      case '=': if (value !== values[0]) return false; break;
      case '!=': if (value === values[0]) return false; break;
      case 'in': if (value === undefined || !values.includes(value)) return false; break;
      case 'notin': if (value !== undefined && values.includes(value)) return false; break;
      case 'gt': case 'lt': {
        if (value === undefined || !/^-?\d+$/.test(value)) return false;
        const number = Number(value);
        const bound = Number(values[0]);
        if (operator === 'gt' ? !(number > bound) : !(number < bound)) return false;
        break;
      }
    }
  }
  return true;
}

interface FieldRequirement {
  readonly field: string;
  readonly equal: boolean;
  readonly value: string;
}

export type FieldSelector = readonly FieldRequirement[];

/** Unescapes `\,` `\=` `\\` in a field selector value, splitting on unescaped commas. */
function splitFieldTerms(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1]!;
      i++;
    } else if (char === ',') {
      terms.push(current);
      current = '';
    } else current += char;
  }
  terms.push(current);
  return terms;
}

function unescapeFieldValue(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => {
    if (c === ',' || c === '=' || c === '\\') return c;
    throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
  });
}

export function parseFieldSelector(text: string, type: ResourceType): FieldSelector {
  const requirements: FieldRequirement[] = [];
  if (text.trim() === '') return requirements;
  const supported = new Set(['metadata.name', 'metadata.namespace', ...type.selectableFields]);
  for (const term of splitFieldTerms(text)) {
    const match = /^([^=!]+?)\s*(==|=|!=)(.*)$/.exec(term.replace(/^\s+/, ''));
    if (match === null) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = match[1]!.trim();
    if (!supported.has(field)) {
      if (type.custom) {
        throw new SelectorError(`"${field}" is not a known field selector: only ${[...supported].map((f) => `"${f}"`).join(', ')}`);
      }
      throw new SelectorError(`field label not supported: ${field}`);
    }
    requirements.push({ field, equal: match[2] !== '!=', value: unescapeFieldValue(match[3]!) });
  }
  return requirements;
}

/** The string value of a selectable field, as the server's field set renders it (absent fields are ""). */
function fieldValue(item: StoredObject, field: string): string {
  if (field === 'metadata.name') return item.name;
  if (field === 'metadata.namespace') return item.namespace;
  let value: unknown = item.object;
  for (const part of field.split('.')) value = asRecord(value)?.[part];
  // The registries render booleans as "true"/"false" with false for an unset field, everything else as "".
  if (value === undefined || value === null) return field === 'spec.hostNetwork' || field === 'spec.unschedulable' ? 'false' : '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function matchesFields(selector: FieldSelector, item: StoredObject): boolean {
  for (const { field, equal, value } of selector) {
    if ((fieldValue(item, field) === value) !== equal) return false;
  }
  return true;
}
