import assert from 'node:assert/strict';
import { chmod, chown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { ControlDefinition } from '../core/control.js';
import type { Finding, ScanReport } from '../core/report.js';
import { defaultSettings } from '../engine/default-settings.js';
import type { ScanSettings } from '../engine/settings.js';
import { scanNode } from '../load/node-scan.js';
import { scanPaths } from '../load/scan-paths.js';
import { isFieldTypeError } from '../normalize/field-types.js';

/** A file of a test node: its text, or its text with a mode and owner, or a symlink. */
export type NodeFileSpec = string | { readonly text: string; readonly mode?: number; readonly owner?: readonly [number, number] } | { readonly symlink: string };
/** Files by their path on the node (`/etc/kubernetes/manifests/kube-apiserver.yaml`). */
export type NodeFiles = Readonly<Record<string, NodeFileSpec>>;

/** Tests run as root can give files other owners; others cannot, and skip the cases that need it. */
export const runningAsRoot = process.getuid?.() === 0;

/**
 * Writes the files under a fresh temporary root, with their modes (default 0600) and owners set here
 * (git keeps neither), runs `use` on the root and removes it.
 */
export async function withNodeRoot<T>(files: NodeFiles, use: (root: string) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'kubeharden-node-'));
  try {
    await writeNodeFiles(root, files);
    return await use(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export async function writeNodeFiles(root: string, files: NodeFiles): Promise<void> {
  for (const [path, spec] of Object.entries(files)) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    if (typeof spec !== 'string' && 'symlink' in spec) {
      await symlink(spec.symlink, target);
      continue;
    }
    const text = typeof spec === 'string' ? spec : spec.text;
    await writeFile(target, text);
    await chmod(target, typeof spec === 'string' ? 0o600 : (spec.mode ?? 0o600));
    const owner = typeof spec === 'string' ? undefined : spec.owner;
    if (runningAsRoot) await chown(target, owner?.[0] ?? 0, owner?.[1] ?? 0);
  }
}

export interface NodeScanOptions {
  readonly controls: readonly ControlDefinition[];
  readonly settings?: Partial<ScanSettings>;
}

/** `kubeharden scan --node --root <temporary root>` over the files. */
export async function scanNodeFiles(files: NodeFiles, options: NodeScanOptions): Promise<ScanReport> {
  return withNodeRoot(files, async (root) => {
    const { report } = await scanNode(root, { controls: options.controls, settings: { ...defaultSettings, ...options.settings }, failOn: 'low' });
    return report;
  });
}

/** `kubeharden scan <files>` over files written to a temporary folder; locations are made relative to it. */
export async function scanGivenFiles(files: Readonly<Record<string, string>>, options: NodeScanOptions): Promise<ScanReport> {
  const dir = await mkdtemp(join(tmpdir(), 'kubeharden-files-'));
  try {
    const paths: string[] = [];
    for (const [name, text] of Object.entries(files)) {
      const target = join(dir, name);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
      paths.push(target);
    }
    const { report } = await scanPaths(paths, { controls: options.controls, settings: { ...defaultSettings, ...options.settings }, failOn: 'low' });
    const local = (file: string): string => (file.startsWith(dir) ? relative(dir, file) : file);
    return {
      ...report,
      findings: report.findings.map((f) => (f.location ? { ...f, location: { ...f.location, file: local(f.location.file) } } : f)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface NodeCase {
  readonly name: string;
  /** Files on a node, scanned with --node. */
  readonly node?: NodeFiles;
  /** Files given to a normal scan, by file name. */
  readonly given?: Readonly<Record<string, string>>;
  readonly settings?: Partial<ScanSettings>;
  /** The case gives files owners other than root: only a test run as root can. */
  readonly needsRoot?: boolean;
}

export interface ExpectedNodeFinding {
  readonly messageId: string;
  /** The file the finding is located in: the node path, or the given file's name. */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Rendered field path in the resource that holds the setting. */
  readonly path?: string;
  readonly status?: 'failed' | 'warning';
  /** Part of the message (a source, a default). */
  readonly message?: RegExp;
}

export interface InvalidNodeCase extends NodeCase {
  readonly findings: readonly ExpectedNodeFinding[];
}

export interface NotEvaluatedNodeCase extends NodeCase {
  readonly reason: RegExp;
}

export interface NodeControlTests {
  readonly valid: readonly NodeCase[];
  readonly invalid: readonly InvalidNodeCase[];
  readonly notEvaluated: readonly NotEvaluatedNodeCase[];
}

export async function scanCase(control: ControlDefinition, c: NodeCase): Promise<ScanReport> {
  const options = { controls: [control], ...(c.settings ? { settings: c.settings } : {}) };
  if (c.node) return scanNodeFiles(c.node, options);
  if (c.given) return scanGivenFiles(c.given, options);
  throw new Error(`case "${c.name}" gives neither node files nor given files`);
}

function matches(f: Finding, e: ExpectedNodeFinding): boolean {
  return (
    f.messageId === e.messageId &&
    f.location?.file === e.file &&
    f.status === (e.status ?? 'failed') &&
    (e.line === undefined || f.location?.line === e.line) &&
    (e.column === undefined || f.location?.column === e.column) &&
    (e.path === undefined || f.path === e.path) &&
    (e.message === undefined || e.message.test(f.message))
  );
}

function expectedShape(e: ExpectedNodeFinding): Record<string, unknown> {
  return {
    messageId: e.messageId,
    file: e.file,
    status: e.status ?? 'failed',
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
    ...(e.path !== undefined ? { path: e.path } : {}),
  };
}


/**
 * Valid, invalid and not-evaluated cases for a node or control-plane control, each scanned through the
 * whole pipeline: node files written under a temporary root and read by the node loader, or files given
 * to a normal scan. Invalid cases assert each finding's message, file, line and column, and field path.
 */
export function testNodeControl(control: ControlDefinition, tests: NodeControlTests): void {
  describe(`${control.meta.id} ${control.meta.slug}`, () => {
    assert.ok(tests.valid.length > 0 && tests.invalid.length > 0 && tests.notEvaluated.length > 0, 'a node control needs passing, failing and not-evaluated cases');
    const skip = (c: NodeCase): string | false => (c.needsRoot && !runningAsRoot ? 'needs root to give files other owners' : false);
    for (const c of tests.valid) {
      it(`valid: ${c.name}`, { skip: skip(c) }, async () => {
        const report = await scanCase(control, c);
        assert.deepEqual(report.errors.filter((e) => !isFieldTypeError(e)), []);
        assert.deepEqual(report.findings.map((f) => `${f.status} ${f.messageId} ${f.location?.file}:${f.location?.line} ${f.message}`), [], 'expected no findings');
        const entry = report.controls.find((e) => e.id === control.meta.id);
        assert.equal(entry?.status, 'passed', entry?.reason);
      });
    }
    for (const c of tests.invalid) {
      it(`invalid: ${c.name}`, { skip: skip(c) }, async () => {
        const report = await scanCase(control, c);
        assert.deepEqual(report.errors.filter((e) => !isFieldTypeError(e)), []);
        // Each expectation takes its own finding: several findings may share a message ID and a path.
        const unused = [...report.findings];
        const missing: string[] = [];
        for (const e of c.findings) {
          const i = unused.findIndex((f) => matches(f, e));
          if (i === -1) missing.push(JSON.stringify({ ...expectedShape(e), ...(e.message ? { message: String(e.message) } : {}) }));
          else unused.splice(i, 1);
        }
        const extra = unused.map((f) => `${f.status} ${f.messageId} ${f.location?.file}:${f.location?.line}:${f.location?.column} ${f.path}: ${f.message}`);
        assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `findings:\n${report.findings.map((f) => `  ${f.status} ${f.messageId} ${f.location?.file}:${f.location?.line}:${f.location?.column} ${f.path}: ${f.message}`).join('\n')}`);
        for (const f of report.findings) assert.ok(!/\{\{\w+\}\}/.test(f.message), `unfilled placeholder: ${f.message}`);
        const failed = c.findings.some((e) => (e.status ?? 'failed') === 'failed');
        assert.equal(report.controls.find((e) => e.id === control.meta.id)?.status, failed ? 'failed' : 'passed');
      });
    }
    for (const c of tests.notEvaluated) {
      it(`not evaluated: ${c.name}`, { skip: skip(c) }, async () => {
        const report = await scanCase(control, c);
        const entry = report.controls.find((e) => e.id === control.meta.id);
        assert.equal(entry?.status, 'not-evaluated', `status ${entry?.status}, findings: ${report.findings.map((f) => f.message).join('; ')}`);
        assert.match(entry?.reason ?? '', c.reason);
        assert.deepEqual(report.findings.filter((f) => f.status !== 'warning'), []);
      });
    }
  });
}
