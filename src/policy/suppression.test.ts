import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import type { Finding, ScanReport } from '../core/report.js';
import { yaml } from '../core/yaml-text.js';
import { defaultSettings } from '../engine/default-settings.js';
import { scan, type ScanOptions } from '../engine/scan.js';
import { parseManifests } from '../parse/manifests.js';
import { controlNames } from './control-names.js';
import { readExceptionsFile } from './exceptions.js';

/** The fixed clock of these tests: expiry never depends on the day the tests run. */
const now = new Date('2026-06-15T12:00:00Z');
const names = controlNames(builtinControls);

function scanText(text: string, options: Partial<ScanOptions> = {}, path = 'app.yaml'): ScanReport {
  const parsed = parseManifests({ path, text });
  assert.deepEqual(parsed.errors, []);
  return scan(parsed.resources, { controls: builtinControls, settings: defaultSettings, failOn: 'high', now, ...options });
}

const status = (report: ScanReport, controlId: string, container?: string): string[] =>
  report.findings.filter((f) => f.controlId === controlId && (container === undefined || f.container === container)).map((f) => f.status);

const rules = (text: string) => readExceptionsFile(text, 'exceptions.yaml', names);

/** A Deployment with two containers; `annotations` and `templateAnnotations` are YAML lines, indented as annotations. */
function deploymentWith(annotations: readonly string[] = [], templateAnnotations: readonly string[] = []): string {
  const block = (lines: readonly string[], indent: string) => (lines.length ? `${indent}annotations:\n${lines.map((l) => `${indent}  ${l}\n`).join('')}` : '');
  return (
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api-server\n  namespace: shop\n  labels: {team: payments}\n' +
    block(annotations, '  ') +
    'spec:\n  template:\n    metadata:\n      labels: {app: api}\n' +
    block(templateAnnotations, '      ') +
    '    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          securityContext:\n            privileged: true\n' +
    '        - name: sidecar\n          image: envoy:1.30\n'
  );
}

const deployment = deploymentWith();

describe('annotations', () => {
  it('on the resource, on the pod template, and per container, with reason, owner and expiry', () => {
    const text = deploymentWith(
      [
        'kubeharden.io/ignore: privileged-containers',
        'kubeharden.io/ignore-reason: the CNI needs it',
        'kubeharden.io/ignore-owner: net-team',
        'kubeharden.io/ignore-expires: "2026-06-15"',
      ],
      ['kubeharden.io/ignore.container.sidecar: NSA-POD-005,NSA-POD-012', 'kubeharden.io/ignore-reason.container.sidecar: envoy writes its config'],
    );
    const report = scanText(text);
    const privileged = report.findings.find((f) => f.controlId === 'NSA-POD-006') as Finding;
    assert.equal(privileged.status, 'suppressed');
    assert.equal(privileged.suppressedStatus, 'failed');
    assert.deepEqual(privileged.suppression, { by: 'annotation', reason: 'the CNI needs it', owner: 'net-team', expires: '2026-06-15', exception: 'app.yaml:8' });
    assert.deepEqual(status(report, 'NSA-POD-005', 'sidecar'), ['suppressed']);
    assert.deepEqual(status(report, 'NSA-POD-005', 'app'), ['failed'], 'a container annotation is for that container only');
    assert.deepEqual(status(report, 'NSA-POD-012', 'sidecar'), ['suppressed']);
    const sidecar = report.findings.find((f) => f.controlId === 'NSA-POD-012' && f.container === 'sidecar');
    assert.equal(sidecar?.suppression?.reason, 'envoy writes its config');
    assert.deepEqual(
      report.exceptions.map((e) => [e.id, e.by, e.controls, e.container, e.status, e.matches]),
      [
        ['app.yaml:8', 'annotation', ['NSA-POD-006'], undefined, 'used', 1],
        ['app.yaml:17', 'annotation', ['NSA-POD-005', 'NSA-POD-012'], 'sidecar', 'used', 2],
      ],
    );
  });

  it('expire the day after their expiry date (UTC) and are then reported, not applied', () => {
    const annotated = (expires: string) => deploymentWith(['kubeharden.io/ignore: NSA-POD-006', `kubeharden.io/ignore-expires: "${expires}"`]);
    assert.deepEqual(status(scanText(annotated('2026-06-15')), 'NSA-POD-006'), ['suppressed'], 'valid through its last day');
    const expired = scanText(annotated('2026-06-14'));
    assert.deepEqual(status(expired, 'NSA-POD-006'), ['failed']);
    assert.equal(expired.gate.status, 'failed');
    assert.equal(expired.exceptions[0]?.status, 'expired');
    assert.equal(expired.exceptions[0]?.matches, 1);
    assert.deepEqual(expired.warnings.map((w) => [w.kind, w.file, w.line]), [['exception-expired', 'app.yaml', 8]]);
    assert.match(expired.warnings[0]?.message ?? '', /expired on 2026-06-14 .* 1 finding it matched is reported again/);
  });

  it('with an unknown control, a bad date or a misspelt key are input errors, never silently ignored', () => {
    const text = deploymentWith([
      'kubeharden.io/ignore: NSA-POD-999',
      'kubeharden.io/ignore-expire: "2026-01-01"',
      'kubeharden.io/ignore.container.app: NSA-POD-005',
      'kubeharden.io/ignore-expires.container.app: "next week"',
    ]);
    const report = scanText(text);
    assert.deepEqual(
      report.errors.map((e) => [e.kind, e.file, e.line, e.message.replace(/:.*/s, '')]),
      [
        ['input', 'app.yaml', 8, 'annotation kubeharden.io/ignore'],
        ['input', 'app.yaml', 9, 'unknown annotation kubeharden.io/ignore-expire (did you mean "kubeharden.io/ignore-expires"?)'],
        ['input', 'app.yaml', 11, 'annotation kubeharden.io/ignore-expires.container.app must be a date written YYYY-MM-DD, got "next week"'],
      ],
    );
    assert.match(report.errors[0]?.message ?? '', /unknown control "NSA-POD-999"/);
  });

  it('are ignored with inline exceptions turned off', () => {
    const text = deploymentWith(['kubeharden.io/ignore: NSA-POD-006,NSA-POD-999']);
    const report = scanText(text, { exceptions: { rules: [], inline: false } });
    assert.deepEqual(status(report, 'NSA-POD-006'), ['failed']);
    assert.deepEqual(report.errors, [], 'not read at all');
    assert.deepEqual(report.exceptions, []);
    assert.equal(report.settings.inlineExceptions, false);
  });
});

describe('comments', () => {
  it('on the offending line, on the line before it, and at the top of the document', () => {
    const text = yaml`
      # kubeharden:ignore NSA-POD-033 reason="tags are pinned by the release process" owner=release
      apiVersion: v1
      kind: Pod
      metadata: {name: p, namespace: x}
      spec:
        containers:
          - name: app
            image: nginx:1.27
            securityContext:
              privileged: true # kubeharden:ignore privileged-containers reason="a CNI agent" expires=2027-03-01
              # kubeharden:ignore NSA-POD-013 reason='it needs raw sockets'
              capabilities: {add: [NET_RAW]}
    `;
    const report = scanText(text);
    const byControl = new Map(report.findings.map((f) => [f.controlId, f]));
    assert.deepEqual(byControl.get('NSA-POD-006')?.suppression, {
      by: 'comment', reason: 'a CNI agent', expires: '2027-03-01', exception: 'app.yaml:10',
    });
    assert.equal(byControl.get('NSA-POD-013')?.status, 'suppressed');
    assert.equal(byControl.get('NSA-POD-013')?.location?.line, 12, 'the standalone comment covers the next line');
    assert.deepEqual(byControl.get('NSA-POD-033')?.suppression, { by: 'comment', reason: 'tags are pinned by the release process', owner: 'release', exception: 'app.yaml:1' });
    assert.equal(byControl.get('NSA-POD-007')?.status, 'failed', 'a line comment covers only findings located on its line');
    assert.deepEqual(report.exceptions.map((e) => [e.id, e.scope, e.status]), [
      ['app.yaml:1', 'resource', 'used'],
      ['app.yaml:10', 'line', 'used'],
      ['app.yaml:11', 'line', 'used'],
    ]);
  });

  it('follow line shifts: the comment moves with the line it is on', () => {
    const base = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: {privileged: true} # kubeharden:ignore NSA-POD-006 reason=ok\n';
    for (const prefix of ['', '# a header\n\n', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n']) {
      assert.deepEqual(status(scanText(prefix + base), 'NSA-POD-006'), ['suppressed'], JSON.stringify(prefix));
    }
  });

  it('at the top of a List cover every item; each document of a stream has its own', () => {
    const pod = (name: string) => `  - apiVersion: v1\n    kind: Pod\n    metadata: {name: ${name}}\n    spec:\n      containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: true}}]\n`;
    const list = `# kubeharden:ignore NSA-POD-006 reason="lab cluster"\napiVersion: v1\nkind: List\nitems:\n${pod('a')}${pod('b')}`;
    assert.deepEqual(status(scanText(list), 'NSA-POD-006'), ['suppressed', 'suppressed']);
    const plain = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: true}}]\n`;
    const stream = `---\n# kubeharden:ignore NSA-POD-006 reason=first\n${plain('a')}---\n${plain('b')}`;
    const report = scanText(stream);
    assert.deepEqual(report.findings.filter((f) => f.controlId === 'NSA-POD-006').map((f) => [f.resource.name, f.status]), [['a', 'suppressed'], ['b', 'failed']]);
  });

  it('on a line of their own with no content after them apply to nothing, and are listed as unused', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: true}}]\n# kubeharden:ignore NSA-POD-006 reason=late\n';
    const report = scanText(text);
    assert.deepEqual(status(report, 'NSA-POD-006'), ['failed']);
    assert.deepEqual(report.exceptions.map((e) => [e.id, e.scope, e.status, e.matches]), [['app.yaml:6', 'line', 'unused', 0]]);
  });

  it('inside quoted text, or without the marker as a comment, are not exceptions', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {note: "see # kubeharden:ignore NSA-POD-006"}\nspec:\n  containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: true}}]\n';
    const report = scanText(text);
    assert.deepEqual(status(report, 'NSA-POD-006'), ['failed']);
    assert.deepEqual(report.exceptions, []);
  });

  it('with an unknown control, option or directive are input errors at their line', () => {
    const text = yaml`
      # kubeharden:ignore NSA-POD-999 reason=typo
      apiVersion: v1
      kind: Pod
      metadata: {name: p} # kubeharden:ignore NSA-POD-006 reson="x"
      spec: # kubeharden:ingore NSA-POD-006
        containers: [{name: app, image: "nginx:1.27"}] # kubeharden:ignore NSA-POD-006 expires=2027-02-30
    `;
    const report = scanText(text);
    assert.deepEqual(report.errors.map((e) => [e.file, e.line]), [['app.yaml', 1], ['app.yaml', 4], ['app.yaml', 5], ['app.yaml', 6]]);
    assert.match(report.errors[0]?.message ?? '', /unknown control "NSA-POD-999"/);
    assert.match(report.errors[1]?.message ?? '', /unknown option reson= \(did you mean "reason"\?\)/);
    assert.match(report.errors[2]?.message ?? '', /unknown comment directive kubeharden:ingore \(did you mean "ignore"\?\)/);
    assert.match(report.errors[3]?.message ?? '', /expires= must be a date written YYYY-MM-DD, got "2027-02-30"/);
  });

  it('of Helm output count in the rendered stream and are reported at the template line', () => {
    const stream = `---\n# Source: shop/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext: {privileged: true} # kubeharden:ignore NSA-POD-006 reason=chart\n`;
    const report = scanText(stream, {}, '<stdin>');
    const finding = report.findings.find((f) => f.controlId === 'NSA-POD-006');
    assert.equal(finding?.status, 'suppressed');
    assert.deepEqual([finding?.location?.file, finding?.location?.line], ['shop/templates/pod.yaml', 8]);
    assert.deepEqual(report.exceptions.map((e) => [e.id, e.file, e.line]), [['<stdin>:10', 'shop/templates/pod.yaml', 8]]);
  });
});

describe('exceptions files', () => {
  it('match on kind, namespace, name, container, labels and file, with globs', () => {
    const matching = (match: string) =>
      status(scanText(deployment, { only: new Set(['NSA-POD-006']), exceptions: { inline: true, rules: rules(`exceptions:\n  - controls: [NSA-POD-006]\n    match: ${match}\n    reason: r\n`) } }), 'NSA-POD-006')[0];
    assert.equal(matching('{kind: deployment, namespace: shop, name: "api-*", container: app, labels: {team: payments}}'), 'suppressed');
    assert.equal(matching('{labels: {app: api}}'), 'suppressed', 'pod template labels count');
    assert.equal(matching('{namespace: [billing, "sh*"]}'), 'suppressed');
    assert.equal(matching('{file: "*.yaml"}'), 'suppressed');
    assert.equal(matching('{file: "**/app.yaml"}'), 'suppressed');
    assert.equal(matching('{name: "api"}'), 'failed');
    assert.equal(matching('{container: sidecar}'), 'failed');
    assert.equal(matching('{labels: {team: "pay"}}'), 'failed');
    assert.equal(matching('{kind: StatefulSet}'), 'failed');
    assert.equal(matching('{file: "other/*.yaml"}'), 'failed');
  });

  it('without a match apply everywhere; slugs and * name controls; they are kept with their owner and expiry', () => {
    const report = scanText(deployment, {
      exceptions: {
        inline: true,
        rules: rules(yaml`
          exceptions:
            - controls: privileged-containers
              reason: lab cluster
              owner: platform
              expires: 2027-01-01
            - controls: ["*"]
              match: {container: sidecar}
              reason: third-party image
        `),
      },
    });
    const privileged = report.findings.find((f) => f.controlId === 'NSA-POD-006');
    assert.deepEqual(privileged?.suppression, { by: 'config', reason: 'lab cluster', owner: 'platform', expires: '2027-01-01', exception: 'exceptions.yaml:2' });
    assert.ok(report.findings.filter((f) => f.container === 'sidecar').every((f) => f.status === 'suppressed'));
    assert.deepEqual(report.exceptions.map((e) => [e.id, e.status, e.match]), [
      ['exceptions.yaml:2', 'used', {}],
      ['exceptions.yaml:6', 'used', { container: ['sidecar'] }],
    ]);
  });

  it('an expired file exception suppresses nothing and is reported; an unused one is listed as unused', () => {
    const report = scanText(deployment, {
      exceptions: {
        inline: true,
        rules: rules(yaml`
          exceptions:
            - controls: [NSA-POD-006, NSA-POD-009]
              reason: r
              expires: "2026-06-14"
            - controls: [NSA-POD-009]
              reason: nothing runs on the host network
            - controls: [NSA-POD-001, NSA-POD-008]
              reason: partly used
        `),
      },
    });
    assert.deepEqual(status(report, 'NSA-POD-006'), ['failed']);
    assert.deepEqual(report.exceptions.map((e) => [e.line, e.status, e.matches, e.unusedControls]), [
      [2, 'expired', 1, undefined],
      [5, 'unused', 0, undefined],
      [7, 'used', 2, ['NSA-POD-008']],
    ]);
    assert.deepEqual(report.warnings.map((w) => [w.file, w.line, w.exception]), [['exceptions.yaml', 2, 'exceptions.yaml:2']]);
  });

  it('an inline exception and a file exception for the same finding are both used; the inline one is credited', () => {
    const text = deploymentWith(['kubeharden.io/ignore: NSA-POD-006']);
    const report = scanText(text, { only: new Set(['NSA-POD-006']), exceptions: { inline: true, rules: rules('exceptions:\n  - controls: [NSA-POD-006]\n    reason: r\n') } });
    assert.equal(report.findings[0]?.suppression?.by, 'annotation');
    assert.deepEqual(report.exceptions.map((e) => [e.by, e.status]), [['annotation', 'used'], ['config', 'used']]);
    const fileOnly = scanText(text, { only: new Set(['NSA-POD-006']), exceptions: { inline: false, rules: rules('exceptions:\n  - controls: [NSA-POD-006]\n    reason: r\n') } });
    assert.equal(fileOnly.findings[0]?.suppression?.by, 'config', '--no-inline-exceptions leaves file exceptions working');
  });

  it('apply to findings on namespaces and on the cluster', () => {
    const report = scanText('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', {
      only: new Set(['NSA-POD-026']),
      exceptions: { inline: true, rules: rules('exceptions:\n  - controls: [NSA-POD-026]\n    match: {kind: Namespace, namespace: shop}\n    reason: enforced by Kyverno\n') },
    });
    assert.deepEqual(report.findings.map((f) => [f.resource.kind, f.status]), [['Namespace', 'suppressed']]);
  });
});

describe('severity overrides, scores and the gate', () => {
  it('a severity override changes the findings, the control entry and the gate', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: "nginx:latest", securityContext: {runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false}}]\n';
    const only = new Set(['NSA-POD-033']);
    assert.equal(scanText(text, { only }).gate.status, 'passed', 'low by default');
    const raised = scanText(text, { only, severityOverrides: new Map([['NSA-POD-033', 'critical' as const]]) });
    assert.equal(raised.findings[0]?.severity, 'critical');
    assert.equal(raised.controls.find((c) => c.id === 'NSA-POD-033')?.severity, 'critical');
    assert.equal(raised.gate.status, 'failed');
  });

  it('suppressed findings do not fail a control; the score and the sections count it as passed', () => {
    const privileged = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {kubeharden.io/ignore: NSA-POD-006}}\nspec:\n  containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: true}}]\n';
    const only = new Set(['NSA-POD-006', 'NSA-POD-009']);
    const report = scanText(privileged, { only });
    assert.equal(report.controls.find((c) => c.id === 'NSA-POD-006')?.status, 'passed');
    assert.equal(report.summary.score, 100);
    const failing = scanText(privileged.replace('annotations: {kubeharden.io/ignore: NSA-POD-006}', 'labels: {}'), { only });
    assert.equal(failing.summary.score, 50);
    assert.deepEqual(failing.summary.sections.find((s) => s.section === 'Kubernetes Pod security'), {
      section: 'Kubernetes Pod security', passed: 1, failed: 1, notEvaluated: 0, manual: 0, score: 50,
    });
  });
});
