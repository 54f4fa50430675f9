import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatchOp } from '../core/fix.js';
import { parseManifests } from '../parse/manifests.js';
import { applyEdits } from './apply.js';
import { applyOps } from './ops.js';
import { editsForDocument } from './plan.js';

/** Applies ops to the resource named `name` of a file's text, through the same path `kubeharden fix` takes. */
function fixText(text: string, name: string, ops: readonly PatchOp[], path = 'case.yaml'): string {
  const { resources, errors } = parseManifests({ path, text });
  assert.deepEqual(errors, []);
  const resource = resources.find((r) => r.ref.name === name);
  assert.ok(resource?.source, `no resource ${name}`);
  const edits = editsForDocument(resource.source.document, [{ resource, ops }]);
  const out = applyEdits(resource.source.document.text, edits);
  assert.deepEqual(out.skipped, [], 'edits of one document never overlap');
  // The edited text reads back as the ops asked, and the same ops change nothing the second time.
  const again = parseManifests({ path, text: out.text }).resources.find((r) => r.ref.name === name);
  assert.ok(again?.source);
  assert.deepEqual(again.object, applyOps(resource.object, ops));
  // Index-based removals are recomputed by a re-scan; every other op is idempotent on its own.
  if (!ops.some((op) => op.op === 'remove' && typeof op.path[op.path.length - 1] === 'number')) {
    assert.deepEqual(editsForDocument(again.source.document, [{ resource: again, ops }]), []);
  }
  return out.text;
}

const set = (path: (string | number)[], value: unknown): PatchOp => ({ op: 'add', path, value });
const remove = (path: (string | number)[]): PatchOp => ({ op: 'remove', path });

describe('fix engine: golden pairs', () => {
  it('keeps comments before and after the changed lines, and on removed lines', () => {
    const input = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  # the host PID namespace was needed once',
      '  hostPID: true  # remove me',
      '  # containers follow',
      '  containers:',
      '    - name: app # main',
      '      image: nginx:1.27',
      '      # the end',
      '',
    ].join('\n');
    assert.equal(
      fixText(input, 'p', [remove(['spec', 'hostPID']), set(['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'], false)]),
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  # the host PID namespace was needed once',
        '  # remove me',
        '  # containers follow',
        '  containers:',
        '    - name: app # main',
        '      image: nginx:1.27',
        '      securityContext:',
        '        allowPrivilegeEscalation: false',
        '      # the end',
        '',
      ].join('\n'),
    );
  });

  it('writes into flow collections in flow style and keeps their quoting', () => {
    const input = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: app, image: "nginx:1.27", securityContext: {capabilities: {add: ["NET_ADMIN", "SYS_TIME"]}}}\n';
    assert.equal(
      fixText(input, 'p', [
        remove(['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 0]),
        set(['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], ['ALL']),
        set(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], true),
      ]),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: app, image: "nginx:1.27", securityContext: {capabilities: {add: ["SYS_TIME"], drop: [ALL]}, runAsNonRoot: true}}\n',
    );
  });

  it('edits one document of a multi-document file; the others (after --- and ...) stay byte for byte', () => {
    const first = '# first\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n...\n';
    const second = '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: b   # this one\n';
    const third = '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: c\n';
    assert.equal(
      fixText(first + second + third, 'b', [set(['automountServiceAccountToken'], false)]),
      first + second + 'automountServiceAccountToken: false\n' + third,
    );
  });

  it('keeps CRLF line ends, and adds a line break at the end of a file that had none', () => {
    const input = 'apiVersion: v1\r\nkind: ServiceAccount\r\nmetadata:\r\n  name: a\r\n';
    assert.equal(fixText(input, 'a', [set(['automountServiceAccountToken'], false)]), input + 'automountServiceAccountToken: false\r\n');
    const pod = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  hostIPC: true # old\r\n  containers:\r\n    - name: a\r\n';
    assert.equal(
      fixText(pod, 'p', [remove(['spec', 'hostIPC']), set(['spec', 'containers', 0, 'securityContext', 'privileged'], false)]),
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  # old\r\n  containers:\r\n    - name: a\r\n      securityContext:\r\n        privileged: false\r\n',
    );
    assert.equal(
      fixText('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a', 'a', [set(['automountServiceAccountToken'], false)]),
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\nautomountServiceAccountToken: false',
    );
  });

  it('edits through anchors and turns a changed alias into its own copy', () => {
    const input = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '    - name: a',
      '      securityContext: &hardened',
      '        runAsNonRoot: true',
      '    - name: b',
      '      securityContext: *hardened',
      '',
    ].join('\n');
    assert.equal(
      fixText(input, 'p', [set(['spec', 'containers', 1, 'securityContext', 'readOnlyRootFilesystem'], true)]),
      input.replace('securityContext: *hardened', 'securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true}'),
    );
    // Changing the anchored node keeps the alias's meaning: it becomes a copy of the old value.
    assert.equal(
      fixText(input, 'p', [set(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], false)]),
      input.replace('runAsNonRoot: true', 'runAsNonRoot: false').replace('securityContext: *hardened', 'securityContext: {runAsNonRoot: true}'),
    );
  });

  it('matches quoted keys and keeps the quoting of replaced values', () => {
    const input = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"spec":\n  \'hostNetwork\': true\n  containers:\n    - name: a\n      "securityContext":\n        "procMount": "Unmasked"\n        seccompProfile: {type: \'Unconfined\'}\n';
    assert.equal(
      fixText(input, 'p', [remove(['spec', 'hostNetwork']), set(['spec', 'containers', 0, 'securityContext', 'seccompProfile', 'type'], 'RuntimeDefault'), set(['spec', 'containers', 0, 'securityContext', 'procMount'], 'Default')]),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"spec":\n  containers:\n    - name: a\n      "securityContext":\n        "procMount": "Default"\n        seccompProfile: {type: \'RuntimeDefault\'}\n',
    );
  });

  it('creates keys missing at several depths, with the indentation and list style of the file', () => {
    const input = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n    name: d\nspec:\n    template:\n        spec:\n            containers:\n            - name: a\n              image: x\n';
    assert.equal(
      fixText(input, 'd', [
        set(['spec', 'template', 'spec', 'securityContext', 'seccompProfile', 'type'], 'RuntimeDefault'),
        set(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], ['ALL']),
      ]),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n    name: d\nspec:\n    template:\n        spec:\n            containers:\n            - name: a\n              image: x\n              securityContext:\n                  capabilities:\n                      drop:\n                      - ALL\n            securityContext:\n                seccompProfile:\n                    type: RuntimeDefault\n',
    );
  });

  it('changes only the second container of a list, and fills an empty value', () => {
    const input = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      securityContext:\n        privileged: false\n    - name: b\n      securityContext:   # to do\n';
    assert.equal(
      fixText(input, 'p', [set(['spec', 'containers', 1, 'securityContext', 'privileged'], false)]),
      input.slice(0, -1) + '\n        privileged: false\n',
    );
  });

  it('removes a list item and prunes what it emptied, keeping the comments', () => {
    const input = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls:\n      # tuned for pgbench\n      - name: kernel.shmmax\n        value: "1"\n  containers: []\n';
    assert.equal(
      fixText(input, 'p', [remove(['spec', 'securityContext', 'sysctls', 0])]),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  # tuned for pgbench\n  containers: []\n',
    );
  });

  it('edits JSON files as JSON', () => {
    const input = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {\n    "hostIPC": true,\n    "containers": [{"name": "a"}]\n  }\n}\n';
    assert.equal(
      fixText(input, 'p', [remove(['spec', 'hostIPC']), set(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], true)], 'pod.json'),
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {\n    "containers": [{"name": "a", "securityContext": {"runAsNonRoot":true}}]\n  }\n}\n',
    );
  });

  it('edits an item of a List', () => {
    const input = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata: {name: b}\n';
    assert.equal(
      fixText(input, 'b', [set(['automountServiceAccountToken'], false)]),
      input + '    automountServiceAccountToken: false\n',
    );
  });
});
