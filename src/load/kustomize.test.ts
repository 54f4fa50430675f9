import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../testing/temp-folder.js';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { builtinReporters } from '../reporters/index.js';
import { scanPaths } from './scan-paths.js';
import { repoRoot } from '../testing/shared-fixtures.js';

/** kubectl with a Kustomize that writes origin annotations (kustomize v4.3 and later, kubectl 1.24 and later). */
function kustomizeWritesOrigins(): boolean {
  const dir = tempFolder({
    'kustomization.yaml': 'resources: [cm.yaml]\nbuildMetadata: [originAnnotations]\n',
    'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
  });
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('config.kubernetes.io/origin');
}

const skip = kustomizeWritesOrigins() ? false : 'kubectl is missing or its Kustomize writes no origin annotations: findings stay in the rendered stream';

const app = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: shop:1.0
          # kubeharden:ignore NSA-POD-005 reason="writes its cache to the root filesystem"
          securityContext:
            runAsNonRoot: true
`,
  'overlays/prod/kustomization.yaml': `namePrefix: prod-
namespace: shop
resources:
  - ../../base
patches:
  - path: proxy.yaml
images:
  - name: shop
    newTag: "2.0"
configMapGenerator:
  - name: settings
    literals: [mode=prod]
`,
  'overlays/prod/proxy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: proxy
          image: envoy:1.30
          securityContext:
            privileged: true
`,
};

describe('Kustomize findings located in the user\'s files', { skip }, () => {
  it('points at the base or the patch that holds each field, keeps the rendered position, and reads comments there', async () => {
    const root = tempFolder(app, 'kubeharden-kustomize-origins-');
    // The folder as a user names it, relative to where the scan runs.
    const overlay = relative(process.cwd(), join(root, 'overlays/prod'));
    const scan = await scanPaths([overlay], { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
    const { report } = scan;
    const find = (id: string, container?: string) => report.findings.find((f) => f.controlId === id && f.container === container);
    const baseFile = join(overlay, '../../base/deployment.yaml');
    const patchFile = join(overlay, 'proxy.yaml');

    const privileged = find('NSA-POD-006', 'proxy');
    assert.equal(privileged?.resource.name, 'prod-web');
    assert.deepEqual({ ...privileged?.location, rendered: undefined }, { file: patchFile, line: 13, column: 13, exact: true, rendered: undefined });
    assert.equal(privileged?.location?.rendered?.file, `${overlay} (kustomize)`);
    assert.equal(privileged?.location?.rendered?.by, 'kustomize');

    const hostNetwork = find('NSA-POD-009');
    assert.deepEqual([hostNetwork?.location?.file, hostNetwork?.location?.line, hostNetwork?.location?.column], [patchFile, 8, 7]);

    // In the base: a field the base sets, and the nearest parent of one nobody sets.
    const runAsGroup = find('NSA-POD-003', 'app');
    assert.deepEqual([runAsGroup?.location?.file, runAsGroup?.location?.line, runAsGroup?.location?.exact], [baseFile, 16, false]);

    // The comment above the base's securityContext suppresses the finding located on it.
    const readOnlyRoot = find('NSA-POD-005', 'app');
    assert.equal(readOnlyRoot?.status, 'suppressed');
    assert.deepEqual(report.exceptions.map((e) => [e.file, e.line, e.status]), [[baseFile, 15, 'used']]);
    assert.equal(find('NSA-POD-005', 'proxy')?.status, 'failed');

    assert.deepEqual(report.workloads.map((w) => [w.resource.name, w.location?.file, w.location?.line]), [['prod-web', baseFile, 1]]);
    assert.ok(scan.sources.has(baseFile) && scan.sources.has(patchFile), 'reports can quote the lines of the files the locations name');

    // SARIF points at files a code scanning viewer can open.
    const sarif = [...(builtinReporters['sarif']?.render(report, { color: false }) ?? [])].join('');
    const uris = new Set<string>([...sarif.matchAll(/"uri": ?"([^"]+)"/g)].map((m) => m[1] as string));
    assert.deepEqual([...uris].filter((uri) => /\(kustomize\)|%28kustomize%29/.test(uri)), [], 'no pseudo-file in SARIF');
    assert.equal(uris.size, 2);
  });

  it('kubeharden fix lists an object\'s suggestions once, each at the file that holds its field, with one patch', () => {
    const root = tempFolder(app, 'kubeharden-kustomize-origins-');
    const repository = repoRoot();
    assert.ok(repository);
    const result = spawnSync(process.execPath, [join(repository, 'dist/cli/bin.js'), 'fix', 'overlays/prod', '--controls', 'NSA-POD-003,NSA-POD-009'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    const lines = result.stdout.split('\n');
    assert.deepEqual(lines.filter((l) => /^\S.*: Deployment\//.test(l)), ['overlays/prod (kustomize): Deployment/shop/prod-web']);
    assert.ok(lines.includes('  NSA-POD-009 (overlays/prod/proxy.yaml, line 8, spec.template.spec.hostNetwork): The pod uses the host network (hostNetwork: true).'), result.stdout);
    assert.ok(lines.some((l) => /^ {2}NSA-POD-003 \(base\/deployment\.yaml, line 16, spec\.template\.spec\.containers\[\d\]\.securityContext\.runAsGroup\): Container "app"/.test(l)), result.stdout);
    assert.ok(lines.some((l) => /^ {2}NSA-POD-003 \(overlays\/prod\/proxy\.yaml, line 12, .*Container "proxy"/.test(l)), result.stdout);
    assert.equal(lines.filter((l) => l.startsWith('  patch: kubectl patch')).length, 1);
  });

  it('leaves what no file of the user holds (generated objects) in the rendered stream', async () => {
    const root = tempFolder({ 'kustomization.yaml': 'secretGenerator:\n  - name: db\n    literals: [password=hunter2]\n' }, 'kubeharden-kustomize-origins-');
    const { report } = await scanPaths([root], { controls: builtinControls, settings: defaultSettings, failOn: 'high' });
    assert.equal(report.summary.resources, 1);
    for (const finding of report.findings) {
      assert.equal(finding.location?.file, `${root} (kustomize)`);
      assert.equal(finding.location?.rendered, undefined);
    }
  });
});
