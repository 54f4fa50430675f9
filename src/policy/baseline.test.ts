import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import type { ScanReport } from '../core/report.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan, type ScanOptions } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import { jsonReporter } from '../reporters/json.js';
import { renderToString } from '../reporters/reporter.js';
import { readBaseline } from './baseline.js';
import { PolicyError } from './fields.js';

const now = new Date('2026-06-15T00:00:00Z');

function scanFiles(files: Record<string, string>, options: Partial<ScanOptions> = {}): ScanReport {
  const resources = Object.entries(files).flatMap(([path, text]) => parseManifests({ path, text }).resources);
  return scan(resources, { controls: builtinControls, settings: defaultSettings, failOn: 'medium', now, ...options });
}

const asBaseline = (report: ScanReport, file = 'baseline.json') => readBaseline(renderToString(jsonReporter, report, { color: false }), file);

const api = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          securityContext: {privileged: true}\n';
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {a: b}\n';

describe('baseline', () => {
  const before = scanFiles({ 'deploy/api.yaml': api });
  const baseline = asBaseline(before);

  it('keeps the findings of an unchanged resource as baseline after line shifts and a file move', () => {
    assert.equal(before.gate.status, 'failed');
    const moved = scanFiles({ 'apps/shop/all.yaml': `# moved here\n${configMap}---\n\n${api}` }, { baseline });
    assert.ok(moved.findings.length > 0);
    assert.ok(moved.findings.every((f) => f.baseline === true && f.status !== 'suppressed'), 'every finding is kept, marked as baseline');
    assert.deepEqual(moved.findings.map((f) => f.status), before.findings.map((f) => f.status), 'failed and warning findings keep their status');
    assert.notDeepEqual(moved.findings.map((f) => f.location?.line), before.findings.map((f) => f.location?.line), 'the lines did shift');
    assert.equal(moved.summary.findings.baseline, before.summary.findings.failed + before.summary.findings.warning);
    assert.equal(moved.summary.findings.failed, 0);
    assert.equal(moved.gate.status, 'passed');
    assert.equal(moved.settings.baseline, 'baseline.json');
    assert.equal(moved.summary.score, before.summary.score, 'the baseline changes the gate, not the compliance score');
  });

  it('fails on the new finding of a changed resource, and only on it', () => {
    const changed = scanFiles({ 'deploy/api.yaml': api.replace('    spec:\n      containers:', '    spec:\n      hostNetwork: true\n      containers:') }, { baseline });
    const fresh = changed.findings.filter((f) => !f.baseline);
    assert.deepEqual(fresh.map((f) => [f.controlId, f.path, f.status]), [['NSA-POD-009', 'spec.template.spec.hostNetwork', 'failed']]);
    assert.equal(changed.gate.status, 'failed');
    assert.match(changed.gate.reasons[0] ?? '', /^1 failed finding at or above medium \(high 1\), not suppressed and not in the baseline$/);
  });

  it('a renamed resource is a new one', () => {
    const renamed = scanFiles({ 'deploy/api.yaml': api.replace('name: api,', 'name: api-v2,') }, { baseline });
    assert.ok(renamed.findings.every((f) => !f.baseline));
    assert.equal(renamed.gate.status, 'failed');
  });

  it('leaves out the findings the baseline had suppressed: an exception that expires is not hidden by the baseline', () => {
    const annotated = api.replace('metadata: {name: api, namespace: shop}', 'metadata: {name: api, namespace: shop, annotations: {kubeharden.io/ignore: NSA-POD-006, kubeharden.io/ignore-expires: "2026-06-30"}}');
    const whileExcepted = asBaseline(scanFiles({ 'a.yaml': annotated }));
    const later = scanFiles({ 'a.yaml': annotated }, { baseline: whileExcepted, now: new Date('2026-07-01T00:00:00Z') });
    const privileged = later.findings.find((f) => f.controlId === 'NSA-POD-006');
    assert.deepEqual([privileged?.status, privileged?.baseline], ['failed', undefined]);
    assert.equal(later.gate.status, 'failed');
  });

  it('rejects what is not a kubeharden JSON report, naming the file', () => {
    const errorOf = (text: string): string => {
      try {
        readBaseline(text, 'old.json');
      } catch (error) {
        assert.ok(error instanceof PolicyError);
        return error.message;
      }
      assert.fail('accepted');
    };
    assert.match(errorOf('{"findings": ['), /^old\.json: not a kubeharden JSON report \(.*\); write one with kubeharden scan -f json -o old\.json$/);
    assert.match(errorOf('{"version": "2.1.0", "runs": []}'), /^old\.json: not a kubeharden JSON report \(schemaVersion 1 with findings\)/);
    assert.equal(errorOf('{"schemaVersion": 1, "findings": [{"controlId": "NSA-POD-006"}]}'), 'old.json: findings[0]: not a finding of a kubeharden report (missing path, messageId, status, apiVersion, kind, name)');
  });
});
