// Fields whose type the Kubernetes API schema fixes and the security controls read. A value of another
// type (`privileged: "yes"`, `containers: null`, `ports: 80`, `securityContext: []`) makes the API
// server reject the object, so the controls cannot say what it would do: the scan reports it as an input
// error at the field, and still judges the rest of the object as written.
import { getAtPath, type Path } from '../core/path.js';
import type { KubeObject } from '../core/values.js';
import type { PodTemplateLocation } from './pod-spec-paths.js';

type Expected = 'boolean' | 'integer' | 'string' | 'mapping' | 'list';

interface Shape {
  readonly [field: string]: Expected | { readonly type: 'mapping'; readonly fields: Shape } | { readonly type: 'list'; readonly items: Expected | Shape };
}

const capabilities: Shape = { add: { type: 'list', items: 'string' }, drop: { type: 'list', items: 'string' } };
const seccompProfile: Shape = { type: 'string', localhostProfile: 'string' };
const commonSecurity: Shape = {
  runAsNonRoot: 'boolean',
  runAsUser: 'integer',
  runAsGroup: 'integer',
  seccompProfile: { type: 'mapping', fields: seccompProfile },
  appArmorProfile: { type: 'mapping', fields: seccompProfile },
  seLinuxOptions: 'mapping',
  windowsOptions: 'mapping',
};
const containerSecurity: Shape = {
  ...commonSecurity,
  privileged: 'boolean',
  allowPrivilegeEscalation: 'boolean',
  readOnlyRootFilesystem: 'boolean',
  procMount: 'string',
  capabilities: { type: 'mapping', fields: capabilities },
};
const podSecurity: Shape = {
  ...commonSecurity,
  fsGroup: 'integer',
  supplementalGroups: { type: 'list', items: 'integer' },
  sysctls: { type: 'list', items: { name: 'string', value: 'string' } },
};
const container: Shape = {
  name: 'string',
  image: 'string',
  command: { type: 'list', items: 'string' },
  args: { type: 'list', items: 'string' },
  ports: { type: 'list', items: { containerPort: 'integer', hostPort: 'integer', hostIP: 'string', protocol: 'string', name: 'string' } },
  env: { type: 'list', items: { name: 'string', value: 'string', valueFrom: 'mapping' } },
  envFrom: 'list',
  volumeMounts: { type: 'list', items: { name: 'string', mountPath: 'string', readOnly: 'boolean' } },
  resources: { type: 'mapping', fields: { limits: 'mapping', requests: 'mapping' } },
  securityContext: { type: 'mapping', fields: containerSecurity },
  livenessProbe: 'mapping',
  readinessProbe: 'mapping',
  startupProbe: 'mapping',
};
const containers = { type: 'list', items: container } as const;
const podSpec: Shape = {
  containers,
  initContainers: containers,
  ephemeralContainers: containers,
  hostNetwork: 'boolean',
  hostPID: 'boolean',
  hostIPC: 'boolean',
  hostUsers: 'boolean',
  shareProcessNamespace: 'boolean',
  automountServiceAccountToken: 'boolean',
  serviceAccountName: 'string',
  serviceAccount: 'string',
  securityContext: { type: 'mapping', fields: podSecurity },
  volumes: { type: 'list', items: { name: 'string', hostPath: { type: 'mapping', fields: { path: 'string', type: 'string' } } } },
};
const metadata: Shape = { name: 'string', namespace: 'string', labels: 'mapping', annotations: 'mapping' };
const objectShape: Shape = { metadata: { type: 'mapping', fields: metadata } };

export interface FieldTypeError {
  readonly path: Path;
  readonly expected: Expected;
  /** What the value is, in words (never the value itself: it may be a secret). */
  readonly actual: string;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

function matches(value: unknown, expected: Expected): boolean {
  switch (expected) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'mapping':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'list':
      return Array.isArray(value);
  }
}

/** Each shape's fields as a list, made once: every resource of a scan is checked against the same shapes. */
const shapeFields = new WeakMap<Shape, readonly (readonly [string, Shape[string]])[]>();

function fieldsOf(shape: Shape): readonly (readonly [string, Shape[string]])[] {
  let fields = shapeFields.get(shape);
  if (!fields) shapeFields.set(shape, (fields = Object.entries(shape)));
  return fields;
}

/** A path built only when a field is wrong: most objects have no wrong field, and most fields are deeper than one. */
interface PathLink {
  readonly parent: PathLink | Path;
  readonly segment: string | number;
}

function pathOf(at: PathLink | Path): Path {
  if (Array.isArray(at)) return at as Path;
  const segments: (string | number)[] = [];
  let link: PathLink | Path = at;
  while (!Array.isArray(link)) {
    segments.push((link as PathLink).segment);
    link = (link as PathLink).parent;
  }
  return [...(link as Path), ...segments.reverse()];
}

function check(value: unknown, shape: Shape, path: PathLink | Path, out: FieldTypeError[]): void {
  const record = value as Record<string, unknown>;
  for (const [field, rule] of fieldsOf(shape)) {
    if (!Object.prototype.hasOwnProperty.call(record, field)) continue;
    const child = record[field];
    // A field written with no value (`securityContext:`) is null: Kubernetes treats that as unset.
    if (child === undefined || (child === null && field !== 'containers')) continue;
    const expected: Expected = typeof rule === 'string' ? rule : rule.type;
    if (!matches(child, expected)) {
      out.push({ path: pathOf({ parent: path, segment: field }), expected, actual: typeOf(child) });
      continue;
    }
    if (typeof rule === 'string') continue;
    const at: PathLink = { parent: path, segment: field };
    if (rule.type === 'mapping') check(child, rule.fields, at, out);
    else {
      const list = child as unknown[];
      const items = rule.items;
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        if (item === null || item === undefined) continue;
        if (typeof items === 'string') {
          if (!matches(item, items)) out.push({ path: pathOf({ parent: at, segment: i }), expected: items, actual: typeOf(item) });
        } else if (!matches(item, 'mapping')) out.push({ path: pathOf({ parent: at, segment: i }), expected: 'mapping', actual: typeOf(item) });
        else check(item, items, { parent: at, segment: i }, out);
      }
    }
  }
}

/**
 * The fields of an object's metadata and pod template that have a type the API server would reject,
 * each with its path from the resource root. Only the fields the security controls read are checked.
 */
export function fieldTypeErrors(object: KubeObject, template: PodTemplateLocation | undefined): FieldTypeError[] {
  const out: FieldTypeError[] = [];
  check(object, objectShape, [], out);
  if (!template) return out;
  // The template's parents (`spec`, `spec.template`) must be mappings for there to be a pod at all.
  for (let depth = 1; depth <= template.spec.length; depth++) {
    const path = template.spec.slice(0, depth);
    const value = getAtPath(object, path);
    if (value === undefined || value === null) return out;
    if (!matches(value, 'mapping')) {
      out.push({ path, expected: 'mapping', actual: typeOf(value) });
      return out;
    }
  }
  const templateMetadata = getAtPath(object, template.metadata);
  if (templateMetadata !== undefined && templateMetadata !== null && template.metadata.length > 1) {
    if (!matches(templateMetadata, 'mapping')) out.push({ path: template.metadata, expected: 'mapping', actual: typeOf(templateMetadata) });
    else check(templateMetadata, metadata, template.metadata, out);
  }
  check(getAtPath(object, template.spec), podSpec, template.spec, out);
  return out;
}

const article: Record<Expected, string> = { boolean: 'a boolean', integer: 'an integer', string: 'a string', mapping: 'a mapping', list: 'a list' };

const REJECTED = 'the API server rejects this object';

export function describeFieldTypeError(error: FieldTypeError, formatPath: (path: Path) => string): string {
  return `${formatPath(error.path)} is ${error.actual} where Kubernetes expects ${article[error.expected]}: ${REJECTED}`;
}

/** Whether a scan error is a field of the wrong type (tests of a control's behaviour on odd shapes set them aside). */
export function isFieldTypeError(error: { readonly kind: string; readonly message: string }): boolean {
  return error.kind === 'input' && error.message.endsWith(REJECTED);
}
