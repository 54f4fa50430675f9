import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Locator } from './locate.js';
import { parseManifests } from './manifests.js';
import { splitDocuments } from './split.js';

const locate = (text: string, path: (string | number)[], index = 0) => {
  const { resources } = parseManifests({ path: 'f.yaml', text });
  const resource = resources[index];
  assert.ok(resource?.source);
  return new Locator().locate(resource.source.document, [...resource.source.itemPath, ...path]);
};

describe('splitDocuments', () => {
  it('splits on --- and ... markers only at column 0', () => {
    const text = 'a: 1\n---\nb: "---"\n  ---x\n...\n--- # c\nc: 3\n';
    const slices = splitDocuments(text).map((s) => [text.slice(s.start, s.end), s.startLine]);
    assert.deepEqual(slices, [
      ['a: 1\n', 1],
      ['---\nb: "---"\n  ---x\n', 2],
      ['--- # c\nc: 3\n', 6],
    ]);
  });
});

describe('parseManifests', () => {
  it('reads multi-document YAML with comments, empty documents and a leading marker', () => {
    const { resources, errors } = parseManifests({
      path: 'f.yaml',
      text: '---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n---\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n',
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(resources.map((r) => [r.ref.kind, r.ref.name, r.ref.namespace]), [
      ['ConfigMap', 'a', 'x'],
      ['Secret', 'b', undefined],
    ]);
  });

  it('expands List and *List kinds, locating items inside them', () => {
    const text = 'apiVersion: v1\nkind: PodList\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      hostNetwork: true\n';
    const { resources } = parseManifests({ path: 'f.yaml', text });
    assert.deepEqual(resources.map((r) => r.id), ['f.yaml#0/items/0']);
    assert.deepEqual(locate(text, ['spec', 'hostNetwork']), { line: 8, column: 7, exact: true });
  });

  it('reads JSON, including a List, and locates fields in it', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostPID: true } }] }, null, 2);
    const { resources, errors } = parseManifests({ path: 'f.json', text });
    assert.deepEqual(errors, []);
    assert.equal(resources[0]?.ref.name, 'p');
    const position = locate(text, ['spec', 'hostPID']);
    assert.equal(text.split('\n')[position.line - 1]?.trim(), '"hostPID": true');
  });

  it('reports a broken document with its file and line and keeps the others', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n   bad: indent\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: c}\n';
    const { resources, errors } = parseManifests({ path: 'f.yaml', text });
    assert.deepEqual(resources.map((r) => r.ref.name), ['a', 'c']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.file, 'f.yaml');
    assert.equal(errors[0]?.line, 9);
    assert.match(errors[0]?.message ?? '', /invalid YAML/);
  });

  it('reports documents that are not Kubernetes objects with the line where they start', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# a list\n- 1\n- 2\n---\nfoo: bar\n';
    const { resources, errors } = parseManifests({ path: 'f.yaml', text });
    assert.equal(resources.length, 1);
    assert.deepEqual(errors.map((e) => [e.line, e.message]), [
      [6, 'document is a list, not a Kubernetes object'],
      [9, 'document has no apiVersion and kind: not a Kubernetes object'],
    ]);
  });

  it('handles a BOM, CRLF line ends and merge keys', () => {
    const text = '\ufeffapiVersion: v1\r\nkind: Pod\r\nmetadata: {name: p}\r\nx: &base {hostIPC: true}\r\nspec:\r\n  <<: *base\r\n  containers: []\r\n';
    const { resources, errors } = parseManifests({ path: 'f.yaml', text });
    assert.deepEqual(errors, []);
    assert.equal((resources[0]?.object['spec'] as Record<string, unknown>)['hostIPC'], true);
    assert.deepEqual(locate(text, ['spec', 'containers']), { line: 7, column: 3, exact: true });
  });

  it('reads unquoted YAML 1.1 booleans as Kubernetes does, and keeps quoted ones as strings', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: yes, hostPID: "yes", hostIPC: off}\n';
    const spec = parseManifests({ path: 'f.yaml', text }).resources[0]?.object['spec'];
    assert.deepEqual(spec, { hostNetwork: true, hostPID: 'yes', hostIPC: false });
  });

  it('reads a leading-zero integer as YAML 1.1 octal, as Kubernetes does (defaultMode: 0644 is 420)', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  volumes: [{name: a, secret: {secretName: s, defaultMode: 0644}}, {name: b, configMap: {name: c, defaultMode: 0400}}]',
      '  containers: [{name: app, image: app, ports: [{containerPort: 08080}, {containerPort: 8443}], securityContext: {runAsUser: 0x3E8}}]',
      '  securityContext: {fsGroup: "0644", supplementalGroups: [0, -010, 1_000]}',
      '',
    ].join('\n');
    const spec = parseManifests({ path: 'f.yaml', text }).resources[0]?.object['spec'] as Record<string, unknown>;
    assert.deepEqual(spec['volumes'], [{ name: 'a', secret: { secretName: 's', defaultMode: 420 } }, { name: 'b', configMap: { name: 'c', defaultMode: 256 } }]);
    // 08080 is no octal number: Kubernetes reads it as 8080, as YAML 1.2 does; hexadecimal is read as such.
    assert.deepEqual(spec['containers'], [{ name: 'app', image: 'app', ports: [{ containerPort: 8080 }, { containerPort: 8443 }], securityContext: { runAsUser: 1000 } }]);
    assert.deepEqual(spec['securityContext'], { fsGroup: '0644', supplementalGroups: [0, -8, 1000] });
  });

  it('attributes Helm-rendered documents to their template', () => {
    const text = '---\n# Source: shop/templates/sa.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n---\n# Source: shop/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n';
    const { resources } = parseManifests({ path: '<stdin>', text });
    assert.deepEqual(resources.map((r) => r.source?.document.renderedFrom), ['shop/templates/sa.yaml', 'shop/templates/deploy.yaml']);
  });

  it('locates a missing field at its nearest existing parent', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: x\n';
    assert.deepEqual(locate(text, ['spec', 'containers', 0, 'securityContext', 'privileged']), { line: 6, column: 7, exact: false });
  });
});
