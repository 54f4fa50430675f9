import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourceCandidate } from '../core/resource.js';
import { candidatesIn, kustomizationPatchFiles, locateInSources, parseSourceDocuments, pathIn, readOriginAnnotations } from './kustomize-origins.js';
import { Locator } from './locate.js';
import { loadYaml } from './manifests.js';

// What `kubectl kustomize` (kustomize v5) writes for a kustomization with
// `buildMetadata: [originAnnotations, transformerAnnotations]` that takes an overlay as its resource.
const annotated = `apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/origin: |
      configuredIn: ../app/overlays/prod/kustomization.yaml
      configuredBy:
        apiVersion: builtin
        kind: ConfigMapGenerator
  name: prod-settings-7f5d9c
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    alpha.config.kubernetes.io/transformations: |
      - configuredIn: ../app/base/kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PatchTransformer
      - configuredIn: ../app/overlays/prod/kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PatchTransformer
      - configuredIn: ../app/overlays/prod/kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PrefixTransformer
    config.kubernetes.io/origin: |
      path: ../app/base/deployment.yaml
  name: prod-web
  namespace: shop
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: examples/svc.yaml
      repo: https://github.com/example/remote
      ref: v1.0.0
  name: prod-remote
`;

describe('readOriginAnnotations', () => {
  it('reads the file of each resource and the kustomizations whose patches changed it, in the order applied', () => {
    const origins = readOriginAnnotations(annotated);
    assert.deepEqual(
      origins.map((o) => [o.kind, o.name, o.file, o.patchedIn]),
      [
        ['ConfigMap', 'prod-settings-7f5d9c', undefined, []],
        ['Deployment', 'prod-web', '../app/base/deployment.yaml', ['../app/base/kustomization.yaml', '../app/overlays/prod/kustomization.yaml']],
        ['Service', 'prod-remote', undefined, []],
      ],
    );
  });

  it('skips a broken document rather than failing the rest', () => {
    const origins = readOriginAnnotations(`kind: [\n---\n${annotated.split('---\n')[1]}`);
    assert.deepEqual(origins.map((o) => o.name), ['prod-web']);
  });
});

describe('kustomizationPatchFiles', () => {
  it('lists patch files of patches and patchesStrategicMerge, not inline or JSON 6902 patches', () => {
    const files = kustomizationPatchFiles(`resources: [../../base]
patches:
  - path: replicas.yaml
  - path: security.yaml
    target: {kind: Deployment}
  - patch: |-
      - op: add
        path: /spec/template/spec/hostPID
        value: true
    target: {kind: Deployment}
patchesStrategicMerge:
  - legacy.yaml
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
patchesJson6902:
  - path: ops.yaml
    target: {kind: Deployment, name: web}
`);
    assert.deepEqual(files, [
      { path: 'replicas.yaml', targeted: false },
      { path: 'security.yaml', targeted: true },
      { path: 'legacy.yaml', targeted: false },
    ]);
  });

  it('is empty for a kustomization that is not YAML', () => {
    assert.deepEqual(kustomizationPatchFiles('patches: [\n'), []);
  });
});

const base = `apiVersion: v1
kind: Service
metadata:
  name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-canary
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: shop:1.0
          securityContext:
            privileged: false
`;

describe('candidatesIn', () => {
  it('picks the document of the rendered kind whose name the prefix and suffix were added to', () => {
    const found = candidatesIn(parseSourceDocuments('base/all.yaml', base), { kind: 'Deployment', name: 'prod-web' }, { patch: false, targeted: false });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.document.startLine, 10, 'the document of its --- line');
    const canary = candidatesIn(parseSourceDocuments('base/all.yaml', base), { kind: 'Deployment', name: 'prod-web-canary-v2' }, { patch: false, targeted: false });
    assert.equal(canary[0]?.document.startLine, 5, 'the longest name that fits wins');
  });

  it('picks none when two documents fit equally, or none fits', () => {
    const twice = `kind: Deployment\nmetadata: {name: a}\n---\nkind: Deployment\nmetadata: {name: a}\n`;
    assert.deepEqual(candidatesIn(parseSourceDocuments('x.yaml', twice), { kind: 'Deployment', name: 'a' }, { patch: false, targeted: false }), []);
    assert.deepEqual(candidatesIn(parseSourceDocuments('base/all.yaml', base), { kind: 'StatefulSet', name: 'web' }, { patch: false, targeted: false }), []);
  });

  it('takes a targeted patch whatever name its document gives', () => {
    const patch = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: not-important\nspec:\n  template:\n    spec:\n      hostPID: true\n`;
    assert.equal(candidatesIn(parseSourceDocuments('p.yaml', patch), { kind: 'Deployment', name: 'prod-web' }, { patch: true, targeted: true }).length, 1);
    assert.equal(candidatesIn(parseSourceDocuments('p.yaml', patch), { kind: 'Deployment', name: 'prod-web' }, { patch: true, targeted: false }).length, 0);
  });
});

describe('pathIn', () => {
  it('finds list items by name, as strategic merge does, and by index only when they have none', () => {
    const rendered = { spec: { containers: [{ name: 'sidecar', args: ['a', 'b'] }, { name: 'app' }] } };
    const source = { spec: { containers: [{ name: 'app' }, { name: 'sidecar', args: ['a', 'b'] }] } };
    assert.deepEqual(pathIn(rendered, source, ['spec', 'containers', 0, 'args', 1]), { path: ['spec', 'containers', 1, 'args', 1], complete: true, node: 'b', renderedNode: 'b' });
    assert.deepEqual(pathIn(rendered, source, ['spec', 'containers', 1, 'securityContext']), { path: ['spec', 'containers', 0], complete: false });
    assert.deepEqual(pathIn(rendered, { spec: { containers: [] } }, ['spec', 'containers', 0]), { path: ['spec', 'containers'], complete: false });
  });
});

describe('locateInSources', () => {
  const candidate = (file: string, text: string, patch: boolean): SourceCandidate => ({
    document: { file, text, start: 0, end: text.length, startLine: 1 },
    value: loadYaml(text, file),
    patch,
  });
  const own = candidate('base/deployment.yaml', base.split('---\n')[2] as string, false);
  const patch = candidate(
    'overlays/prod/patch.yaml',
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: app
          securityContext:
            privileged: true
`,
    true,
  );
  const rendered = loadYaml(
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: prod-web
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: shop:2.0
          securityContext:
            privileged: true
`,
    'rendered',
  );
  const at = (path: (string | number)[]) => locateInSources([patch, own], rendered, path, new Locator());

  it('points at the patch that sets a value', () => {
    assert.deepEqual(at(['spec', 'template', 'spec', 'hostNetwork']), { file: 'overlays/prod/patch.yaml', line: 8, column: 7, exact: true });
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged']), { file: 'overlays/prod/patch.yaml', line: 12, column: 13, exact: true });
  });

  it('points at the base for what the patch only repeats to name its target, and for values the patch does not set', () => {
    assert.deepEqual(at(['metadata', 'name']), { file: 'base/deployment.yaml', line: 4, column: 3, exact: true });
    assert.deepEqual(at([]), { file: 'base/deployment.yaml', line: 1, column: 1, exact: true });
    // The image was replaced by an `images` entry: no file holds 2.0, the base holds the field.
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 0, 'image']), { file: 'base/deployment.yaml', line: 10, column: 11, exact: true });
  });

  it('puts a missing field at its nearest parent, in the base when both hold the parent', () => {
    assert.deepEqual(at(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'runAsNonRoot']), { file: 'base/deployment.yaml', line: 11, column: 11, exact: false });
    assert.deepEqual(at(['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot']), { file: 'base/deployment.yaml', line: 7, column: 5, exact: false });
  });
});
