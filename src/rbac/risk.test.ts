import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceIndex } from '../engine/resource-index.js';
import { parseManifests } from '../parse/manifests.js';
import { RBAC_KINDS } from './model.js';
import { yaml } from '../testing/control-tester.js';
import { riskyPermissions } from './report.js';
import { csrApprove, describePermission, escalation, execAttach, isFullWildcard, nodesProxy, podCreate, secretsRead, wildcardFields } from './risk.js';
import type { Rule } from './rules.js';
import { defaultAdminSubjects } from './subjects.js';

function rule(partial: Partial<Rule>): Rule {
  return { verbs: [], apiGroups: [''], resources: [], resourceNames: [], nonResourceURLs: [], ...partial };
}

describe('risky permission classification', () => {
  it('secrets reads, by name or not', () => {
    assert.deepEqual(secretsRead(rule({ verbs: ['list'], resources: ['secrets'] })), { permission: 'list secrets', namedOnly: false });
    assert.deepEqual(secretsRead(rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })), { permission: 'get secrets', namedOnly: false });
    assert.equal(secretsRead(rule({ verbs: ['get'], resources: ['secrets'], resourceNames: ['tls'] }))?.namedOnly, true);
    assert.equal(secretsRead(rule({ verbs: ['create'], resources: ['secrets'] })), undefined);
    assert.equal(secretsRead(rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['secrets'] })), undefined);
  });

  it('exec and attach: create on the subresources, * and pods/* included, get excluded', () => {
    assert.equal(execAttach(rule({ verbs: ['create'], resources: ['pods/exec'] }))?.permission, 'create pods/exec');
    assert.equal(execAttach(rule({ verbs: ['*'], resources: ['pods/attach'] }))?.permission, 'create pods/attach');
    assert.equal(execAttach(rule({ verbs: ['create'], resources: ['pods/*'] }))?.permission, 'create pods/*');
    assert.equal(execAttach(rule({ verbs: ['create'], apiGroups: ['*'], resources: ['*'] }))?.permission, 'create pods/exec');
    assert.equal(execAttach(rule({ verbs: ['get'], resources: ['pods/exec'] })), undefined);
    assert.equal(execAttach(rule({ verbs: ['create'], apiGroups: ['apps'], resources: ['pods/exec'] })), undefined);
  });

  it('escalation: escalate/bind, impersonate, token create, CSR approval', () => {
    const rbac = ['rbac.authorization.k8s.io'];
    assert.equal(escalation(rule({ verbs: ['bind'], apiGroups: rbac, resources: ['clusterroles'] }))?.permission, 'bind clusterroles');
    assert.equal(escalation(rule({ verbs: ['escalate'], apiGroups: rbac, resources: ['roles'] }))?.permission, 'escalate roles');
    assert.equal(escalation(rule({ verbs: ['bind'], apiGroups: [''], resources: ['roles'] })), undefined, 'roles are in the rbac group');
    assert.equal(escalation(rule({ verbs: ['impersonate'], resources: ['users'] }))?.permission, 'impersonate users');
    assert.equal(escalation(rule({ verbs: ['impersonate'], apiGroups: ['authentication.k8s.io'], resources: ['uids'] }))?.permission, 'impersonate uids.authentication.k8s.io');
    assert.equal(escalation(rule({ verbs: ['create'], resources: ['serviceaccounts/token'] }))?.permission, 'create serviceaccounts/token');
    assert.equal(csrApprove(rule({ verbs: ['approve'], apiGroups: ['certificates.k8s.io'], resources: ['signers'] }))?.permission, 'approve signers');
    assert.equal(csrApprove(rule({ verbs: ['update'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'] }))?.permission, 'update certificatesigningrequests/approval');
    assert.equal(escalation(rule({ verbs: ['get'], apiGroups: ['*'], resources: ['*'] })), undefined);
  });

  it('pod and workload creation, nodes/proxy, wildcards', () => {
    assert.equal(podCreate(rule({ verbs: ['create'], apiGroups: ['batch'], resources: ['cronjobs'] }))?.permission, 'create cronjobs.batch');
    assert.equal(podCreate(rule({ verbs: ['update'], resources: ['pods'] })), undefined);
    assert.equal(nodesProxy(rule({ verbs: ['get'], resources: ['nodes/proxy'] }))?.permission, 'get nodes/proxy');
    assert.deepEqual(wildcardFields(rule({ verbs: ['*'], apiGroups: ['*'], resources: ['pods'] })), ['verbs', 'apiGroups']);
    assert.equal(isFullWildcard(rule({ verbs: ['*'], apiGroups: [''], resources: ['*'] })), true);
    assert.equal(isFullWildcard(rule({ verbs: ['get', 'list'], apiGroups: ['*'], resources: ['*'] })), false);
  });
});

describe('riskyPermissions (the report section)', () => {
  it('lists risky grants with subject, binding, role and scope; allow-listed subjects last and uncounted', () => {
    const parsed = parseManifests({
      path: 'rbac.yaml',
      text: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: devs, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects: [{kind: Group, name: devs}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: masters}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{kind: Group, name: "system:masters"}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ghost}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: not-here}
        subjects: [{kind: User, name: jane}]`,
    });
    const section = riskyPermissions(parsed.resources, { adminSubjects: defaultAdminSubjects });
    assert.ok(section);
    const devs = section.permissions.filter((p) => p.subject.name === 'devs').map((p) => `${p.risk}: ${p.permission}`);
    assert.deepEqual(devs, [
      'secrets-read: get secrets',
      'exec-attach: create pods/exec',
      'impersonate: impersonate serviceaccounts',
      'token-create: create serviceaccounts/token',
      'pod-create: create pods',
    ]);
    const first = section.permissions[0];
    assert.deepEqual(
      { binding: first?.binding, role: first?.role, scope: first?.scope, allowListed: first?.allowListed },
      {
        binding: { kind: 'RoleBinding', name: 'devs', namespace: 'shop', file: 'rbac.yaml' },
        role: { kind: 'ClusterRole', name: 'edit', builtin: true },
        scope: 'shop',
        allowListed: false,
      },
    );
    const masters = section.permissions.filter((p) => p.subject.name === 'system:masters');
    assert.ok(masters.length > 5 && masters.every((p) => p.allowListed && p.scope === 'cluster-wide'));
    assert.ok(section.permissions.indexOf(masters[0]!) > section.permissions.indexOf(first!), 'allow-listed entries come last');
    assert.equal(section.counts['cluster-admin'], 0);
    assert.equal(section.counts['secrets-read'], 1);
    assert.deepEqual(section.unknownRoles, [
      { binding: { kind: 'ClusterRoleBinding', name: 'ghost', file: 'rbac.yaml' }, roleRef: { kind: 'ClusterRole', name: 'not-here' } },
    ]);
    assert.doesNotThrow(() => JSON.stringify(section), 'plain data');
    const index = new ResourceIndex(parsed.resources, new Set(RBAC_KINDS));
    assert.deepEqual(riskyPermissions(index, { adminSubjects: defaultAdminSubjects }), section, 'the scan index gives the same section');
    assert.equal(riskyPermissions(new ResourceIndex(parsed.resources, new Set(['/Pod'])), { adminSubjects: defaultAdminSubjects }), undefined);
  });
});

describe('describePermission', () => {
  it('reads like a sentence, "*" included', () => {
    assert.equal(describePermission(['create', 'patch'], ['pods', 'services']), 'create, patch pods, services');
    assert.equal(describePermission(['*'], ['*']), 'do anything to every resource');
    assert.equal(describePermission(['update'], ['*']), 'update every resource');
  });
});
