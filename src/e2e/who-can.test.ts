import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { WhoCanResult } from '../cli/who-can.js';
import type { ScanReport } from '../core/report.js';
import { repoRoot } from '../testing/shared-fixtures.js';

const root = repoRoot();
assert.ok(root, 'repository root not found');
const bin = join(root, 'dist', 'cli', 'bin.js');

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, input: input ?? '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const rbac = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: devs, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: devs}, {kind: ServiceAccount, name: ci}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {example.com/monitoring: "true"}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring-secrets, labels: {example.com/monitoring: "true"}}
rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: prometheus}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
subjects: [{kind: ServiceAccount, name: prometheus, namespace: monitoring}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: mystery, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: gone}
subjects: [{kind: User, name: bob}]
`;

describe('kubeharden who-can (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeharden-who-can-'));
  const file = join(dir, 'rbac.yaml');
  writeFileSync(file, rbac);

  it('prints subject, kind, namespace, binding, role and scope as a table, exit 0', () => {
    const r = run(['who-can', 'list', 'secrets', '-n', 'shop', file]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'Who can list secrets in namespace "shop":');
    assert.match(lines[2] ?? '', /^SUBJECT\s+KIND\s+NAMESPACE\s+VIA BINDING\s+ROLE\s+SCOPE$/);
    const rows = lines.slice(3).filter((l) => l.trim() && !l.startsWith('Not judged') && !l.startsWith('  '));
    assert.deepEqual(
      rows.map((l) => l.split(/\s{2,}/)),
      [
        ['devs', 'Group', '-', 'RoleBinding shop/devs', 'ClusterRole edit (built-in)', 'namespace shop'],
        ['prometheus', 'ServiceAccount', 'monitoring', 'ClusterRoleBinding prometheus', 'ClusterRole monitoring', 'cluster-wide'],
        ['ci', 'ServiceAccount', 'shop', 'RoleBinding shop/devs', 'ClusterRole edit (built-in)', 'namespace shop'],
      ],
    );
    assert.match(r.stdout, /Not judged: 1 binding\(s\)[^\n]*\n  RoleBinding shop\/mystery -> Role gone/);
  });

  it('prints JSON and reads standard input; another namespace sees only cluster-wide grants', () => {
    const r = run(['who-can', 'list', 'secrets', '--namespace', 'billing', '--format', 'json', '-'], rbac);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as WhoCanResult;
    assert.equal(result.request, 'list secrets');
    assert.deepEqual(result.subjects.map((s) => [s.kind, s.namespace, s.subject, s.binding.name, s.role.name, s.scope]), [
      ['ServiceAccount', 'monitoring', 'prometheus', 'prometheus', 'monitoring', 'cluster-wide'],
    ]);
    assert.deepEqual(result.unknownRoles, []);
  });

  it('says so when nobody can', () => {
    const r = run(['who-can', 'escalate', 'clusterroles.rbac.authorization.k8s.io', file]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.split('\n')[0], 'Nobody in the input can escalate clusterroles.rbac.authorization.k8s.io.');
  });

  it('exits 2 with a clear error on bad input', () => {
    const unknown = run(['who-can', 'get', 'widgets', file]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown resource "widgets": name its API group as RESOURCE\.GROUP/);
    const missing = run(['who-can', 'get', 'secrets', join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml: cannot read .*nope\.yaml: no such file or folder/);
    const broken = run(['who-can', 'get', 'secrets', '-'], 'kind: RoleBinding\nmetadata:\n  name: [oops\n');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /<stdin>:\d+/);
    assert.equal(run(['who-can', 'get']).code, 2, 'a missing argument');
    assert.equal(run(['who-can', 'get', 'secrets', '--format', 'xml', file]).code, 2, 'an unknown format');
  });
});

describe('kubeharden scan --admin-subjects (CLI)', () => {
  const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: breakglass}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: breakglass}]
`;

  it('replaces the allow-list, and rejects malformed entries with exit 2', () => {
    const failing = run(['scan', '-', '-f', 'json', '--controls', 'NSA-AUTH-012'], binding);
    assert.equal(failing.code, 1);
    assert.deepEqual((JSON.parse(failing.stdout) as ScanReport).findings.map((f) => [f.controlId, f.path]), [['NSA-AUTH-012', 'subjects[0]']]);
    const allowed = run(['scan', '-', '-f', 'json', '--controls', 'NSA-AUTH-012', '--admin-subjects', 'Group:system:masters,User:breakglass'], binding);
    assert.equal(allowed.code, 0, allowed.stdout.slice(0, 500));
    const bad = run(['scan', '-', '--admin-subjects', 'breakglass'], binding);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /admin subject "breakglass": start it with User:, Group: or ServiceAccount:/);
  });
});
