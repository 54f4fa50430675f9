import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { renderSuggestions } from '../cli/fix.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import type { JsonPatchOp } from './ops.js';
import { fixFiles } from './run.js';

const fixable = new Set(builtinControls.filter((c) => c.meta.fixable).map((c) => c.meta.id as string));

/** RFC 6902 as kubectl applies it: `add` of an existing member replaces it. */
function applyJsonPatch(document: unknown, patch: readonly JsonPatchOp[]): unknown {
  const root = structuredClone(document) as Record<string, unknown>;
  for (const op of patch) {
    const keys = op.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop() as string;
    let node: unknown = root;
    for (const key of keys) node = (node as Record<string, unknown>)[key];
    if (Array.isArray(node)) {
      if (op.op === 'remove') node.splice(Number(last), 1);
      else if (last === '-') node.push(op.value);
      else if (op.op === 'add') node.splice(Number(last), 0, op.value);
      else node[Number(last)] = op.value;
    } else {
      const map = node as Record<string, unknown>;
      if (op.op === 'remove') delete map[last];
      else map[last] = op.value;
    }
  }
  return root;
}

// A Helm test hook as `helm template` renders it: nothing to edit, every fix is a suggestion.
const rendered = [
  '---',
  '# Source: nginx/templates/tests/test-connection.yaml',
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: "web-test-connection"',
  '  namespace: shop',
  '  annotations:',
  '    "helm.sh/hook": test',
  'spec:',
  '  containers:',
  '    - name: wget',
  '      image: busybox:1.36',
  "      command: ['wget']",
  '  restartPolicy: Never',
  '',
].join('\n');

describe('suggested patches', () => {
  it('the patch printed for an object holds every suggestion at once: applied, it fixes all of them', () => {
    const result = fixFiles([{ path: '<stdin>', text: rendered }], { controls: builtinControls, only: fixable, settings: defaultSettings });
    assert.equal(result.files.length, 0);
    assert.ok(result.suggestions.length > 5, 'several fixes of one pod, many of them adding to the same missing maps');
    const patch = result.suggestions[0]?.resourcePatch ?? [];
    assert.ok(result.suggestions.every((s) => s.resourcePatch === patch), 'one object, one patch');

    const object = parseManifests({ path: 'pod.yaml', text: rendered }).resources[0]?.object;
    const patched = applyJsonPatch(object, patch);
    const again = scan(parseManifests({ path: 'pod.yaml', text: JSON.stringify(patched) }).resources, {
      controls: builtinControls,
      settings: defaultSettings,
      only: fixable,
      failOn: 'none',
    });
    const left = new Set(again.findings.filter((f) => f.status === 'failed').map((f) => `${f.controlId} ${f.path}`));
    const suggested = result.suggestions.map((s) => `${s.finding.controlId} ${s.finding.path}`);
    assert.deepEqual(suggested.filter((s) => left.has(s)), [], 'no suggested finding is left after the printed patch');

    const text = renderSuggestions(result.suggestions);
    assert.equal(text.match(/kubectl patch pod web-test-connection -n shop/g)?.length, 1);
    assert.ok(text.includes(JSON.stringify(patch).replace(/'/g, `'\\''`)), 'the kubectl command carries the combined patch');
  });
});

describe('where suggestions point', () => {
  // kube-prometheus's node-exporter: the fixes insert lines into the pod's securityContext, above the host
  // path volumes whose removal is only suggested.
  const nodeExporter = [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: {name: node-exporter, namespace: monitoring}',
    'spec:',
    '  selector: {matchLabels: {app: node-exporter}}',
    '  template:',
    '    metadata: {labels: {app: node-exporter}}',
    '    spec:',
    '      containers:',
    '      - name: node-exporter',
    '        image: quay.io/prometheus/node-exporter:v1.6.1',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        runAsUser: 65534',
    '      volumes:',
    '      - hostPath:',
    '          path: /sys',
    '        name: sys',
    '',
  ].join('\n');
  const hostPathSuggestion = (text: string): string | undefined => text.split('\n').find((line) => line.includes('NSA-POD-010'));

  it('a dry run names the lines of the files as they are, which it leaves unchanged', () => {
    const result = fixFiles([{ path: 'node-exporter.yaml', text: nodeExporter }], { controls: builtinControls, only: fixable, settings: defaultSettings });
    assert.ok(result.files.length === 1 && result.files[0]?.after.split('\n').length !== nodeExporter.split('\n').length, 'the fixes move the lines');
    assert.match(hostPathSuggestion(renderSuggestions(result.suggestions)) ?? '', /\(line 16, spec\.template\.spec\.volumes\[0\]\.hostPath\)/);
  });

  it('after --write they name the lines of the files as written', () => {
    const result = fixFiles([{ path: 'node-exporter.yaml', text: nodeExporter }], { controls: builtinControls, only: fixable, settings: defaultSettings });
    const written = (result.files[0]?.after ?? '').split('\n');
    const line = written.findIndex((l) => l.trim() === '- hostPath:') + 1;
    assert.ok(line > 16);
    assert.match(hostPathSuggestion(renderSuggestions(result.suggestions, { written: true })) ?? '', new RegExp(`\\(line ${line}, spec\\.template\\.spec\\.volumes\\[0\\]\\.hostPath\\)`));
  });
});
