// RBAC verdicts against other tools' test fixtures (read from ../shared/conformance, never copied):
// where a control maps to a peer's concept the verdicts must agree, except for the disagreements
// listed below, each with the reason our control is right by the catalog.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ControlDefinition } from '../core/control.js';
import anonymousAccessBindings from '../controls/authorization/anonymous-access-bindings.js';
import clusterAdminBindings from '../controls/authorization/cluster-admin-bindings.js';
import defaultServiceAccountBindings from '../controls/authorization/default-service-account-bindings.js';
import escalationPermissions from '../controls/authorization/escalation-permissions.js';
import execAttachPermissions from '../controls/authorization/exec-attach-permissions.js';
import wildcardRbacRules from '../controls/authorization/wildcard-rbac-rules.js';
import dedicatedServiceAccounts from '../controls/pod-security/dedicated-service-accounts.js';
import secretsReadAccess from '../controls/secrets/secrets-read-access.js';
import { scanWith } from '../testing/control-tester.js';
import { conformanceDir } from '../testing/shared-fixtures.js';

interface Case {
  readonly id: string;
  readonly control: ControlDefinition;
  readonly expected: 'pass' | 'fail';
  readonly manifest: string;
}

function rows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const names = (header ?? '').split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [names[i] ?? String(i), v])));
}

/**
 * Our verdict: failed, or passed. Not evaluated counts as passed when there is nothing to judge (no
 * binding at all) and is kept apart when a binding's role is unknown (never passed, never failed).
 */
function verdict(c: Case): 'pass' | 'fail' | 'not-evaluated' {
  const entry = scanWith(c.control, c.manifest).controls.find((e) => e.id === c.control.meta.id);
  if (entry?.status === 'failed') return 'fail';
  return entry?.status === 'not-evaluated' && /cannot be judged/.test(entry.reason ?? '') ? 'not-evaluated' : 'pass';
}

const polarisChecks: Readonly<Record<string, ControlDefinition>> = {
  clusterrolebindingClusterAdmin: clusterAdminBindings,
  rolebindingClusterAdminClusterRole: clusterAdminBindings,
  rolebindingClusterAdminRole: clusterAdminBindings,
  clusterrolebindingPodExecAttach: execAttachPermissions,
  rolebindingClusterRolePodExecAttach: execAttachPermissions,
  rolebindingRolePodExecAttach: execAttachPermissions,
  // clusterrolePodExecAttach and rolePodExecAttach judge roles nobody may be bound to; NSA-AUTH-014
  // judges subjects bound to a rule, so those checks have no counterpart.
};

const regolibraryConcepts: Readonly<Record<string, ControlDefinition>> = {
  'cluster-admin-binding': clusterAdminBindings,
  'exec-access': execAttachPermissions,
  'secrets-access': secretsReadAccess,
  'rbac-impersonate': escalationPermissions,
  'rbac-bind-escalate': escalationPermissions,
  'rbac-approve-csr': escalationPermissions,
  'rbac-create-sa-token': escalationPermissions,
  'rbac-anonymous-binding': anonymousAccessBindings,
  'rbac-system-authenticated': anonymousAccessBindings,
  'rbac-default-sa-bindings': defaultServiceAccountBindings,
  'rbac-workload-takeover': dedicatedServiceAccounts,
};

const kubeLinterChecks: Readonly<Record<string, ControlDefinition>> = {
  'access-to-secrets': secretsReadAccess,
  'cluster-admin-role-binding': clusterAdminBindings,
  'wildcard-in-rules': wildcardRbacRules,
};

/** Cases where we disagree with the peer on purpose, and why. */
const disagreements: Readonly<Record<string, string>> = {
  'polaris/clusterrolebindingClusterAdmin/failure.all_verbs':
    'NSA-AUTH-012 fails full wildcards ("*" verbs); seven listed verbs on "*" leave out escalate, bind and impersonate',
  'polaris/clusterrolebindingClusterAdmin/failure.all_verbs_different_order': 'as failure.all_verbs',
  'polaris/rolebindingClusterAdminClusterRole/failure.all_verbs': 'as clusterrolebindingClusterAdmin/failure.all_verbs',
  'polaris/rolebindingClusterAdminClusterRole/failure.all_verbs_different_order': 'as clusterrolebindingClusterAdmin/failure.all_verbs',
  'polaris/rolebindingClusterAdminRole/failure.all_verbs': 'as clusterrolebindingClusterAdmin/failure.all_verbs',
  'polaris/rolebindingClusterAdminRole/failure.all_verbs_different_order': 'as clusterrolebindingClusterAdmin/failure.all_verbs',
  'polaris/clusterrolebindingClusterAdmin/success.explicit_apigroups':
    'the catalog counts apiGroups "" with "*" verbs on "*" resources as full access (every core resource, Secrets included)',
  'polaris/rolebindingClusterAdminClusterRole/success.explicit_apigroups': 'as clusterrolebindingClusterAdmin/success.explicit_apigroups',
  'polaris/rolebindingClusterAdminRole/success.explicit_apigroups': 'as clusterrolebindingClusterAdmin/success.explicit_apigroups',
  'polaris/clusterrolebindingClusterAdmin/success.system_prefix_binding':
    'Polaris exempts bindings by their name (system:…); anyone can name a binding so: we judge the subject, User testuser',
  'polaris/rolebindingClusterAdminClusterRole/success.system_prefix_binding': 'as clusterrolebindingClusterAdmin/success.system_prefix_binding',
  'polaris/rolebindingClusterAdminRole/success.system_prefix_binding': 'as clusterrolebindingClusterAdmin/success.system_prefix_binding',
  'polaris/clusterrolebindingClusterAdmin/success.gce_calico_binding':
    'Polaris exempts one binding by name (gce:podsecuritypolicy:calico-sa); we judge the subject, User testuser',
  'polaris/rolebindingClusterAdminClusterRole/success.gce_calico_binding': 'as clusterrolebindingClusterAdmin/success.gce_calico_binding',
  'polaris/rolebindingClusterAdminRole/success.gce_calico_binding': 'as clusterrolebindingClusterAdmin/success.gce_calico_binding',
  'polaris/clusterrolebindingPodExecAttach/success.system_prefix_binding': 'as clusterrolebindingClusterAdmin/success.system_prefix_binding',
  'polaris/rolebindingClusterRolePodExecAttach/success.system_prefix_binding': 'as clusterrolebindingClusterAdmin/success.system_prefix_binding',
  'polaris/rolebindingRolePodExecAttach/success.system_prefix_binding': 'as clusterrolebindingClusterAdmin/success.system_prefix_binding',
  'polaris/clusterrolebindingPodExecAttach/success.gce_calico_binding': 'as clusterrolebindingClusterAdmin/success.gce_calico_binding',
  'polaris/rolebindingClusterRolePodExecAttach/success.gce_calico_binding': 'as clusterrolebindingClusterAdmin/success.gce_calico_binding',
  'polaris/rolebindingRolePodExecAttach/success.gce_calico_binding': 'as clusterrolebindingClusterAdmin/success.gce_calico_binding',
  'polaris/clusterrolebindingPodExecAttach/success.defaultclusterrolebinding_clusteradmin':
    'Polaris exempts default bindings by name; this one binds User testuser to a role granting create pods/exec',
  'polaris/clusterrolebindingPodExecAttach/success.defaultclusterrolebinding_system-controller-generic-garbage-collector':
    'as success.defaultclusterrolebinding_clusteradmin (create pods/attach for User testuser)',
  'polaris/rolebindingRolePodExecAttach/success.role_binding_cluster_role_binding':
    'Polaris splits the check by roleRef kind and this RoleBinding references a ClusterRole; its rolebindingClusterRolePodExecAttach check would fail it too',
  'polaris/clusterrolebindingPodExecAttach/failure.binding_points_to_missing_ref':
    'a binding to a role that is nowhere to be seen cannot be judged: not evaluated (never passed), not failed',
  'polaris/rolebindingClusterRolePodExecAttach/failure.binding_points_to_missing_ref': 'as clusterrolebindingPodExecAttach/failure.binding_points_to_missing_ref',
  'polaris/rolebindingRolePodExecAttach/failure.binding_points_to_missing_ref': 'as clusterrolebindingPodExecAttach/failure.binding_points_to_missing_ref',
  'regolibrary/anonymous-access-enabled/fail':
    'the default system:public-info-viewer binding of system:unauthenticated (/healthz, /version) is allow-listed by the catalog',
  'regolibrary/cluster-admin-role/clusterrole-rolebinding':
    'C-0185 looks at ClusterRoleBindings only; NSA-AUTH-012 also fails a RoleBinding of cluster-admin (full control of the namespace)',
  'regolibrary/ensure-default-service-accounts-has-only-default-roles/passed_rolebinding_one_subject':
    'Kubescape trusts the kubernetes.io/bootstrapping: rbac-defaults label, which anyone can write; the default ServiceAccount is still bound',
  'regolibrary/system-authenticated-allowed-to-take-over-cluster/fail':
    'the catalog only warns on system:authenticated bound to a non-default role: a warning, the control passes',
  ...Object.fromEntries(
    ['clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach'].flatMap((check) =>
      ['get_attach_and_exec_using_resource_wildcard', 'get_attach_using_apigroup_wildcard', 'get_exec_using_apigroup_wildcard'].map((name) => [
        `polaris/${check}/failure.${name}`,
        'the catalog fails create (or "*") on pods/exec|attach; get alone is a warning (it is enough for WebSocket exec before Kubernetes 1.35)',
      ]),
    ),
  ),
};

function polarisCases(root: string): Case[] {
  return rows(join(root, 'INDEX.tsv'))
    .filter((r) => r['scope'] === 'rbac' && polarisChecks[r['check'] ?? ''])
    .map((r) => ({
      id: `polaris/${r['case_id']}`,
      control: polarisChecks[r['check'] ?? ''] as ControlDefinition,
      expected: r['expected'] === 'fail' ? 'fail' : 'pass',
      manifest: readFileSync(join(root, r['files'] ?? ''), 'utf8'),
    }));
}

function regolibraryCases(root: string): Case[] {
  return rows(join(root, 'INDEX.tsv'))
    .filter((r) => r['scope'] === 'rbac' && regolibraryConcepts[r['concept'] ?? ''])
    .map((r) => {
      const manifest = (r['files'] ?? '')
        .split(';')
        .filter((f) => f.includes('/input/'))
        .map((f) => readFileSync(join(root, f), 'utf8').trim())
        .join('\n---\n');
      return {
        id: `regolibrary/${r['case_id']}`,
        control: regolibraryConcepts[r['concept'] ?? ''] as ControlDefinition,
        expected: r['expected'] === 'fail' ? 'fail' : 'pass',
        manifest,
      };
    });
}

function kubeLinterCases(root: string): Case[] {
  return rows(join(root, 'INDEX.tsv'))
    .filter((r) => kubeLinterChecks[r['check'] ?? ''])
    .map((r) => ({
      id: `kube-linter/${r['case_id']}`,
      control: kubeLinterChecks[r['check'] ?? ''] as ControlDefinition,
      expected: r['expected'] === 'fail' ? 'fail' : 'pass',
      manifest: readFileSync(join(root, r['files'] ?? ''), 'utf8'),
    }));
}

const sources: readonly [string, (root: string) => Case[]][] = [
  ['polaris', polarisCases],
  ['kubescape-regolibrary', regolibraryCases],
  ['kube-linter', kubeLinterCases],
];

describe('RBAC controls against peer fixtures', () => {
  for (const [name, load] of sources) {
    const root = conformanceDir(name);
    it(`agrees with ${name} on RBAC cases, apart from the listed disagreements`, { skip: root ? false : `${name} fixtures not found` }, () => {
      const cases = load(root as string);
      assert.ok(cases.length > 0, 'fixtures were found');
      const agreeing: string[] = [];
      const unexplained: string[] = [];
      const explained: string[] = [];
      for (const c of cases) {
        const ours = verdict(c);
        if (ours === c.expected) {
          agreeing.push(c.id);
          assert.equal(disagreements[c.id], undefined, `${c.id} is listed as a disagreement but agrees`);
        } else if (disagreements[c.id]) explained.push(c.id);
        else unexplained.push(`${c.id}: peer ${c.expected}, ours ${ours}`);
      }
      assert.deepEqual(unexplained, []);
      assert.ok(agreeing.length > explained.length, `${agreeing.length} agree, ${explained.length} disagree`);
    });
  }
});
