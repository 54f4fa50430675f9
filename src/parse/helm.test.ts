import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentTemplate, renderedStream } from '../testing/helm-chart.js';
import { locateInTemplate } from './helm.js';
import { loadYaml } from './manifests.js';

const rendered = loadYaml(renderedStream, 'rendered');
const template = { path: 'shop/templates/deployment.yaml', text: deploymentTemplate };
const at = (path: (string | number)[], kind = 'Deployment', value: unknown = rendered) => locateInTemplate(template, kind, value, path);

describe('locateInTemplate', () => {
  it('gives the line and column where the template writes a field', () => {
    assert.deepEqual(at(['spec', 'template', 'spec', 'hostNetwork']), { line: 42, column: 7, exact: true });
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 0, 'image']), { line: 30, column: 11, exact: true });
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort']), { line: 33, column: 15, exact: true });
    assert.deepEqual(at([]), { line: 1, column: 1, exact: true });
  });

  it('gives the nearest parent the template writes for what an action produces (toYaml of values)', () => {
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged']), { line: 28, column: 11, exact: false });
    assert.deepEqual(at(['spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/name']), { line: 20, column: 7, exact: false });
  });

  it('gives a missing field at its nearest parent, and a field of a condition that did not hold as not there', () => {
    assert.deepEqual(at(['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot']), { line: 24, column: 7, exact: false });
    // The template writes it inside `if .Values.debug`, which did not render: the line is shown, not as the field's.
    assert.deepEqual(at(['spec', 'template', 'spec', 'shareProcessNamespace']), { line: 40, column: 7, exact: false });
  });

  it('stops at the list when a loop or a condition makes the rendered items differ from the written ones', () => {
    // toYaml'd extra containers: the template writes one item, the document has three; the two extra are no line's.
    const withExtra = structuredClone(rendered) as { spec: { template: { spec: { containers: unknown[] } } } };
    withExtra.spec.template.spec.containers.push({ name: 'proxy', image: 'envoy' }, { name: 'log', image: 'fluentbit' });
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 2, 'image'], 'Deployment', withExtra), { line: 26, column: 7, exact: false });
    // The extra containers come after the written one, which keeps its place.
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 0, 'image'], 'Deployment', withExtra), { line: 30, column: 11, exact: true });
    // A loop writes its item once, whatever number it renders (none here).
    const looped = {
      path: 't.yaml',
      text: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: app:1
    {{- range .Values.sidecars }}
    - name: {{ .name }}
      image: {{ .image }}
    {{- end }}
`,
    };
    const pod = { kind: 'Pod', spec: { containers: [{ name: 'app', image: 'app:1' }] } };
    assert.deepEqual(locateInTemplate(looped, 'Pod', pod, ['spec', 'containers', 0, 'image']), { line: 6, column: 3, exact: false });
    // Three written items and three rendered ones, by chance: which rendered argument is which written one
    // depends on the conditions (ingress-nginx's controller arguments are written so).
    const conditional = {
      path: 't.yaml',
      text: `apiVersion: v1
kind: Pod
spec:
  containers:
    - name: controller
      args:
        - /controller
      {{- if .Values.defaultBackend.enabled }}
        - --default-backend-service=x
      {{- end }}
      {{- range $key, $value := .Values.extraArgs }}
        - --{{ $key }}={{ $value }}
      {{- end }}
`,
    };
    const args = { kind: 'Pod', spec: { containers: [{ name: 'controller', args: ['/controller', '--v=2', '--watch-namespace=a'] }] } };
    assert.deepEqual(locateInTemplate(conditional, 'Pod', args, ['spec', 'containers', 0, 'args', 1]), { line: 6, column: 7, exact: false });
    assert.deepEqual(locateInTemplate(conditional, 'Pod', args, ['spec', 'containers', 0, 'name']), { line: 5, column: 7, exact: true });
  });

  it('does not match a template of another kind, of several documents, or whose kind is templated', () => {
    assert.equal(at(['spec'], 'StatefulSet'), undefined);
    const two = { path: 't.yaml', text: `apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n` };
    assert.equal(locateInTemplate(two, 'Service', { kind: 'Service' }, ['metadata']), undefined);
    const templated = { path: 't.yaml', text: `apiVersion: apps/v1\nkind: {{ .Values.kind }}\nmetadata: {name: a}\n` };
    assert.equal(locateInTemplate(templated, 'Deployment', { kind: 'Deployment' }, ['metadata']), undefined);
  });

  it('keeps the key before a multi-line action and skips what the action spans', () => {
    const multiLine = {
      path: 't.yaml',
      text: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations: {{- include "shop.annotations" (dict
      "context" $
      "extra" .Values.extra) | nindent 4 }}
spec:
  hostPID: true
`,
    };
    const pod = { kind: 'Pod', metadata: { name: 'p', annotations: { a: 'b' } }, spec: { hostPID: true } };
    assert.deepEqual(locateInTemplate(multiLine, 'Pod', pod, ['metadata', 'annotations', 'a']), { line: 5, column: 3, exact: false });
    assert.deepEqual(locateInTemplate(multiLine, 'Pod', pod, ['spec', 'hostPID']), { line: 9, column: 3, exact: true });
  });
});
