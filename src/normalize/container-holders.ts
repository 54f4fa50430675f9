import { asRecord } from '../core/values.js';

/** How far the walk looks: custom resources nest containers a few levels down, never hundreds. */
const MAX_DEPTH = 12;
const MAX_NODES = 20_000;

/**
 * Whether an object of a kind with no known pod template holds containers anyway: a mapping with a string
 * `image` under `spec` (Tekton steps, Argo Workflow templates, a Spark driver, a KEDA ScaledJob). The
 * pod controls cannot judge them, and the report says so rather than let them pass unseen.
 */
export function holdsContainers(object: Readonly<Record<string, unknown>>): boolean {
  let nodes = 0;
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || ++nodes > MAX_NODES) return false;
    if (Array.isArray(value)) return value.some((item) => visit(item, depth + 1));
    const record = value as Record<string, unknown>;
    if (typeof record['image'] === 'string' && record['image'] !== '') return true;
    for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key) && visit(record[key], depth + 1)) return true;
    return false;
  };
  const spec = asRecord(object['spec']);
  return spec !== undefined && visit(spec, 0);
}
