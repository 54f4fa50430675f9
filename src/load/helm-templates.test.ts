import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempFolder } from '../testing/temp-folder.js';
import type { ScanReport } from '../core/report.js';
import { chartYaml, deploymentTemplate, renderedStream } from '../testing/helm-chart.js';
import { repoRoot } from '../testing/shared-fixtures.js';
import { withChartTemplates } from './helm-templates.js';

const folder = (files: Record<string, string>): string => tempFolder(files, 'kubeharden-helm-');

const stream = { path: '<stdin>', text: renderedStream };

async function templatePath(cwd: string, text = renderedStream): Promise<string | undefined> {
  const [file] = await withChartTemplates([{ ...stream, text }], cwd);
  return [...(file?.templates?.values() ?? [])][0]?.path;
}

describe('withChartTemplates', () => {
  it('finds the chart beside the working folder, the working folder itself, or the one chart of the name below it', async () => {
    const beside = folder({ 'shop/Chart.yaml': chartYaml, 'shop/templates/deployment.yaml': deploymentTemplate });
    assert.equal(await templatePath(beside), join(beside, 'shop/templates/deployment.yaml'));
    assert.equal(await templatePath(join(beside, 'shop')), join(beside, 'shop/templates/deployment.yaml'));
    const below = folder({ 'deploy/charts/shop/Chart.yaml': chartYaml, 'deploy/charts/shop/templates/deployment.yaml': deploymentTemplate });
    assert.equal(await templatePath(below), join(below, 'deploy/charts/shop/templates/deployment.yaml'));
    // Rendered output kept in a file is not piped from helm in a repository: no walk for it.
    const [kept] = await withChartTemplates([{ path: 'rendered.yaml', text: renderedStream }], below);
    assert.equal(kept?.templates, undefined);
  });

  it('never reads another chart: a Chart.yaml of another name, or two charts of the name', async () => {
    const renamed = folder({ 'shop/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n', 'shop/templates/deployment.yaml': deploymentTemplate });
    assert.equal(await templatePath(renamed), undefined);
    const twice = folder({
      'a/shop/Chart.yaml': chartYaml,
      'a/shop/templates/deployment.yaml': deploymentTemplate,
      'b/shop/Chart.yaml': chartYaml,
      'b/shop/templates/deployment.yaml': deploymentTemplate,
    });
    assert.equal(await templatePath(twice), undefined);
  });

  it('reads a subchart unpacked under charts/, by its own name', async () => {
    const root = folder({
      'shop/Chart.yaml': chartYaml,
      'shop/charts/cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 1.0.0\n',
      'shop/charts/cache/templates/deployment.yaml': deploymentTemplate,
    });
    const text = renderedStream.replace('# Source: shop/templates/deployment.yaml', '# Source: shop/charts/cache/templates/deployment.yaml');
    assert.equal(await templatePath(root, text), join(root, 'shop/charts/cache/templates/deployment.yaml'));
  });

  it('leaves files without Source comments as they are, and names outside a chart unread', async () => {
    const root = folder({ 'etc/passwd': 'root:x:0:0\n' });
    const plain = { path: 'a.yaml', text: 'apiVersion: v1\nkind: Pod\n' };
    assert.equal((await withChartTemplates([plain], root))[0], plain);
    assert.equal(await templatePath(root, '# Source: ../etc/templates/passwd\napiVersion: v1\nkind: Pod\n'), undefined);
  });
});

describe('scan of Helm output beside its chart', () => {
  it('locates findings at the lines of the template, quotes them, and keeps the rendered position', () => {
    const root = folder({ 'charts/shop/Chart.yaml': chartYaml, 'charts/shop/templates/deployment.yaml': deploymentTemplate });
    const repository = repoRoot();
    assert.ok(repository, 'repository root not found');
    const bin = join(repository, 'dist', 'cli', 'bin.js');
    const result = spawnSync(process.execPath, [bin, 'scan', '-', '-f', 'json', '--controls', 'NSA-POD-009,NSA-POD-006'], { cwd: root, input: renderedStream, encoding: 'utf8' });
    const report = JSON.parse(result.stdout) as ScanReport;
    const byControl = new Map(report.findings.map((f) => [f.controlId, f.location]));
    assert.deepEqual(byControl.get('NSA-POD-009'), { file: 'charts/shop/templates/deployment.yaml', line: 42, column: 7, exact: true, rendered: { file: '<stdin>', line: 41, column: 7, by: 'helm' } });
    // privileged comes from values (toYaml .Values.securityContext): the template's securityContext line.
    assert.deepEqual(byControl.get('NSA-POD-006'), { file: 'charts/shop/templates/deployment.yaml', line: 28, column: 11, exact: false, rendered: { file: '<stdin>', line: 34, column: 13, by: 'helm' } });
    const table = spawnSync(process.execPath, [bin, 'scan', '-', '-f', 'html', '--controls', 'NSA-POD-009'], { cwd: root, input: renderedStream, encoding: 'utf8' });
    assert.match(table.stdout, /hostNetwork: \{\{ \.Values\.hostNetwork \}\}/, 'the excerpt quotes the template');
  });
});
