import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import type { ControlDefinition } from '../core/control.js';
import type { Finding, ScanReport } from '../core/report.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import type { ScanSettings } from '../engine/settings.js';
import { isDockerfile, parseSourceFile } from '../parse/source-file.js';
import { findingFingerprint } from '../core/fingerprint.js';
import { fixFiles } from '../fix/run.js';
import { isFieldTypeError } from '../normalize/field-types.js';

export interface ExpectedFinding {
  readonly messageId: string;
  /** Rendered path, e.g. 'spec.containers[0].securityContext.privileged'. */
  readonly path: string;
  readonly status?: 'failed' | 'warning';
  readonly container?: string;
  /** Asserted only for the case as written, not for its kind-matrix variants. */
  readonly line?: number;
  readonly column?: number;
  /**
   * The kind of the resource the finding belongs to, when it is not the case's Pod (a Namespace, a
   * binding): its path is then not rewritten for the kind-matrix variants, and the kind is asserted.
   */
  readonly kind?: string;
  /** The path is from the resource's root (`metadata.namespace`), not from the Pod's: not rewritten for variants. */
  readonly resourceRoot?: true;
  /** False for a finding on an object the input does not hold (a Namespace named only by its members). */
  readonly located?: false;
}

export interface ValidCase {
  readonly name: string;
  /** The file's text: YAML manifests, or a Dockerfile when `file` names one. */
  readonly manifest: string;
  readonly settings?: Partial<ScanSettings>;
  /** The file name the text is read as; default `case.yaml`. */
  readonly file?: string;
}

export interface InvalidCase extends ValidCase {
  readonly findings: readonly ExpectedFinding[];
}

export interface ControlTests {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

export { yaml } from '../core/yaml-text.js';

/** Scans a manifest (or another file kubeharden reads, named by `file`) with one control only, as the CLI would. */
export function scanWith(control: ControlDefinition, manifest: string, settings: Partial<ScanSettings> = {}, file = 'case.yaml'): ScanReport {
  const parsed = parseSourceFile({ path: file, text: manifest });
  assert.deepEqual(parsed.errors, [], 'the test manifest must parse');
  return scan(parsed.resources, {
    controls: [control],
    settings: { ...defaultSettings, ...settings },
    only: new Set([control.meta.id]),
    failOn: 'low',
  });
}

const podTemplateKinds: readonly { apiVersion: string; kind: string; wrap: (pod: PodShape) => object; prefix: string }[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment', wrap: templated, prefix: 'spec.template' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', wrap: templated, prefix: 'spec.template' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', wrap: templated, prefix: 'spec.template' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', wrap: templated, prefix: 'spec.template' },
  { apiVersion: 'v1', kind: 'ReplicationController', wrap: templated, prefix: 'spec.template' },
  { apiVersion: 'batch/v1', kind: 'Job', wrap: templated, prefix: 'spec.template' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', wrap: templated, prefix: 'spec.template' },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    wrap: (pod) => ({ schedule: '0 * * * *', jobTemplate: { spec: { template: { metadata: pod.metadata, spec: pod.spec } } } }),
    prefix: 'spec.jobTemplate.spec.template',
  },
  { apiVersion: 'v1', kind: 'PodTemplate', wrap: (pod) => ({ metadata: pod.metadata, spec: pod.spec }), prefix: 'template' },
];

interface PodShape {
  metadata: Record<string, unknown>;
  spec: unknown;
}

function templated(pod: PodShape): object {
  return { selector: { matchLabels: { app: 'case' } }, template: { metadata: pod.metadata, spec: pod.spec } };
}

/**
 * Runs valid and invalid cases through the whole pipeline (parse, normalize, scan, locate), in the style
 * of ESLint's RuleTester. A case whose manifest holds a Pod is re-run with the Pod wrapped in every
 * workload kind, asserting the same findings at the paths relative to that kind's pod template.
 */
export function testControl(control: ControlDefinition, tests: ControlTests): void {
  describe(`${control.meta.id} ${control.meta.slug}`, () => {
    assert.ok(tests.valid.length > 0 && tests.invalid.length > 0, 'a control needs valid and invalid cases');
    for (const c of tests.valid) {
      for (const variant of variants(c.manifest, c.file)) {
        it(`valid: ${c.name}${variant.suffix}`, () => {
          const report = scanWith(control, variant.manifest, c.settings, c.file);
          assert.deepEqual(report.errors.filter((e) => !isFieldTypeError(e)), []);
          assert.deepEqual(report.findings.map(summary), [], 'expected no findings');
          assert.ok(report.controls.some((e) => e.id === control.meta.id && e.status === 'passed'), 'the control must pass');
        });
      }
    }
    for (const c of tests.invalid) {
      for (const variant of variants(c.manifest, c.file)) {
        it(`invalid: ${c.name}${variant.suffix}`, () => {
          const report = scanWith(control, variant.manifest, c.settings, c.file);
          assert.deepEqual(report.errors.filter((e) => !isFieldTypeError(e)), []);
          const actual = report.findings.map((f) => expectation(f, variant, c.findings));
          const expected = c.findings.map((e) => ({
            messageId: e.messageId,
            path: rewriteFor(variant, e),
            ...(e.kind ? { kind: e.kind } : {}),
            status: e.status ?? 'failed',
            ...(e.container ? { container: e.container } : {}),
            ...(variant.original && e.line !== undefined ? { line: e.line } : {}),
            ...(variant.original && e.column !== undefined ? { column: e.column } : {}),
          }));
          assert.deepEqual(sortByPath(actual), sortByPath(expected));
          for (const f of report.findings) {
            assert.ok(!/\{\{\w+\}\}/.test(f.message), `message has an unfilled placeholder: ${f.message}`);
            const unlocated = c.findings.some((e) => e.located === false && e.messageId === f.messageId && rewriteFor(variant, e) === f.path);
            if (unlocated) assert.equal(f.location, undefined, 'a finding on an object not in the input has no location');
            else assert.ok(f.location && f.location.line >= 1, 'every finding has a location');
          }
          const failed = c.findings.some((e) => (e.status ?? 'failed') === 'failed');
          const entry = report.controls.find((e) => e.id === control.meta.id);
          assert.equal(entry?.status, failed ? 'failed' : 'passed');
        });
        if (control.meta.fixable) {
          it(`fix: ${c.name}${variant.suffix}`, () => assertFixes(control, c, variant.manifest));
        }
      }
    }
  });
}

/**
 * The property every fixable control keeps (architecture 3.4): fixing an invalid case and scanning the
 * result passes the control, except for the findings whose fix is listed as a suggestion (it could break
 * the workload); and fixing the fixed text again changes nothing.
 */
function assertFixes(control: ControlDefinition, c: InvalidCase, manifest: string): void {
  const path = c.file ?? 'case.yaml';
  const options = { controls: [control], only: new Set([control.meta.id as string]), settings: { ...defaultSettings, ...c.settings } };
  const first = fixFiles([{ path, text: manifest }], options);
  assert.deepEqual(first.errors, []);
  const fixed = first.files[0]?.after ?? manifest;
  const report = scanWith(control, fixed, c.settings, c.file);
  const suggested = new Set(first.suggestions.map((s) => findingFingerprint(s.finding)));
  const unfixed = report.findings.filter((f) => f.status === 'failed' && !suggested.has(findingFingerprint(f)));
  assert.deepEqual(unfixed.map(summary), [], `left unfixed in:\n${fixed}`);
  assert.ok(first.suggestions.every((s) => s.reason.length > 0));
  if (first.suggestions.length === 0) assert.equal(report.controls.find((e) => e.id === control.meta.id)?.status, 'passed');
  const second = fixFiles([{ path, text: fixed }], options);
  assert.deepEqual(second.files.map((f) => f.after), [], 'fixing twice changes nothing');
}

function summary(f: Finding): string {
  return `${f.status} ${f.messageId} ${f.path}`;
}

/** The actual finding in the shape of its expectation: line and column only where the case asserts them. */
function expectation(f: Finding, variant: Variant, expected: readonly ExpectedFinding[]): Record<string, unknown> {
  const match = expected.find((e) => e.messageId === f.messageId && rewriteFor(variant, e) === f.path);
  return {
    messageId: f.messageId,
    path: f.path,
    ...(match?.kind ? { kind: f.resource.kind } : {}),
    status: f.status,
    ...(f.container && match?.container ? { container: f.container } : {}),
    ...(variant.original && match?.line !== undefined && f.location ? { line: f.location.line } : {}),
    ...(variant.original && match?.column !== undefined && f.location ? { column: f.location.column } : {}),
  };
}

function rewriteFor(variant: Variant, expected: ExpectedFinding): string {
  return (expected.kind && expected.kind !== 'Pod') || expected.resourceRoot ? expected.path : variant.rewrite(expected.path);
}

function sortByPath<T extends Record<string, unknown>>(list: T[]): T[] {
  return [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

interface Variant {
  readonly suffix: string;
  readonly manifest: string;
  readonly original: boolean;
  readonly rewrite: (path: string) => string;
}

function variants(manifest: string, file = 'case.yaml'): Variant[] {
  const original: Variant = { suffix: '', manifest, original: true, rewrite: (p) => p };
  if (isDockerfile({ path: file, text: manifest })) return [original];
  const documents = manifest.split(/^---$/m).map((d) => parse(d) as Record<string, unknown> | null);
  if (!documents.some((d) => d?.['kind'] === 'Pod')) return [original];
  return [
    original,
    ...podTemplateKinds.map(({ apiVersion, kind, wrap, prefix }) => {
      const wrapPod = (pod: Record<string, unknown>): object => {
        const { name, namespace, ...templateMetadata } = (pod['metadata'] ?? {}) as Record<string, unknown>;
        return {
          apiVersion,
          kind,
          metadata: { name, ...(namespace ? { namespace } : {}) },
          ...(kind === 'PodTemplate'
            ? { template: { metadata: templateMetadata, spec: pod['spec'] } }
            : { spec: wrap({ metadata: templateMetadata, spec: pod['spec'] }) }),
        };
      };
      const docs = documents.filter((d) => d !== null).map((d) => (d['kind'] === 'Pod' ? wrapPod(d) : d));
      return {
        suffix: ` (as ${kind})`,
        manifest: docs.map((d) => stringify(d)).join('---\n'),
        original: false,
        rewrite: (p: string) => (p.startsWith('spec') || p.startsWith('metadata') ? `${prefix}.${p}` : p),
      };
    }),
  ];
}
