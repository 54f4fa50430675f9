// Every control's compliant example (shown by `kubeharden explain` and in docs/controls/) is scanned
// with that control: an example that fails its own control would teach the wrong fix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControlDefinition } from '../core/control.js';
import { kindKey } from '../normalize/pod-spec-paths.js';
import { parseSourceFile } from '../parse/source-file.js';
import { scanWith } from '../testing/control-tester.js';
import { builtinControls } from './index.js';

/**
 * The verdict the example must get. A control that can fail must pass; an inventory (no messages, so
 * no failure) concludes "manual"; a resource control whose compliant state is the absence of its kinds
 * (no PodSecurityPolicy at all) is not evaluated for lack of them.
 */
function expectedStatus(control: ControlDefinition, example: string): 'passed' | 'manual' | 'not-evaluated' {
  if (Object.keys(control.meta.messages).length === 0) return 'manual';
  if (control.meta.nodeFilesOnly) return 'not-evaluated';
  if (control.target === 'resource' && !control.workloads) {
    const file = { path: control.meta.exampleFile ?? 'example.yaml', text: example };
    const kinds = new Set(parseSourceFile(file).resources.map((r) => kindKey(r.ref.apiVersion, r.ref.kind)));
    if (!control.kinds.some((k) => kinds.has(k))) return 'not-evaluated';
  }
  return 'passed';
}

const kubeSystemPod = `apiVersion: v1
kind: Pod
metadata: {name: coredns, namespace: kube-system}
spec: {containers: [{name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}]}
`;

describe('control examples', () => {
  it('every implemented control has a compliant example', () => {
    assert.deepEqual(builtinControls.filter((c) => !c.meta.example?.trim()).map((c) => c.meta.id), []);
  });

  for (const control of builtinControls) {
    const { id, slug, example, exampleSettings, exampleFile } = control.meta;
    it(`${id} ${slug}: the example passes the control`, { skip: example ? false : 'no example' }, () => {
      // A cluster-wide heuristic judges only a whole cluster: the example is shown as part of one.
      const text = control.target === 'cluster' && control.wholeClusterOnly ? `${example as string}---\n${kubeSystemPod}` : (example as string);
      const report = scanWith(control, text, exampleSettings, exampleFile);
      assert.deepEqual(report.errors, []);
      assert.deepEqual(report.findings.map((f) => `${f.status} ${f.path}: ${f.message}`), [], 'the example has findings');
      const entry = report.controls.find((c) => c.id === id);
      assert.equal(entry?.status, expectedStatus(control, text), `verdict on the example: ${entry?.status} (${entry?.reason ?? ''})`);
      if (entry?.status === 'passed') assert.ok(entry.evaluated > 0);
    });
  }
});
