import { asRecord, asString } from '../core/values.js';
import { groupOf } from './pod-spec-paths.js';

/** How far the walk looks: custom resources nest containers a few levels down, never hundreds. */
const MAX_DEPTH = 12;
const MAX_NODES = 20_000;

/** Lists whose named items are containers, whether or not they name an image. */
const containerLists = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * API groups of policy engines: their objects describe containers in patterns (Kyverno's
 * `pattern.spec.containers[].image: "!*:latest"`) rather than run them.
 */
const policyGroups = new Set(['kyverno.io', 'constraints.gatekeeper.sh', 'templates.gatekeeper.sh', 'admissionregistration.k8s.io']);

/**
 * Whether an object that no known pod template covers holds containers anyway, under `spec`: a mapping
 * with a string `image` (Tekton steps, Argo Workflow templates, a Spark driver), a named item of a
 * container list without one (operators fill in the image: ECK's sysctl init container, a Prometheus
 * sidecar patch), or a `securityContext` an operator copies into its pods (Strimzi's
 * `template.kafkaContainer`, Prometheus' pod-level settings). The pod controls cannot judge them, and
 * the report says so rather than let them pass unseen.
 */
export function holdsContainers(object: Readonly<Record<string, unknown>>): boolean {
  if (policyGroups.has(groupOf(asString(object['apiVersion']) ?? ''))) return false;
  let nodes = 0;
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || ++nodes > MAX_NODES) return false;
    if (Array.isArray(value)) return value.some((item) => visit(item, depth + 1));
    const record = value as Record<string, unknown>;
    if (typeof record['image'] === 'string' && record['image'] !== '') return true;
    if (asRecord(record['securityContext'])) return true;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      if (containerLists.has(key) && isNamedContainerList(record[key])) return true;
      if (visit(record[key], depth + 1)) return true;
    }
    return false;
  };
  const spec = asRecord(object['spec']);
  return spec !== undefined && visit(spec, 0);
}

function isNamedContainerList(value: unknown): boolean {
  return Array.isArray(value) && value.some((item) => typeof asRecord(item)?.['name'] === 'string');
}
