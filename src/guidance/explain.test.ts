import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinControls } from '../controls/index.js';
import { defaultSettings } from '../engine/default-settings.js';
import { parsePssVersion } from '../pss/evaluate.js';
import { catalog, manualChecks } from './catalog.js';
import { controlInfos, findControlInfo } from './control-info.js';
import { explainControl, explainManualChecks, plainText, renderControlList, settingsAsFlags, wrap } from './explain.js';

const infos = controlInfos(builtinControls);
const info = (name: string) => {
  const found = findControlInfo(infos, name);
  assert.ok(found, name);
  return found;
};

describe('control information', () => {
  it('covers the whole catalog, merging the implementations', () => {
    assert.deepEqual(infos.map((c) => c.id), catalog.map((c) => c.id));
    assert.equal(infos.filter((c) => c.implemented).length, builtinControls.length);
    assert.deepEqual(
      infos.filter((c) => c.fixable).map((c) => c.id),
      builtinControls.filter((c) => c.meta.fixable).map((c) => c.meta.id).sort((a, b) => infos.findIndex((i) => i.id === a) - infos.findIndex((i) => i.id === b)),
    );
    assert.equal(info('NSA-POD-006').fixable, true);
    assert.equal(info('NSA-POD-033').fixable, false);
    assert.equal(info('NSA-POD-034').heuristic, true);
  });

  it('finds a control by ID in any case or by slug, and nothing else', () => {
    assert.equal(info('nsa-pod-006').slug, 'privileged-containers');
    assert.equal(info('privileged-containers').id, 'NSA-POD-006');
    assert.equal(info('NSA-CP-011').implemented, false, 'a control that needs cloud provider APIs');
    assert.equal(findControlInfo(infos, 'NSA-POD-999'), undefined);
    assert.equal(findControlInfo(infos, 'privileged'), undefined);
  });
});

describe('kubeharden explain', () => {
  it('describes an implemented control: metadata, rationale, what fails, remediation and the example', () => {
    const text = explainControl(info('privileged-containers'));
    const control = builtinControls.find((c) => c.meta.id === 'NSA-POD-006');
    assert.ok(control?.meta.example);
    assert.match(text, /^NSA-POD-006 {2}No privileged containers\n/);
    assert.match(text, /^ {2}slug: +privileged-containers$/m);
    assert.match(text, /^ {2}severity: +critical$/m);
    assert.match(text, /^ {2}scopes: +M \(manifest files\), L \(live cluster\)$/m);
    assert.match(text, /^ {2}implemented: +yes$/m);
    assert.match(text, /^ {2}fix: +yes$/m);
    assert.match(text, /^ {2}guidance: +Pod security enforcement; Table I privileged=false \(p\.10\); App\. C$/m);
    assert.match(text, /Why it matters\n {2}A privileged container has every capability/);
    assert.match(text, /Fails when\n {2}Any `C\.securityContext\.privileged == true`\.\n {2}\(C is any container/);
    assert.match(text, /Remediation\n {2}Remove securityContext\.privileged/);
    // The example is printed whole, indented.
    const example = control.meta.example.trimEnd().split('\n').map((l) => (l ? `    ${l}` : '')).join('\n');
    assert.ok(text.includes(`Compliant example\n${example}\n`));
  });

  it('names the settings an example is judged with', () => {
    assert.match(explainControl(info('NSA-POD-032')), /Compliant example \(judged with --trusted-registries registry\.example\.com\)/);
  });

  it('says what evidence an unimplemented control needs, without bold marks from the catalog', () => {
    // As if these two were not built yet: one for manifests, one for control-plane files.
    const partial = controlInfos(builtinControls.filter((c) => c.meta.id !== 'NSA-UPG-002' && c.meta.id !== 'NSA-CP-001'));
    const unbuilt = (id: string) => findControlInfo(partial, id) as NonNullable<ReturnType<typeof findControlInfo>>;
    const text = explainControl(unbuilt('NSA-UPG-002'));
    assert.match(text, /^ {2}implemented: +no: not implemented for manifests in this version$/m);
    assert.match(text, /Not checked yet\n.*not evaluated, never as\s+passed/);
    assert.match(text, /^ {4}- M: Kubernetes manifests/m);
    assert.match(text, /^ {4}- L: a live cluster/m);
    assert.ok(!text.includes('**'));
    assert.ok(!text.includes('Compliant example'));
    assert.match(explainControl(unbuilt('NSA-CP-001')), /implemented: +no: needs evidence from control-plane configuration files/);
  });

  it('lists the manual checklist with reasons and the controls covering part of it', () => {
    const text = explainManualChecks(manualChecks, infos);
    assert.match(text, /^Manual checks: 23 recommendations/);
    for (const m of manualChecks) assert.match(text, new RegExp(`^${m.id} {2}\\S`, 'm'));
    assert.match(text, /^MANUAL-01 {2}Adopt rootless container engines when a stable version exists \(p\.7–8\)\n {4}Why manual: This is a property/m);
    assert.match(text, /Checked in part by: NSA-POD-036 \(user-namespaces\)/);
    assert.match(text, /Checked in part by: NSA-POD-031 \(image-verification-admission\)/);
  });
});

describe('kubeharden controls', () => {
  it('lists every control as JSON with slug, section, severity, scopes, implemented and fixable', () => {
    const rows = JSON.parse(renderControlList(infos, 'json')) as Record<string, unknown>[];
    assert.equal(rows.length, 114);
    assert.deepEqual(rows.find((r) => r['id'] === 'NSA-POD-006'), {
      id: 'NSA-POD-006', slug: 'privileged-containers', title: 'No privileged containers', section: 'Kubernetes Pod security',
      severity: 'critical', scopes: ['M', 'L'], implemented: true, fixable: true, heuristic: false,
    });
    assert.deepEqual(rows.find((r) => r['id'] === 'NSA-CP-011')?.['slug'], null);
  });

  it('groups the table by guidance section, one line per control', () => {
    const text = renderControlList(infos, 'table');
    for (const c of catalog) assert.match(text, new RegExp(`^ {2}${c.id} `, 'm'));
    assert.match(text, /^ {2}NSA-POD-006 +privileged-containers +critical +M,L +yes +yes +No privileged containers$/m);
    assert.match(text, /^ {2}NSA-CP-001 +api-server-insecure-port +critical +CP,L +yes +no +API server insecure port disabled$/m);
    assert.match(text, /^ {2}NSA-CP-011 +- +high +CL +no +no +API endpoint not public \(managed clusters\)$/m);
    const sections = text.split('\n').filter((l) => /^\S.*\(NSA-[A-Z]+\)$/.test(l));
    assert.deepEqual(sections, [
      'Kubernetes Pod security (NSA-POD)', 'Network separation and hardening (NSA-NET)', 'Control plane hardening (NSA-CP)',
      'Encryption, Secrets and sensitive information (NSA-SEC)', 'Authentication and authorization (NSA-AUTH)',
      'Audit logging and threat detection (NSA-LOG)', 'Upgrading and application security practices (NSA-UPG)',
    ]);
    assert.match(text, new RegExp(`^114 controls, ${builtinControls.length} implemented, ${builtinControls.filter((c) => c.meta.fixable).length} with an automatic fix\\.`, 'm'));
  });
});

describe('text helpers', () => {
  it('turns settings into the flags that give them', () => {
    assert.equal(settingsAsFlags({ trustedRegistries: ['a.io', 'b.io'], strictAppArmor: true, strictVolumeTypes: false }), '--trusted-registries a.io,b.io --strict-apparmor');
    assert.equal(settingsAsFlags({ pssVersion: parsePssVersion('v1.24') }), '--pss-version v1.24');
    assert.equal(settingsAsFlags({ podTemplates: new Map([['example.com/Worker', { spec: ['spec', 'pod', 'spec'], metadata: ['spec', 'pod', 'metadata'] }]]) }), '--pod-template example.com/Worker=spec.pod');
    assert.equal(settingsAsFlags({ systemNamespaces: defaultSettings.systemNamespaces }), '--system-namespaces kube-system,kube-public,kube-node-lease');
  });

  it('wraps at the width with a hanging indent, keeping words whole', () => {
    const text = wrap('one two three four five six', '> ', '  ', 12);
    assert.equal(text, '> one two\n  three four\n  five six');
    assert.equal(plainText('else **true**, and `a**b**` **c**'), 'else true, and `a**b**` c');
  });
});
