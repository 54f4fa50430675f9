// `kubeharden scan --node --root FIXTURE` over the synthetic nodes of test/fixtures/nodes: a default
// kubeadm control plane, a hardened one, a kubeadm worker and a k3s server. Git keeps no file modes, so
// the test copies each node to a temporary root and sets them, as a real node has them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScanReport } from '../core/report.js';
import { builtinControls } from '../controls/index.js';
import { catalog } from '../guidance/catalog.js';
import { DISTRIBUTION_CONFIG } from '../node/kinds.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const bin = join(root, 'dist', 'cli', 'bin.js');
const fixtures = join(root, 'test', 'fixtures', 'nodes');
const copies: string[] = [];
after(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** The controls this test judges: those built on the node configuration, whose catalog scope includes CP or N. */
const nodeControls = new Set(
  builtinControls
    .filter((c) => c.reads?.includes(DISTRIBUTION_CONFIG) && catalog.some((e) => e.id === c.meta.id && e.scope.some((s) => s === 'CP' || s === 'N')))
    .map((c) => c.meta.id as string),
);

function node(name: string, modes: Readonly<Record<string, number>>): string {
  const copy = mkdtempSync(join(tmpdir(), `kubeharden-${name}-`));
  copies.push(copy);
  cpSync(join(fixtures, name), copy, { recursive: true });
  for (const [path, mode] of Object.entries(modes)) chmodSync(join(copy, path), mode);
  return copy;
}

function scan(rootDir: string, ...args: string[]): { code: number | null; report: ScanReport; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'scan', '--node', '--root', rootDir, '-f', 'json', ...args], { encoding: 'utf8' });
  return { code: result.status, report: JSON.parse(result.stdout) as ScanReport, stderr: result.stderr };
}

/** `CONTROL status file:line messageId` for the findings of the node controls. */
function findings(report: ScanReport): string[] {
  return report.findings
    .filter((f) => nodeControls.has(f.controlId))
    .map((f) => `${f.controlId} ${f.status} ${f.location?.file}:${f.location?.line} ${f.messageId}`)
    .sort();
}

function statuses(report: ScanReport): Record<string, string> {
  return Object.fromEntries(report.controls.filter((c) => nodeControls.has(c.id)).map((c) => [c.id, c.status]));
}

const kubeconfigs = ['admin', 'super-admin', 'controller-manager', 'scheduler', 'kubelet'].map((n) => `etc/kubernetes/${n}.conf`);
const privateModes = (paths: readonly string[]): Record<string, number> => Object.fromEntries(paths.map((p) => [p, 0o600]));

describe('scan --node over the fixture nodes', () => {
  it('covers the node and control-plane controls of the catalog', () => {
    assert.ok(nodeControls.size >= 40, `${nodeControls.size} node controls`);
  });

  it('a default kubeadm control plane: the gaps kubeadm leaves open', () => {
    const { code, report } = scan(node('kubeadm-default', { ...privateModes(kubeconfigs), 'root/.kube/config': 0o644 }));
    assert.equal(code, 1);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(findings(report), [
      'NSA-AUTH-001 failed /etc/kubernetes/manifests/kube-apiserver.yaml:14 anonymousEnabled',
      'NSA-CP-002 warning /etc/kubernetes/manifests/kube-apiserver.yaml:14 minimumUnset',
      'NSA-CP-008 failed /root/.kube/config:1 tooOpen',
      'NSA-CP-012 failed /etc/kubernetes/manifests/kube-apiserver.yaml:14 noKubeletCa',
      'NSA-CP-013 failed /var/lib/kubelet/config.yaml:1 selfSigned',
      'NSA-LOG-001 failed /etc/kubernetes/manifests/kube-apiserver.yaml:14 noBackend',
      'NSA-LOG-001 failed /etc/kubernetes/manifests/kube-apiserver.yaml:14 noPolicy',
      'NSA-LOG-011 warning /var/lib/kubelet/config.yaml:1 unset',
      'NSA-LOG-011 warning /var/lib/kubelet/config.yaml:1 unset',
      'NSA-NET-015 failed /var/lib/kubelet/config.yaml:1 noPidLimit',
      'NSA-NET-016 failed /var/lib/kubelet/config.yaml:1 noPidReservation',
      'NSA-NET-016 warning /var/lib/kubelet/config.yaml:1 noPidEviction',
      'NSA-POD-027 failed /etc/kubernetes/manifests/kube-apiserver.yaml:14 noAdmissionConfig',
      'NSA-POD-035 failed /var/lib/kubelet/config.yaml:1 seccompDefaultOff',
      'NSA-SEC-001 failed /etc/kubernetes/manifests/kube-apiserver.yaml:14 notEncrypted',
    ]);
    const status = statuses(report);
    for (const id of ['NSA-CP-001', 'NSA-CP-003', 'NSA-CP-004', 'NSA-CP-005', 'NSA-CP-006', 'NSA-CP-007', 'NSA-CP-010', 'NSA-AUTH-003', 'NSA-AUTH-005', 'NSA-AUTH-006', 'NSA-AUTH-007', 'NSA-AUTH-008', 'NSA-AUTH-009', 'NSA-AUTH-010', 'NSA-AUTH-011', 'NSA-POD-028']) {
      assert.equal(status[id], 'passed', id);
    }
    // Without an audit policy or encryption configuration, what they would say cannot be judged.
    for (const id of ['NSA-SEC-002', 'NSA-SEC-003', 'NSA-SEC-004', 'NSA-LOG-002', 'NSA-LOG-003', 'NSA-LOG-004', 'NSA-LOG-005', 'NSA-LOG-006', 'NSA-LOG-007', 'NSA-LOG-008', 'NSA-LOG-009']) {
      assert.equal(status[id], 'not-evaluated', id);
    }
  });

  it('a hardened control plane: every node control passes or has nothing to judge', () => {
    const { code, report } = scan(node('kubeadm-hardened', { ...privateModes([...kubeconfigs, 'root/.kube/config', 'etc/kubernetes/enc/encryption.yaml']) }));
    assert.deepEqual(report.errors, []);
    assert.deepEqual(findings(report), []);
    const status = statuses(report);
    const notPassed = Object.entries(status).filter(([, s]) => s !== 'passed');
    assert.deepEqual(notPassed, [['NSA-LOG-009', 'not-evaluated']], 'only the audit webhook, which this node does not use');
    assert.match(report.controls.find((c) => c.id === 'NSA-LOG-012')?.reason ?? '', /2 seccomp profiles, 1 in audit mode \(defaultAction SCMP_ACT_LOG\): \/var\/lib\/kubelet\/seccomp\/profiles\/audit\.json/);
    // Cluster-wide heuristics do not judge one node's files, although its static pods sit in kube-system.
    for (const id of ['NSA-LOG-010', 'NSA-LOG-013', 'NSA-LOG-014']) assert.match(report.controls.find((c) => c.id === id)?.reason ?? '', /node scan/, id);
    assert.equal(code, 1, 'the static pods still fail Pod controls (hostNetwork, hostPath): control-plane pods need them');
  });

  it('a kubeadm worker: flags in /etc/default/kubelet win over the config file', () => {
    const { report } = scan(node('kubeadm-worker', { 'etc/kubernetes/kubelet.conf': 0o644 }));
    assert.deepEqual(report.errors, []);
    assert.deepEqual(findings(report), [
      'NSA-AUTH-008 failed /etc/default/kubelet:1 anonymousEnabled',
      'NSA-AUTH-011 failed /etc/default/kubelet:1 readOnlyPortOpen',
      'NSA-CP-008 failed /etc/kubernetes/kubelet.conf:1 tooOpen',
      'NSA-CP-013 failed /var/lib/kubelet/config.yaml:1 selfSigned',
      'NSA-LOG-011 warning /var/lib/kubelet/config.yaml:1 unset',
      'NSA-LOG-011 warning /var/lib/kubelet/config.yaml:1 unset',
      'NSA-NET-015 failed /var/lib/kubelet/config.yaml:1 noPidLimit',
      'NSA-NET-016 failed /var/lib/kubelet/config.yaml:1 noPidReservation',
      'NSA-NET-016 warning /var/lib/kubelet/config.yaml:1 noPidEviction',
      'NSA-POD-035 failed /var/lib/kubelet/config.yaml:1 seccompDefaultOff',
    ]);
    const anonymous = report.findings.find((f) => f.controlId === 'NSA-AUTH-008');
    assert.equal(anonymous?.location?.column, 68);
    assert.match(anonymous?.message ?? '', /kubelet \(\/etc\/systemd\/system\/kubelet\.service\) accepts anonymous requests: --anonymous-auth=true \(\/etc\/default\/kubelet\)/);
    const status = statuses(report);
    assert.equal(status['NSA-AUTH-009'], 'passed');
    assert.match(report.controls.find((c) => c.id === 'NSA-AUTH-001')?.reason ?? '', /no kube-apiserver runs on this node .*a worker node/);
  });

  it('a k3s server: config.yaml, the unit\'s arguments and the kubelet drop-ins, over k3s defaults', () => {
    const { report } = scan(
      node('k3s-server', {
        'etc/rancher/k3s/config.yaml': 0o600,
        'etc/rancher/k3s/k3s.yaml': 0o644,
        'var/lib/rancher/k3s/server/cred/encryption-config.json': 0o600,
      }),
    );
    assert.deepEqual(report.errors, []);
    assert.deepEqual(findings(report), [
      'NSA-CP-002 warning /etc/rancher/k3s/config.yaml:5 minimumUnset',
      'NSA-CP-008 failed /etc/rancher/k3s/k3s.yaml:1 tooOpen',
      'NSA-CP-010 failed /etc/systemd/system/k3s.service:18 bindAddress',
      'NSA-CP-013 warning /var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf:1 rotationUnset',
      'NSA-LOG-007 failed /etc/rancher/k3s/config.yaml:8 maxAgeShort',
      'NSA-LOG-007 warning /etc/rancher/k3s/config.yaml:5 rotationUnset',
      'NSA-LOG-007 warning /etc/rancher/k3s/config.yaml:5 rotationUnset',
      'NSA-NET-016 failed /var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf:1 noPidReservation',
      'NSA-NET-016 warning /var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf:22 noPidEviction',
      'NSA-POD-027 failed /etc/rancher/k3s/config.yaml:5 noAdmissionConfig',
      'NSA-POD-035 failed /var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf:1 seccompDefaultOff',
      'NSA-SEC-003 warning /var/lib/rancher/k3s/server/cred/encryption-config.json:1 localKey',
    ]);
    const status = statuses(report);
    // k3s' own defaults: anonymous auth off, Node,RBAC, kubelet certificates, encryption from secrets-encryption.
    for (const id of ['NSA-AUTH-001', 'NSA-AUTH-005', 'NSA-AUTH-007', 'NSA-CP-012', 'NSA-SEC-001', 'NSA-SEC-002', 'NSA-SEC-004', 'NSA-AUTH-008', 'NSA-AUTH-011', 'NSA-NET-015', 'NSA-LOG-004', 'NSA-LOG-011']) {
      assert.equal(status[id], 'passed', id);
    }
    assert.match(report.controls.find((c) => c.id === 'NSA-CP-004')?.reason ?? '', /SQLite behind kine/);
    assert.match(report.controls.find((c) => c.id === 'NSA-LOG-008')?.reason ?? '', /host process of k3s/);
  });

  it('an empty root is an input error (exit 2), and paths are refused with --node', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kubeharden-empty-'));
    copies.push(empty);
    const { code, report } = scan(empty);
    assert.equal(code, 2);
    assert.match(report.errors[0]?.message ?? '', /found no Kubernetes node configuration/);
    const withPath = spawnSync(process.execPath, [bin, 'scan', '--node', 'examples'], { encoding: 'utf8' });
    assert.equal(withPath.status, 2);
    assert.match(withPath.stderr, /give no paths with it/);
    const rootAlone = spawnSync(process.execPath, [bin, 'scan', '--root', empty, 'examples'], { encoding: 'utf8' });
    assert.equal(rootAlone.status, 2);
    assert.match(rootAlone.stderr, /use it with --node/);
  });
});
