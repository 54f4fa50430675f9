// The battery of hostile inputs (issue 9). Each case puts one bad file next to a good one and runs the real
// CLI: the bad file gets a clear error naming it and its line (or object), the good file still yields its
// finding, nothing prints a stack trace, and the exit code is that of the class (2: input error).
// Cases that could crash, hang or exhaust memory run the CLI as a child with a time and heap limit.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { openSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempFolder } from '../testing/temp-folder.js';
import type { ScanReport } from '../core/report.js';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scanPaths } from '../load/scan-paths.js';
import { assertBounded, assertNoStackTrace, binPath, runInProcess, runSpawned, type CliResult } from '../testing/cli-run.js';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function folder(files: Readonly<Record<string, string | Buffer>> = {}): string {
  const dir = tempFolder(files, 'kubeharden-hostile-');
  folders.push(dir);
  return dir;
}

/** The good neighbour of every case: one privileged container, NSA-POD-006 at line 9. */
const goodPod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: good, namespace: x}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';

const json = (result: CliResult): ScanReport => JSON.parse(result.stdout) as ScanReport;

interface ExpectedError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: RegExp;
}

/** Scans `dir` (JSON report): the errors are as expected, good.yaml's finding is there, exit code 2. */
async function expectInputErrors(dir: string, expected: readonly ExpectedError[], args: readonly string[] = []): Promise<ScanReport> {
  const result = await runInProcess(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006', ...args]);
  assertNoStackTrace(result.stderr);
  const report = json(result);
  const errors = report.errors.map((e) => ({ file: e.file, line: e.line, column: e.column, message: e.message, kind: e.kind }));
  assert.equal(errors.length, expected.length, JSON.stringify(errors, null, 1));
  for (const [i, want] of expected.entries()) {
    const got = errors[i];
    assert.equal(got?.kind, 'input');
    assert.equal(got?.file, join(dir, want.file), JSON.stringify(got));
    if (want.line !== undefined) assert.equal(got?.line, want.line, JSON.stringify(got));
    if (want.column !== undefined) assert.equal(got?.column, want.column, JSON.stringify(got));
    assert.match(got?.message ?? '', want.message);
    // Every error is also on stderr, as file:line: message.
    assert.ok(result.stderr.includes(`${join(dir, want.file)}${want.line !== undefined ? `:${want.line}` : ''}`), result.stderr);
  }
  assert.ok(
    report.findings.some((f) => f.controlId === 'NSA-POD-006' && f.location?.file === join(dir, 'good.yaml') && f.location.line === 9),
    'the good file next to the bad one is still scanned',
  );
  assert.equal(result.code, 2, 'input errors exit 2');
  return report;
}

describe('hostile input: malformed files', () => {
  const cases: { name: string; file: string; content: string | Buffer; errors: Omit<ExpectedError, 'file'>[] }[] = [
    { name: 'malformed YAML (unclosed flow sequence)', file: 'bad.yaml', content: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n', errors: [{ line: 4, message: /^invalid YAML: unexpected end of the stream within a flow collection/ }] },
    { name: 'malformed JSON (truncated)', file: 'bad.json', content: '{"apiVersion": "v1", "kind": "Pod",\n "metadata": {"name": "x"\n', errors: [{ line: 2, column: 25, message: /^invalid JSON at line 2, column 25: unexpected character$/ }] },
    { name: 'JSON with a trailing comma', file: 'comma.json', content: '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"},}\n', errors: [{ line: 1, column: 69, message: /^invalid JSON at line 1, column 69: unexpected character$/ }] },
    { name: 'JSON with an unterminated string (the error never quotes it)', file: 'quote.json', content: '{"apiVersion": "v1", "kind": "Secret", "stringData": {"password": "hunter2-is-the-secret', errors: [{ line: 1, message: /^invalid JSON at line 1, column \d+: a string that never ends$/ }] },
    { name: 'tabs as indentation', file: 'tabs.yaml', content: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n', errors: [{ line: 4, column: 1, message: /tab characters must not be used in indentation/ }] },
    { name: 'wrong indentation', file: 'indent.yaml', content: 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: x\n  namespace: y\n', errors: [{ line: 5, message: /bad indentation of a mapping entry/ }] },
    { name: 'an unterminated string', file: 'quote.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "x\n', errors: [{ line: 4, message: /within a double quoted scalar/ }] },
    { name: 'invalid UTF-8 (Latin-1 bytes)', file: 'latin1.yaml', content: Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'), errors: [{ line: 4, column: 12, message: /^invalid UTF-8 at line 4, column 12: manifests must be UTF-8/ }] },
    { name: 'a binary file', file: 'image.yaml', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe]), errors: [{ line: 1, message: /^binary file, not a manifest \(invalid UTF-8 at line 1, column 1\)/ }] },
    { name: 'a NUL byte in valid UTF-8', file: 'nul.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "\u0000"}\n', errors: [{ line: 4, column: 12, message: /null byte is not allowed/ }] },
    { name: 'duplicate keys', file: 'dup.yaml', content: 'apiVersion: v1\nkind: Pod\nmetadata: {name: dup}\nspec:\n  hostNetwork: true\n  hostNetwork: false\n  containers: []\n', errors: [{ line: 6, column: 3, message: /duplicated mapping key/ }] },
    { name: 'a custom tag (python object)', file: 'tag.yaml', content: 'apiVersion: v1\nkind: Pod\nmetadata: {name: t}\nspec: !!python/object:os.system\n  containers: []\n', errors: [{ line: 5, message: /unknown tag/ }] },
    { name: 'a local tag', file: 'local-tag.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\ndata: {a: !vault secret/db}\n', errors: [{ line: 4, message: /unknown tag !<!vault>/ }] },
    { name: 'a list at the top', file: 'list.yaml', content: '- apiVersion: v1\n  kind: Pod\n', errors: [{ line: 1, message: /^document is a list, not a Kubernetes object$/ }] },
    { name: 'a scalar document', file: 'scalar.yaml', content: '# notes\njust some text\n', errors: [{ line: 2, message: /^document is a string, not a Kubernetes object$/ }] },
    { name: 'no kind', file: 'nokind.yaml', content: 'apiVersion: v1\nmetadata: {name: x}\n', errors: [{ line: 1, message: /^document has no kind: not a Kubernetes object$/ }] },
    { name: 'no apiVersion', file: 'noversion.yaml', content: 'kind: Pod\nmetadata: {name: x}\n', errors: [{ line: 1, message: /^document has no apiVersion: not a Kubernetes object$/ }] },
    { name: 'kind and apiVersion of the wrong type', file: 'types.json', content: '{"apiVersion": 1, "kind": ["Pod"]}\n', errors: [{ line: 1, message: /^document has no apiVersion \(a string; it is a number\) and kind \(a string; it is a list\)/ }] },
    { name: 'a List whose items are not objects', file: 'items.yaml', content: 'apiVersion: v1\nkind: List\nitems: [1, null, {kind: Pod}]\n', errors: [
      { line: 1, message: /^document \(items\.0\) is a number, not a Kubernetes object$/ },
      { line: 1, message: /^document \(items\.1\) is null, not a Kubernetes object$/ },
      { line: 1, message: /^document \(items\.2\) has no apiVersion: not a Kubernetes object$/ },
    ] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await expectInputErrors(folder({ 'good.yaml': goodPod, [c.file]: c.content }), c.errors.map((e) => ({ ...e, file: c.file })));
    });
  }

  it('a Helm stream with a broken template: the error names the rendered line and the template', async () => {
    const stream = `---\n# Source: shop/templates/ok.yaml\n${goodPod}---\n# Source: shop/templates/broken.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n`;
    const dir = folder({ 'good.yaml': goodPod, 'helm.yaml': stream });
    await expectInputErrors(dir, [{ file: 'helm.yaml', line: 17, message: /rendered from shop\/templates\/broken\.yaml/ }]);
  });
});

describe('hostile input: valid YAML, unusual but accepted', () => {
  it('a BOM, CRLF line ends, empty and comment-only files: scanned without errors, positions exact', async () => {
    const crlf = goodPod.replace('name: good', 'name: crlf').replace(/\n/g, '\r\n');
    const dir = folder({ 'good.yaml': goodPod, 'bom.yaml': `\uFEFF${goodPod.replace('name: good', 'name: bom')}`, 'crlf.yaml': crlf, 'empty.yaml': '', 'comments.yaml': '# only\n# comments\n---\n# and markers\n' });
    const result = await runInProcess(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006']);
    const report = json(result);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.findings.map((f) => [f.resource.name, f.location?.line, f.location?.column]).sort(),
      [['bom', 9, 9], ['crlf', 9, 9], ['good', 9, 9]],
    );
    assert.equal(result.code, 1, 'findings over the gate exit 1');
  });

  it('an input of only empty and comment-only files says so, exit 2', async () => {
    const dir = folder({ 'empty.yaml': '', 'comments.yaml': '# nothing\n' });
    const result = await runInProcess(['scan', dir]);
    assert.equal(result.code, 2);
    assert.match(result.stdout, /no Kubernetes resources found in /);
  });

  it('merge keys are applied, as Kubernetes applies them', async () => {
    const merged = 'apiVersion: v1\nkind: Pod\nmetadata: {name: merged}\nspec:\n  containers:\n    - &base\n      name: a\n      image: nginx:1\n      securityContext: {privileged: true}\n    - <<: *base\n      name: b\n';
    const report = json(await runInProcess(['scan', folder({ 'merged.yaml': merged }), '-f', 'json', '--controls', 'NSA-POD-006']));
    assert.deepEqual(report.findings.map((f) => f.container).sort(), ['a', 'b']);
  });

  it('a merge key cannot set a prototype (__proto__): no field appears that Kubernetes would not see', async () => {
    // js-yaml before 4.1.1 let `<<` copy a `__proto__` key onto the merged object's prototype (GHSA-mh29-5h37-fv8m).
    const polluting = 'apiVersion: v1\nkind: Pod\nmetadata: {name: proto}\nx-defaults: &d\n  __proto__:\n    privileged: true\nspec:\n  containers:\n    - name: c\n      image: nginx:1\n      securityContext:\n        <<: *d\n';
    const report = json(await runInProcess(['scan', folder({ 'proto.yaml': polluting }), '-f', 'json', '--controls', 'NSA-POD-006']));
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.findings, []);
    assert.equal(({} as Record<string, unknown>)['privileged'], undefined);
  });

  it('fields of the wrong type: an error at the field, the rest of the object still judged', async () => {
    const wrong = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: yes-string}\nspec:\n  containers:\n    - name: c\n      image: nginx:1\n      securityContext:\n        privileged: "yes"\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: null-containers}\nspec:\n  containers: null\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: odd}\nspec:\n  hostNetwork: true\n  containers:\n    - name: c\n      image: nginx:1\n      ports: 80\n      securityContext: []\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: [x]\nspec: 5\n',
    ].join('---\n');
    const dir = folder({ 'good.yaml': goodPod, 'wrong.yaml': wrong });
    const result = await runInProcess(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006,NSA-POD-009']);
    const report = json(result);
    assert.deepEqual(
      report.errors.map((e) => `${e.line}:${e.column} ${e.resource?.name} ${e.message}`),
      [
        '9:9 yes-string spec.containers[0].securityContext.privileged is a string where Kubernetes expects a boolean: the API server rejects this object',
        '15:3 null-containers spec.containers is null where Kubernetes expects a list: the API server rejects this object',
        '25:7 odd spec.containers[0].ports is an integer where Kubernetes expects a list: the API server rejects this object',
        '26:7 odd spec.containers[0].securityContext is a list where Kubernetes expects a mapping: the API server rejects this object',
        '30:1 (unnamed) metadata is a list where Kubernetes expects a mapping: the API server rejects this object',
        '31:1 (unnamed) spec is an integer where Kubernetes expects a mapping: the API server rejects this object',
      ],
    );
    assert.ok(report.errors.every((e) => e.file === join(dir, 'wrong.yaml')));
    assert.ok(report.findings.some((f) => f.controlId === 'NSA-POD-009' && f.resource.name === 'odd'), 'hostNetwork of the odd pod is still judged');
    assert.ok(report.findings.some((f) => f.resource.name === 'good'));
    assert.equal(result.code, 2);
  });
});

describe('hostile input: the file system', () => {
  it('broken symlinks and symlink loops: named, the rest scanned', async () => {
    const dir = folder({ 'good.yaml': goodPod });
    symlinkSync(join(dir, 'missing.yaml'), join(dir, 'broken.yaml'));
    symlinkSync(join(dir, 'loop-b.yaml'), join(dir, 'loop-a.yaml'));
    symlinkSync(join(dir, 'loop-a.yaml'), join(dir, 'loop-b.yaml'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(dir, join(dir, 'sub', 'up')); // a folder loop: visited once
    await expectInputErrors(dir, [
      { file: 'broken.yaml', message: /cannot read .*broken\.yaml: no such file or folder/ },
      { file: 'loop-a.yaml', message: /too many levels of symbolic links/ },
      { file: 'loop-b.yaml', message: /too many levels of symbolic links/ },
    ]);
  });

  const root = process.getuid?.() === 0;
  it('an unreadable file is named, the rest scanned', { skip: root ? 'running as root: chmod 000 does not deny root' : false }, async () => {
    const dir = folder({ 'good.yaml': goodPod, 'secret.yaml': goodPod });
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    await expectInputErrors(dir, [{ file: 'secret.yaml', message: /cannot read .*: permission denied/ }]);
  });

  it('an unreadable folder is named, the rest scanned', { skip: root ? 'running as root: chmod 000 does not deny root' : false }, async () => {
    const dir = folder({ 'good.yaml': goodPod, 'locked/pod.yaml': goodPod });
    chmodSync(join(dir, 'locked'), 0o000);
    try {
      await expectInputErrors(dir, [{ file: 'locked', message: /cannot list .*: permission denied/ }]);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });

  it('a FIFO or device in a folder is skipped; given by name it is an error, never a hang', async () => {
    const dir = folder({ 'good.yaml': goodPod });
    try {
      execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    } catch {
      return; // no mkfifo on this system: nothing to test
    }
    const walked = await runSpawned(['scan', dir, '-f', 'json'], { timeoutMs: 20_000 });
    assertBounded(walked);
    assert.deepEqual(json(walked).errors, []);
    const named = await runSpawned(['scan', join(dir, 'pipe.yaml'), join(dir, 'good.yaml'), '-f', 'json'], { timeoutMs: 20_000 });
    assertBounded(named);
    assert.match(json(named).errors[0]?.message ?? '', /is not a regular file or folder/);
    assert.equal(named.code, 2);
  });

  it('a path that disappears mid-scan (between the walk and the read) is named, the rest scanned', async () => {
    // The loader walks every folder first and reads the files after. Its `ignore` hook is asked about each
    // file during the walk: deleting an already-listed file and a not-yet-walked folder from there is a
    // deterministic stand-in for a file system that changes under the scan.
    const dir = folder({ 'a-gone.yaml': goodPod, 'b-good.yaml': goodPod.replace('name: good', 'name: b'), 'c-trigger.yaml': goodPod.replace('name: good', 'name: c'), 'd-folder/pod.yaml': goodPod });
    const report = await scanPaths([dir], { controls: builtinControls, settings: defaultSettings, failOn: 'high', only: new Set(['NSA-POD-006']) }, undefined, {
      ignore: (path) => {
        if (path.endsWith('c-trigger.yaml')) {
          unlinkSync(join(dir, 'a-gone.yaml'));
          rmSync(join(dir, 'd-folder'), { recursive: true });
        }
        return false;
      },
    });
    assert.deepEqual(
      report.report.errors.map((e) => [e.file, e.message.replace(dir, 'DIR')]),
      [
        [join(dir, 'a-gone.yaml'), 'cannot read DIR/a-gone.yaml: no such file or folder'],
        [join(dir, 'd-folder'), 'cannot read DIR/d-folder: no such file or folder'],
      ],
    );
    assert.deepEqual(report.report.findings.map((f) => f.resource.name).sort(), ['b', 'c']);
  });

  it('a path that is not there, next to one that is: exit 2, both named', async () => {
    const dir = folder({ 'good.yaml': goodPod });
    const result = await runInProcess(['scan', join(dir, 'nope.yaml'), join(dir, 'good.yaml'), '-f', 'json']);
    assert.equal(result.code, 2);
    const report = json(result);
    assert.match(report.errors[0]?.message ?? '', /nope\.yaml: no such file or folder/);
    assert.ok(report.findings.length > 0);
  });

  it('a Kustomize folder whose rendering fails is named; a folder next to it is scanned', async () => {
    const dir = folder({ 'good.yaml': goodPod, 'app/kustomization.yaml': 'resources: [missing.yaml]\n' });
    const bin = folder({ 'kubectl': '#!/bin/sh\necho "error: accumulating resources: missing.yaml: no such file" >&2\nexit 1\n' });
    chmodSync(join(bin, 'kubectl'), 0o755);
    const result = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006'], { env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` }, timeoutMs: 30_000 });
    assertBounded(result);
    assert.equal(result.code, 2);
    const report = json(result);
    assert.deepEqual(report.errors.map((e) => [e.file, e.message]), [[join(dir, 'app'), `kubectl kustomize ${join(dir, 'app')} failed: error: accumulating resources: missing.yaml: no such file`]]);
    assert.ok(report.findings.some((f) => f.resource.name === 'good'));
  });

  it('a Helm chart in a folder walk is one error saying how to scan it, not parse errors of its templates and values', async () => {
    const dir = folder({
      'good.yaml': goodPod,
      'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
      'charts/shop/values.yaml': 'replicaCount: 1\nimage: {repository: nginx}\n',
      'charts/shop/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    {{- include "shop.labels" . | nindent 4 }}\n',
    });
    const result = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006'], { timeoutMs: 30_000 });
    assertBounded(result);
    assert.equal(result.code, 2);
    const report = json(result);
    const chart = join(dir, 'charts', 'shop');
    assert.deepEqual(report.errors.map((e) => [e.file, e.message]), [
      [chart, `${chart} is a Helm chart: its templates are manifests only once rendered, so it is not scanned; scan what it renders: helm template ${chart} | kubeharden scan -`],
    ]);
    assert.ok(report.findings.some((f) => f.resource.name === 'good'));
    // Scanned on its own (rendered), the chart is left out of the folder walk by --exclude.
    const excluded = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006', '--exclude', 'charts'], { timeoutMs: 30_000 });
    assert.equal(excluded.code, 1);
    assert.deepEqual(json(excluded).errors, []);
    assert.equal(json(excluded).summary.resources, 1);
    // The same from the configuration file found beside the scanned folder.
    writeFileSync(join(dir, '.kubeharden.yaml'), 'exclude: [charts]\n');
    const configured = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006'], { timeoutMs: 30_000 });
    assert.equal(configured.code, 1);
    assert.deepEqual(json(configured).errors, []);
  });

  it('kubectl kustomize that never finishes is stopped at KUBEHARDEN_KUSTOMIZE_TIMEOUT: named, exit 2, the rest scanned', async () => {
    const dir = folder({ 'good.yaml': goodPod, 'app/kustomization.yaml': 'resources: [https://example.invalid/base]\n' });
    // exec: the process kubeharden spawned is the one that sleeps, as a real kubectl waiting on a remote base.
    const bin = folder({ 'kubectl': '#!/bin/sh\nexec sleep 120\n' });
    chmodSync(join(bin, 'kubectl'), 0o755);
    const started = Date.now();
    const result = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006'], {
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, KUBEHARDEN_KUSTOMIZE_TIMEOUT: '1s' },
      timeoutMs: 30_000,
    });
    assertBounded(result);
    assert.ok(Date.now() - started < 20_000, 'stopped at the limit');
    assert.equal(result.code, 2);
    const report = json(result);
    assert.deepEqual(report.errors.map((e) => e.file), [join(dir, 'app')]);
    assert.match(report.errors[0]?.message ?? '', /^kubectl kustomize .*app did not finish within 1s and was stopped \(KUBEHARDEN_KUSTOMIZE_TIMEOUT/);
    assert.ok(report.findings.some((f) => f.resource.name === 'good'));
  });

  it('an invalid KUBEHARDEN_KUSTOMIZE_TIMEOUT is an input error naming the variable', async () => {
    const dir = folder({ 'app/kustomization.yaml': 'resources: []\n' });
    const result = await runSpawned(['scan', dir, '-f', 'json'], { env: { KUBEHARDEN_KUSTOMIZE_TIMEOUT: 'soon' }, timeoutMs: 30_000 });
    assertBounded(result);
    assert.equal(result.code, 2);
    assert.match(json(result).errors[0]?.message ?? '', /KUBEHARDEN_KUSTOMIZE_TIMEOUT: invalid duration "soon"/);
  });

  it('Kustomize output that is not valid YAML: the error names the rendered stream and line', async () => {
    const dir = folder({ 'app/kustomization.yaml': 'resources: []\n' });
    const bin = folder({ 'kubectl': `#!/bin/sh\nprintf '${goodPod.replace(/\n/g, '\\n')}---\\napiVersion: v1\\nkind: [\\n'\n` });
    chmodSync(join(bin, 'kubectl'), 0o755);
    const result = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006'], { env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` }, timeoutMs: 30_000 });
    assertBounded(result);
    const report = json(result);
    assert.deepEqual(report.errors.map((e) => [e.file, e.line]), [[`${join(dir, 'app')} (kustomize)`, 12]]);
    assert.equal(report.findings.length, 1);
    assert.equal(result.code, 2);
  });
});

describe('hostile input: standard input', () => {
  it('invalid UTF-8 on standard input: named, exit 2', async () => {
    const result = await runSpawned(['scan', '-', '-f', 'json'], { input: Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \xff}\n', 'latin1'), timeoutMs: 30_000 });
    assertBounded(result);
    assert.equal(result.code, 2);
    assert.deepEqual(json(result).errors.map((e) => [e.file, e.line, e.column]), [['<stdin>', 3, 18]]);
  });

  it('a broken document among good ones on standard input: the good ones are scanned', async () => {
    const result = await runSpawned(['scan', '-', '-f', 'json', '--controls', 'NSA-POD-006'], { input: `${goodPod}---\nkind: [\n---\n${goodPod.replace('name: good', 'name: after')}`, timeoutMs: 30_000 });
    assertBounded(result);
    const report = json(result);
    assert.deepEqual(report.errors.map((e) => [e.file, e.line]), [['<stdin>', 11]]);
    assert.deepEqual(report.findings.map((f) => f.resource.name), ['good', 'after']);
    assert.equal(result.code, 2);
  });
});

/** Writes a file of `count` pieces from `piece(i)` without holding it in memory. */
function writeLarge(path: string, count: number, piece: (i: number) => string): void {
  const fd = openSync(path, 'w');
  try {
    let buffer = '';
    for (let i = 0; i < count; i++) {
      buffer += piece(i);
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}

const big = process.env['KUBEHARDEN_HOSTILE_BIG'] === '1';

describe('hostile input: bombs, depth and size (a child process, bounded in time and memory)', () => {
  it('a billion-laughs alias bomb is refused with an error, quickly and in little memory', async () => {
    const anchors = ['  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) anchors.push(`  a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${anchors.join('\n')}\n`;
    const mapBomb = `apiVersion: v1\nkind: Pod\nbombs:\n${anchors.map((a) => a.replace(/\[(.*)\]/, (_, items: string) => `{${items.split(', ').map((v, k) => `k${k}: ${v}`).join(', ')}}`)).join('\n')}\nmetadata:\n  name: lol\n  annotations: *a9\nspec:\n  containers: [{name: c, image: nginx, env: [*a9], securityContext: *a9}]\n`;
    const dir = folder({ 'good.yaml': goodPod, 'bomb.yaml': bomb, 'map-bomb.yaml': mapBomb });
    const result = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006'], { timeoutMs: 30_000, maxOldSpaceMb: 256 });
    assertBounded(result);
    const report = json(result);
    assert.deepEqual(
      report.errors.map((e) => [e.file, e.line, /YAML aliases \(a "billion laughs" bomb\): not scanned/.test(e.message)]),
      [[join(dir, 'bomb.yaml'), 1, true], [join(dir, 'map-bomb.yaml'), 1, true]],
    );
    assert.ok(report.findings.some((f) => f.resource.name === 'good'));
    assert.equal(result.code, 2);
  });

  it('aliases that only share a little (a normal anchor) are fine', async () => {
    const shared = 'apiVersion: v1\nkind: Pod\nmetadata: {name: anchors}\nspec:\n  containers:\n    - {name: a, image: nginx:1, securityContext: &sc {privileged: true}}\n    - {name: b, image: nginx:1, securityContext: *sc}\n';
    const result = await runInProcess(['scan', folder({ 'a.yaml': shared }), '-f', 'json', '--controls', 'NSA-POD-006']);
    assert.deepEqual(json(result).errors, []);
    assert.equal(json(result).findings.length, 2);
  });

  it('100,000 levels of nesting (YAML flow, YAML block sequences, JSON) give an error or a scan, never a crash', async () => {
    const depth = 100_000;
    const dir = folder({
      'good.yaml': goodPod,
      'deep-flow.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata:\n  a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
      'deep-block.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\nx:\n${'- '.repeat(depth)}a\n`,
      'deep-map.json': `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep-json"},"spec":{"containers":[{"name":"c","image":"nginx:1","securityContext":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}],"volumes":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
      'deep-list.json': `${'['.repeat(depth)}${']'.repeat(depth)}`,
    });
    const result = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006,NSA-POD-008,NSA-POD-010'], { timeoutMs: 60_000, maxOldSpaceMb: 512 });
    assertBounded(result);
    const report = json(result);
    assert.deepEqual(
      report.errors.map((e) => [e.file?.slice(dir.length + 1), e.line, e.message]),
      [
        ['deep-block.yaml', 1, 'invalid YAML: nested too deeply to read (a document nested thousands of levels deep)'],
        ['deep-flow.yaml', 1, 'invalid YAML: nested too deeply to read (a document nested thousands of levels deep)'],
        ['deep-list.json', 1, 'document is a list, not a Kubernetes object'],
        ['deep-map.json', 1, 'spec.volumes[0] is a list where Kubernetes expects a mapping: the API server rejects this object'],
      ],
    );
    assert.ok(report.findings.some((f) => f.resource.name === 'good'));
    assert.equal(result.code, 2);
  });

  it('an enormous scalar (64 MB on one line) is scanned in bounded memory', async () => {
    const dir = folder({ 'good.yaml': goodPod });
    writeLarge(join(dir, 'huge.yaml'), 65, (i) => (i === 0 ? 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  blob: "' : i === 64 ? '"\n' : 'x'.repeat(1 << 20)));
    const result = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006'], { timeoutMs: 120_000, maxOldSpaceMb: 1024 });
    assertBounded(result);
    assert.deepEqual(json(result).errors, []);
    assert.equal(result.code, 1);
  });

  it('a finding on a line of 8 MB: every report format renders (excerpts leave the line out)', async () => {
    const dir = folder();
    writeLarge(join(dir, 'long.yaml'), 10, (i) =>
      i === 0 ? 'apiVersion: v1\nkind: Pod\nmetadata: {name: long}\nspec:\n  containers: [{name: c, image: nginx, securityContext: {privileged: true}, args: ["' : i === 9 ? '"]}]\n' : 'a'.repeat(1 << 20),
    );
    for (const format of ['html', 'table', 'markdown', 'sarif']) {
      const result = await runSpawned(['scan', dir, '-f', format, '--controls', 'NSA-POD-006'], { timeoutMs: 120_000, maxOldSpaceMb: 1024 });
      assertBounded(result);
      assert.equal(result.code, 1, `${format}: ${result.stderr}`);
      assert.ok(result.stdout.length < 4 << 20, `${format}: the line is not copied into the report`);
    }
  });

  const sizeMb = big ? 200 : 20;
  it(`a ${sizeMb} MB file of many documents (200 MB with KUBEHARDEN_HOSTILE_BIG=1)`, async () => {
    const dir = folder();
    const doc = (i: number): string => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ns}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: {privileged: ${i % 1000 === 0}}\n      env: [{name: PADDING, value: "${'x'.repeat(800)}"}]\n`;
    const count = Math.ceil((sizeMb * 1024 * 1024) / doc(0).length);
    writeLarge(join(dir, 'big.yaml'), count, doc);
    const result = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006'], { timeoutMs: big ? 600_000 : 180_000, maxOldSpaceMb: big ? 2048 : 768 });
    assertBounded(result);
    const report = json(result);
    assert.deepEqual(report.errors, []);
    assert.equal(report.summary.resources, count);
    assert.equal(report.findings.length, Math.ceil(count / 1000));
    assert.equal(result.code, 1);
  });

  it(`a folder of ${big ? '100,000' : '10,000'} files (100,000 with KUBEHARDEN_HOSTILE_BIG=1)`, async () => {
    const dir = folder();
    const files = big ? 100_000 : 10_000;
    for (let i = 0; i < files; i++) {
      if (i % 1000 === 0) mkdirSync(join(dir, `d${i / 1000}`));
      writeFileSync(join(dir, `d${Math.floor(i / 1000)}`, `f${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: ns}\n`);
    }
    writeFileSync(join(dir, 'd0', 'good.yaml'), goodPod);
    writeFileSync(join(dir, 'd5', 'bad.yaml'), 'kind: [\n');
    const result = await runSpawned(['scan', dir, '-f', 'json', '--controls', 'NSA-POD-006'], { timeoutMs: 300_000, maxOldSpaceMb: 1024 });
    assertBounded(result);
    const report = json(result);
    assert.equal(report.summary.resources, files + 1);
    assert.deepEqual(report.errors.map((e) => e.file), [join(dir, 'd5', 'bad.yaml')]);
    assert.equal(report.findings.length, 1);
    assert.equal(result.code, 2);
  });
});

describe('hostile input: node files (scan --node --root)', () => {
  it('broken YAML, a binary kubeconfig, broken symlinks and loops among static pods: each named, the rest judged', async () => {
    const root = folder();
    const { cpSync } = await import('node:fs');
    const fixture = join(binPath(), '..', '..', '..', 'test', 'fixtures', 'nodes', 'kubeadm-default');
    cpSync(fixture, root, { recursive: true });
    writeFileSync(join(root, 'var/lib/kubelet/config.yaml'), 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication: [oops\n');
    writeFileSync(join(root, 'etc/kubernetes/scheduler.conf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0, 0, 0, 0xff]));
    writeFileSync(join(root, 'etc/kubernetes/manifests/bad.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: c, image: "x\n');
    symlinkSync('/nonexistent/pod.yaml', join(root, 'etc/kubernetes/manifests/broken.yaml'));
    symlinkSync('loop2.yaml', join(root, 'etc/kubernetes/manifests/loop1.yaml'));
    symlinkSync('loop1.yaml', join(root, 'etc/kubernetes/manifests/loop2.yaml'));
    const result = await runInProcess(['scan', '--node', '--root', root, '-f', 'json']);
    assertNoStackTrace(result.stderr);
    const report = json(result);
    assert.deepEqual(
      report.errors.map((e) => `${e.file}:${e.line ?? ''} ${e.message}`),
      [
        '/etc/kubernetes/manifests/bad.yaml:5 invalid YAML: unexpected end of the stream within a double quoted scalar',
        '/etc/kubernetes/manifests/broken.yaml: broken symbolic link: its target does not exist under the root',
        '/etc/kubernetes/manifests/loop1.yaml: too many levels of symbolic links',
        '/etc/kubernetes/manifests/loop2.yaml: too many levels of symbolic links',
        '/etc/kubernetes/scheduler.conf: binary file, not a manifest (invalid UTF-8 at line 1, column 11)',
        '/var/lib/kubelet/config.yaml:3 invalid YAML: unexpected end of the stream within a flow collection',
      ],
    );
    assert.ok(report.findings.some((f) => f.location?.file === '/etc/kubernetes/manifests/kube-apiserver.yaml'), 'the good static pods are judged');
    assert.equal(result.code, 2);
  });
});
