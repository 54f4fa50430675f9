import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceIndex } from '../engine/resource-index.js';
import { parseManifests } from '../parse/manifests.js';
import { yaml } from '../testing/control-tester.js';
import { buildRbacModel, RBAC_KINDS, RbacModel } from './model.js';
import { parseRequest } from './rules.js';

function model(text: string): RbacModel {
  const parsed = parseManifests({ path: 'rbac.yaml', text });
  assert.deepEqual(parsed.errors, []);
  return new RbacModel(parsed.resources);
}

const who = (m: RbacModel, verb: string, resource: string, namespace?: string) =>
  m
    .whoCan(parseRequest(verb, resource), namespace)
    .map((g) => `${g.subject.kind}:${g.subject.namespace ? g.subject.namespace + '/' : ''}${g.subject.name}@${g.namespace ?? '*'} via ${g.binding.name}/${g.role.name}`)
    .sort();

describe('RBAC model: roles, bindings and grants', () => {
  it('a RoleBinding grants its Role in its own namespace only', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: reader, namespace: shop}
      rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: jane-reads, namespace: shop}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
      subjects: [{kind: User, name: jane}]`);
    assert.deepEqual(who(m, 'get', 'secrets', 'shop'), ['User:jane@shop via jane-reads/reader']);
    assert.deepEqual(who(m, 'get', 'secrets', 'billing'), []);
    assert.deepEqual(who(m, 'get', 'secrets'), ['User:jane@shop via jane-reads/reader']);
    assert.deepEqual(who(m, 'list', 'secrets', 'shop'), []);
    assert.equal(m.whoCan('get', 'secrets', 'shop').length, 1, 'the request as kubectl writes it');
    assert.equal(m.whoCan('get', 'secrets', 'billing').length, 0);
  });

  it('a RoleBinding in another namespace does not find a Role of this one', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: reader, namespace: shop}
      rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: elsewhere, namespace: billing}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
      subjects: [{kind: User, name: jane}]`);
    assert.equal(m.bindings[0]?.status, 'unknown-role');
    assert.deepEqual(who(m, 'get', 'secrets'), []);
  });

  it('a RoleBinding to a ClusterRole grants in the binding namespace; a ClusterRoleBinding everywhere', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: deployer}
      rules:
        - {apiGroups: [apps], resources: [deployments], verbs: [create]}
        - {nonResourceURLs: [/metrics], verbs: [get]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: ci, namespace: shop}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
      subjects: [{kind: ServiceAccount, name: ci}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: ops, namespace: ignored}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
      subjects: [{kind: Group, name: ops}]`);
    assert.deepEqual(who(m, 'create', 'deployments', 'shop'), ['Group:ops@* via ops/deployer', 'ServiceAccount:shop/ci@shop via ci/deployer']);
    assert.deepEqual(who(m, 'create', 'deployments', 'billing'), ['Group:ops@* via ops/deployer']);
    assert.deepEqual(who(m, 'get', '/metrics'), ['Group:ops@* via ops/deployer'], 'non-resource URLs only through ClusterRoleBindings');
    assert.equal(m.bindings[1]?.namespace, undefined, 'a ClusterRoleBinding has no namespace even when one is written');
  });

  it('aggregates ClusterRoles by label selectors, keeping the rules the aggregated role already holds', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: monitoring}
      aggregationRule:
        clusterRoleSelectors:
          - matchLabels: {example.com/aggregate-to-monitoring: "true"}
          - matchExpressions: [{key: example.com/tier, operator: In, values: [observability]}]
      rules: [{apiGroups: [""], resources: [nodes], verbs: [delete]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: read-secrets, labels: {example.com/aggregate-to-monitoring: "true"}}
      rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: read-pods, labels: {example.com/tier: observability}}
      rules: [{apiGroups: [""], resources: [pods], verbs: [list]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: unrelated, labels: {example.com/tier: web}}
      rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: prometheus}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
      subjects: [{kind: ServiceAccount, name: prometheus, namespace: monitoring}]`);
    assert.deepEqual(who(m, 'get', 'secrets'), ['ServiceAccount:monitoring/prometheus@* via prometheus/monitoring']);
    assert.deepEqual(who(m, 'list', 'pods'), ['ServiceAccount:monitoring/prometheus@* via prometheus/monitoring']);
    assert.deepEqual(who(m, 'get', 'configmaps'), []);
    assert.deepEqual(
      who(m, 'delete', 'nodes'),
      ['ServiceAccount:monitoring/prometheus@* via prometheus/monitoring'],
      'the rules the aggregated role holds come from roles the input may lack',
    );
    const rule = m.whoCan(parseRequest('get', 'secrets'))[0]?.rule;
    assert.equal(rule?.source.name, 'read-secrets', 'an aggregated rule remembers where it is written');
  });

  it('reads an aggregated ClusterRole dumped from a cluster without its parts by the rules it holds', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: monitoring-admin, resourceVersion: "4242"}
      aggregationRule:
        clusterRoleSelectors: [{matchLabels: {example.com/aggregate-to-monitoring: "true"}}]
      rules:
        - {apiGroups: [""], resources: [secrets], verbs: [get, list, watch]}
        - {apiGroups: [""], resources: [pods], verbs: [list]}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: read-pods, labels: {example.com/aggregate-to-monitoring: "true"}}
      rules: [{apiGroups: [""], resources: [pods], verbs: [list]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: sre}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring-admin}
      subjects: [{kind: Group, name: sre}]`);
    assert.deepEqual(who(m, 'list', 'secrets'), ['Group:sre@* via sre/monitoring-admin']);
    const rules = m.whoCan(parseRequest('list', 'pods')).map((g) => g.rule.source.name);
    assert.deepEqual(rules, ['read-pods'], 'a held rule that a selected role provides is that role\'s, once');
  });

  it('knows the built-in roles, and aggregates input roles into them as a cluster would', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: devs-edit, namespace: shop}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
      subjects: [{kind: Group, name: devs}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: auditors-view, namespace: shop}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
      subjects: [{kind: Group, name: auditors}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: leads-admin, namespace: shop}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
      subjects: [{kind: Group, name: leads}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: widgets-view, labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}}
      rules: [{apiGroups: [example.com], resources: [widgets], verbs: [get]}]`);
    assert.deepEqual(who(m, 'get', 'secrets', 'shop'), ['Group:devs@shop via devs-edit/edit', 'Group:leads@shop via leads-admin/admin']);
    assert.deepEqual(who(m, 'create', 'pods/exec', 'shop'), ['Group:devs@shop via devs-edit/edit', 'Group:leads@shop via leads-admin/admin']);
    assert.deepEqual(who(m, 'create', 'rolebindings', 'shop'), ['Group:leads@shop via leads-admin/admin']);
    assert.deepEqual(who(m, 'list', 'pods', 'shop').length, 3, 'view is aggregated into edit, edit into admin');
    assert.deepEqual(who(m, 'get', 'widgets.example.com', 'shop'), [
      'Group:auditors@shop via auditors-view/view',
      'Group:devs@shop via devs-edit/edit',
      'Group:leads@shop via leads-admin/admin',
    ]);
    assert.equal(m.role('ClusterRole', 'edit')?.origin, 'builtin');
    assert.equal(m.role('ClusterRole', 'system:public-info-viewer')?.system, true);
  });

  it('an input role replaces the built-in of the same name', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: cluster-admin}
      rules: [{apiGroups: [apps], resources: [deployments], verbs: [get]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: admins}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
      subjects: [{kind: User, name: root}]`);
    assert.deepEqual(who(m, 'get', 'secrets'), []);
    assert.equal(who(m, 'get', 'deployments').length, 1);
  });

  it('reports unknown roles and invalid bindings without grants', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: missing}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: does-not-exist}
      subjects: [{kind: User, name: jane}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: to-a-role}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: view}
      subjects: [{kind: User, name: jane}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: odd, namespace: shop}
      roleRef: "cluster-admin"
      subjects: "everyone"`);
    assert.deepEqual(m.bindings.map((b) => b.status), ['unknown-role', 'invalid', 'invalid']);
    assert.deepEqual(m.grants, []);
  });

  it('ServiceAccount subjects default to the binding namespace; the authorizer\'s user-name spelling counts too', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: api, namespace: shop}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
      subjects:
        - {kind: ServiceAccount, name: api}
        - {kind: User, name: "system:serviceaccount:shop:worker"}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: all-sas}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
      subjects:
        - {kind: Group, name: "system:serviceaccounts:shop"}
        - {kind: ServiceAccount, name: no-namespace}`);
    assert.deepEqual(m.bindings[0]?.subjects.map((s) => s.subject), [
      { kind: 'ServiceAccount', name: 'api', namespace: 'shop' },
      { kind: 'User', name: 'system:serviceaccount:shop:worker' },
    ]);
    assert.deepEqual(m.bindings[1]?.subjects.map((s) => s.index), [0], 'a ClusterRoleBinding ServiceAccount needs a namespace');
    const roles = (ns: string, name: string) => [...new Set(m.grantsOfServiceAccount(ns, name).map((g) => g.binding.name))].sort();
    assert.deepEqual(roles('shop', 'api'), ['all-sas', 'api']);
    assert.deepEqual(roles('shop', 'worker'), ['all-sas', 'api']);
    assert.deepEqual(roles('billing', 'api'), []);
  });

  it('namespaced objects without metadata.namespace are in default, where their Roles and ServiceAccounts are', () => {
    const m = model(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: exec, namespace: default}
      rules: [{apiGroups: [""], resources: [pods/exec], verbs: [create]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: exec}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: exec}
      subjects: [{kind: User, name: jane}, {kind: ServiceAccount, name: api}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: reader}
      rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: reader, namespace: default}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
      subjects: [{kind: ServiceAccount, name: worker, namespace: default}]`);
    assert.deepEqual(m.bindings.map((b) => [b.name, b.status, b.namespace]), [
      ['exec', 'resolved', 'default'],
      ['reader', 'resolved', 'default'],
    ]);
    assert.deepEqual(m.bindings[0]?.subjects[1]?.subject, { kind: 'ServiceAccount', name: 'api', namespace: 'default' });
    assert.deepEqual(who(m, 'create', 'pods/exec', 'default'), ['ServiceAccount:default/api@default via exec/exec', 'User:jane@default via exec/exec']);
    assert.deepEqual(who(m, 'get', 'secrets', 'default'), ['ServiceAccount:default/worker@default via reader/reader']);
    assert.equal(m.role('Role', 'reader')?.origin, 'input', 'a lookup without namespace is one in default');
    assert.equal(m.grantsOfServiceAccount('', 'worker').length, 1);
  });

  it('is built once per scan through the index', () => {
    const parsed = parseManifests({ path: 'x.yaml', text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\n' });
    const index = new ResourceIndex(parsed.resources, new Set(RBAC_KINDS));
    const first = index.derive(buildRbacModel);
    assert.equal(index.derive(buildRbacModel), first);
    assert.equal(first.role('ClusterRole', 'x')?.origin, 'input');
  });
});
