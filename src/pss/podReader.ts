/**
 * A tolerant, read-only view of a parsed-YAML pod. PSA works on typed Go structs that
 * the API server has already decoded; here the input may be malformed (wrong types,
 * nulls), so every accessor degrades instead of throwing. Where a malformed value has
 * to be interpreted, the readers pick the reading that is safer for a hardening
 * scanner: a value that *forbids* something counts when in doubt, a value that
 * *permits* something only counts when it is exactly well formed.
 */
import type { Path } from '../core/path.js';

export type JsonRecord = Readonly<Record<string, unknown>>;

export { asArray, asRecord } from '../core/values.js';
import { asArray, asRecord } from '../core/values.js';

/** A present value: JSON null decodes to a nil pointer in Go, so it counts as absent. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}


/**
 * Elements of a list whose entries are *forbidden* values (capabilities.add): a scalar
 * written where a list belongs still names something the author asked for, so it is
 * checked as a one-element list rather than ignored.
 */
export function asForbiddenValueList(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return isSet(value) ? [value] : [];
}

// kubectl decodes manifests as YAML 1.1 (sigs.k8s.io/yaml), where an unquoted `privileged: yes` is
// boolean true. The manifest parser already reads it so; a quoted "yes" (or JSON input) still reaches
// here as a string, and PSA evaluation reads it as the permissive value a careless author meant.
const yaml11TrueWords = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);

/** For fields that grant a privilege when true: anything kubectl could read as true counts. */
export function isTrueLike(value: unknown): boolean {
  return value === true || (typeof value === 'string' && yaml11TrueWords.has(value.trim()));
}

/** For numeric fields where zero is the dangerous value (runAsUser): "0" counts as 0. */
export function isZeroLike(value: unknown): boolean {
  if (typeof value === 'number') return value === 0;
  return typeof value === 'string' && /^\s*[+-]?0+\s*$/.test(value);
}

/** Strings as Go would hold them: absent/null is the empty string. */
export function stringOrEmpty(value: unknown): string | undefined {
  if (!isSet(value)) return '';
  return typeof value === 'string' ? value : undefined;
}

/** Renders any value for a message without throwing (cyclic or exotic values included). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export type ContainerListKey = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface ContainerView {
  /** The container's name, '' when missing (PSA would print the Go zero value too). */
  name: string;
  /** Path of the container object, relative to the pod: ['spec', 'containers', 0]. */
  path: Path;
  /** The container's securityContext, if it is an object. */
  securityContext: JsonRecord | undefined;
  record: JsonRecord;
}

export interface PodView {
  annotations: ReadonlyArray<readonly [string, unknown]>;
  spec: JsonRecord;
  podSecurityContext: JsonRecord | undefined;
  /** Visited in PSA's order: init containers, containers, ephemeral containers. */
  containers: readonly ContainerView[];
  /** spec.os.name == windows: several restricted checks exempt these pods from v1.25. */
  isWindows: boolean;
  /**
   * spec.hostUsers == false (a user-namespaced pod). This relaxes checks, so only a
   * real boolean false counts.
   */
  isUserNamespaced: boolean;
}

const containerListKeys: readonly ContainerListKey[] = ['initContainers', 'containers', 'ephemeralContainers'];
const emptyRecord: JsonRecord = Object.freeze({});

export function readPod(podMetadata: unknown, podSpec: unknown): PodView {
  const spec = asRecord(podSpec) ?? emptyRecord;
  const annotationRecord = asRecord(asRecord(podMetadata)?.['annotations']);
  const containers: ContainerView[] = [];
  for (const listKey of containerListKeys) {
    asArray(spec[listKey]).forEach((entry, index) => {
      // Go decodes a null list entry into a zero-valued container, so it is still
      // visited (and fails whatever a container must set), just without a name.
      const record = asRecord(entry) ?? emptyRecord;
      const name = record['name'];
      containers.push({
        name: typeof name === 'string' ? name : '',
        path: ['spec', listKey, index],
        securityContext: asRecord(record['securityContext']),
        record,
      });
    });
  }
  return {
    annotations: annotationRecord ? Object.entries(annotationRecord) : [],
    spec,
    podSecurityContext: asRecord(spec['securityContext']),
    containers,
    isWindows: asRecord(spec['os'])?.['name'] === 'windows',
    isUserNamespaced: spec['hostUsers'] === false,
  };
}

/** Looks up one annotation by exact key. */
export function annotationValue(pod: PodView, key: string): { present: boolean; value: unknown } {
  for (const [annotationKey, value] of pod.annotations) {
    if (annotationKey === key) return { present: true, value };
  }
  return { present: false, value: undefined };
}
