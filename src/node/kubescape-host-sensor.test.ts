// Kubescape's regolibrary judges kubelet and control-plane files from its host sensor's objects
// (KubeletInfo: the kubelet command line and config file; ControlPlaneInfo: files with their modes).
// The conformance harness skips them, as they are not manifests. This test turns each case back into
// the node it describes (a kubelet unit, its config file, files with those modes) and runs the node scan
// on it: Kubescape's expectation is the oracle, and every deliberate difference is named with its reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ControlDefinition } from '../core/control.js';
import { asNumber, asRecord, asString } from '../core/values.js';
import { builtinControls } from '../controls/index.js';
import { readTsv, splitCell } from '../conformance/tsv.js';
import { staticPod } from '../testing/node-fixtures.js';
import { runningAsRoot, scanNodeFiles, type NodeFiles } from '../testing/node-tester.js';
import { conformanceDir } from '../testing/shared-fixtures.js';

const dir = conformanceDir('kubescape-regolibrary');

interface RuleMapping {
  readonly control: string;
  /** Our findings that answer the rule's question. */
  readonly messages: readonly string[];
}

const rules: Readonly<Record<string, RuleMapping>> = {
  'anonymous-requests-to-kubelet-updated': { control: 'NSA-AUTH-008', messages: ['anonymousEnabled'] },
  'enforce-kubelet-client-tls-authentication-updated': { control: 'NSA-AUTH-009', messages: ['noClientCa'] },
  'kubelet-authorization-mode-alwaysAllow': { control: 'NSA-AUTH-010', messages: ['alwaysAllow'] },
  'read-only-port-enabled-updated': { control: 'NSA-AUTH-011', messages: ['readOnlyPortOpen'] },
  'kubelet-rotate-certificates': { control: 'NSA-CP-013', messages: ['rotationOff'] },
  'validate-kubelet-tls-configuration-updated': { control: 'NSA-CP-013', messages: ['selfSigned'] },
  'kubelet-set-pod-limit': { control: 'NSA-NET-015', messages: ['noPidLimit'] },
  'ensure-that-the-admin.conf-file-permissions-are-set-to-600': { control: 'NSA-CP-008', messages: ['tooOpen'] },
  'ensure-that-the-admin.conf-file-ownership-is-set-to-root-root': { control: 'NSA-CP-008', messages: ['notRoot'] },
  'ensure-that-the-scheduler.conf-file-permissions-are-set-to-600-or-more-restrictive': { control: 'NSA-CP-008', messages: ['tooOpen'] },
  'ensure-that-the-scheduler.conf-file-ownership-is-set-to-root-root': { control: 'NSA-CP-008', messages: ['notRoot'] },
  'ensure-that-the-controller-manager.conf-file-permissions-are-set-to-600-or-more-restrictive': { control: 'NSA-CP-008', messages: ['tooOpen'] },
  'ensure-that-the-controller-manager.conf-file-ownership-is-set-to-root-root': { control: 'NSA-CP-008', messages: ['notRoot'] },
  'ensure-that-the-api-server-encryption-providers-are-appropriately-configured': { control: 'NSA-SEC-002', messages: ['identityFirst', 'secretsNotListed'] },
};

// Not mapped: audit-policy-content (C-0161) checks the CIS benchmark's list of resources and levels, not
// the guidance's detection events (NSA-LOG-006); the kubelet config file and service file permission rules
// are CIS items the catalog does not have (only kubeconfigs, NSA-CP-008).

/** Cases where kubeharden deliberately judges differently, with the reason. */
const deliberate: Readonly<Record<string, string>> = {
  'anonymous-requests-to-kubelet-updated/no-cli-params':
    'a kubelet with no --config and no --anonymous-auth runs with the flag default, true: the catalog (NSA-AUTH-008) fails it, Kubescape passes it',
  'enforce-kubelet-client-tls-authentication-updated/fail-config-sensor-failed':
    'the config file could not be read: kubeharden does not evaluate what it cannot see (Kubescape fails)',
  'kubelet-authorization-mode-alwaysAllow/fail-sensor-failed': 'the config file could not be read: not evaluated rather than failed',
  'kubelet-rotate-certificates/fail-sensor-failed': 'the config file could not be read: not evaluated rather than failed',
  ...Object.fromEntries(
    ['admin.conf', 'controller-manager.conf', 'scheduler.conf'].map((file) => [
      `ensure-that-the-${file}-file-ownership-is-set-to-root-root/failed`,
      'fixture quirk: the owner is uid 0 and gid 0, only named "noroot"; kubeharden reads numeric owners (lstat), and uid 0 and gid 0 are root',
    ]),
  ),
};

/** The kubelet a KubeletInfo describes: its command line as a systemd unit, its config file at --config. */
function kubeletNode(data: Record<string, unknown>): NodeFiles {
  const cmdLine = (asString(data['cmdLine']) ?? '').trim();
  const command = cmdLine.startsWith('-') || cmdLine === '' ? `/usr/bin/kubelet ${cmdLine}` : cmdLine;
  const files: Record<string, string> = { '/etc/systemd/system/kubelet.service': `[Service]\nExecStart=${command}\n` };
  const content = asString(asRecord(data['configFile'])?.['content']);
  // The last --config wins, as for any repeated flag.
  const configPath = [...cmdLine.matchAll(/--config[= ](\S+)/g)].pop()?.[1];
  if (content && configPath) {
    const text = Buffer.from(content, 'base64').toString('utf8');
    // The sensor's fixtures leave out the kind, which every kubelet config file has.
    files[configPath.startsWith('/') ? configPath : `/${configPath}`] = /^kind:/m.test(text) ? text : `kind: KubeletConfiguration\n${text}`;
  }
  return files;
}

/** The files a ControlPlaneInfo lists, with their modes and owners, and the API server as a static pod. */
function controlPlaneNode(data: Record<string, unknown>): NodeFiles {
  const files: Record<string, NodeFiles[string]> = {};
  const visit = (value: unknown): void => {
    const record = asRecord(value);
    if (!record) return;
    const path = asString(record['path']);
    const mode = asNumber(record['permissions']);
    const owner = asRecord(record['ownership']);
    if (path && mode !== undefined && !path.endsWith('/pki') && !path.endsWith('/etcd')) {
      const content = asString(record['content']);
      files[path] = {
        text: content ? Buffer.from(content, 'base64').toString('utf8') : /\.conf$/.test(path) ? 'apiVersion: v1\nkind: Config\n' : '',
        mode,
        owner: [asNumber(owner?.['uid']) ?? 0, asNumber(owner?.['gid']) ?? 0],
      };
    }
    for (const child of Object.values(record)) visit(child);
  };
  visit(data);
  const apiServer = asRecord(data['APIServerInfo']);
  const cmdLine = asString(apiServer?.['cmdLine']);
  if (cmdLine) {
    // The sensor read the process' command line on the host: a static pod that mounts the host's / sees the same paths.
    const flags = cmdLine.trim().split(/\s+/).slice(1);
    files['/etc/kubernetes/manifests/kube-apiserver.yaml'] = { text: staticPod('kube-apiserver', flags, { mounts: [{ name: 'host', mountPath: '/', hostPath: '/' }] }), mode: 0o600, owner: [0, 0] };
  }
  return files;
}

interface Case {
  readonly id: string;
  readonly rule: string;
  readonly expected: 'pass' | 'fail';
  readonly input: string;
}

function cases(root: string): Case[] {
  const rows = readTsv(join(root, 'INDEX.tsv'), ['case_id', 'files', 'rule', 'expected']);
  const out: Case[] = [];
  for (const row of rows) {
    const id = row['case_id'] as string;
    const rule = id.split('/')[0] as string;
    const input = splitCell(row['files'] as string, ';').find((f) => f.includes('/input/'));
    if (!rules[rule] || !input || (row['expected'] !== 'pass' && row['expected'] !== 'fail')) continue;
    out.push({ id, rule, expected: row['expected'], input: join(root, input) });
  }
  return out;
}

describe('Kubescape host-sensor fixtures (KubeletInfo, ControlPlaneInfo) as oracles for the node controls', { skip: dir ? false : 'the shared conformance fixtures are not beside this clone' }, () => {
  const all = dir ? cases(dir) : [];
  it('maps every rule it names to cases', () => {
    assert.deepEqual([...new Set(all.map((c) => c.rule))].sort(), Object.keys(rules).sort());
  });
  for (const c of all) {
    const mapping = rules[c.rule] as RuleMapping;
    const ownership = /ownership/.test(c.rule);
    it(`${c.id}: ${c.expected} (${mapping.control})`, { skip: ownership && !runningAsRoot ? 'needs root to give files other owners' : false }, async () => {
      const object = JSON.parse(readFileSync(c.input, 'utf8')) as Record<string, unknown>;
      const data = asRecord(object['data']) ?? {};
      const node = object['kind'] === 'KubeletInfo' ? kubeletNode(data) : controlPlaneNode(data);
      const control = builtinControls.find((b) => b.meta.id === mapping.control) as ControlDefinition;
      const report = await scanNodeFiles(node, { controls: [control] });
      const relevant = report.findings.filter((f) => f.status === 'failed' && mapping.messages.includes(f.messageId));
      const ours = relevant.length > 0 ? 'fail' : 'pass';
      const reason = deliberate[c.id];
      const detail = `ours: ${ours} (${report.controls.find((e) => e.id === mapping.control)?.status}); findings: ${report.findings.map((f) => f.message).join(' | ')}`;
      if (reason) assert.notEqual(ours, c.expected, `recorded as a deliberate difference but agrees now: remove it (${detail})`);
      else assert.equal(ours, c.expected, detail);
    });
  }
});
