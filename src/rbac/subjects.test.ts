import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminSubjects, defaultAdminSubjects, describeSubject, isAdminSubject, parseSubjectPattern, serviceAccountOf } from './subjects.js';

describe('RBAC subjects and the admin allow-list', () => {
  const defaults = adminSubjects(defaultAdminSubjects);

  it('the default allow-list reads without errors', () => {
    assert.deepEqual(defaults.errors, []);
    assert.equal(defaults.patterns.length, defaultAdminSubjects.length);
  });

  it('allows the control plane and kubeadm admins, not ordinary users', () => {
    assert.equal(isAdminSubject({ kind: 'Group', name: 'system:masters' }, defaults), true);
    assert.equal(isAdminSubject({ kind: 'Group', name: 'kubeadm:cluster-admins' }, defaults), true);
    assert.equal(isAdminSubject({ kind: 'User', name: 'system:kube-scheduler' }, defaults), true);
    assert.equal(isAdminSubject({ kind: 'Group', name: 'system:nodes' }, defaults), true);
    assert.equal(isAdminSubject({ kind: 'User', name: 'system:masters' }, defaults), false, 'a User is not the Group');
    assert.equal(isAdminSubject({ kind: 'User', name: 'jane' }, defaults), false);
    assert.equal(isAdminSubject({ kind: 'Group', name: 'system:authenticated' }, defaults), false);
  });

  it('allows kube-system ServiceAccounts, in either spelling, but never the default ServiceAccount by wildcard', () => {
    assert.equal(isAdminSubject({ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }, defaults), true);
    assert.equal(isAdminSubject({ kind: 'User', name: 'system:serviceaccount:kube-system:coredns' }, defaults), true);
    assert.equal(isAdminSubject({ kind: 'ServiceAccount', name: 'default', namespace: 'kube-system' }, defaults), false);
    assert.equal(isAdminSubject({ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }, defaults), false);
    const explicit = adminSubjects(['ServiceAccount:kube-system:default', 'ServiceAccount:ci-*:deployer']);
    assert.equal(isAdminSubject({ kind: 'ServiceAccount', name: 'default', namespace: 'kube-system' }, explicit), true);
    assert.equal(isAdminSubject({ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci-prod' }, explicit), true);
    assert.equal(isAdminSubject({ kind: 'ServiceAccount', name: 'deployer', namespace: 'prod' }, explicit), false);
  });

  it('rejects malformed entries with a reason', () => {
    assert.throws(() => parseSubjectPattern('jane'), /start it with User:, Group: or ServiceAccount:/);
    assert.throws(() => parseSubjectPattern('ServiceAccount:shop'), /ServiceAccount:NAMESPACE:NAME/);
    assert.throws(() => parseSubjectPattern('User:'), /User:NAME/);
    assert.deepEqual(adminSubjects(['Group:ok', 'nope']).errors.length, 1);
  });

  it('reads ServiceAccount user names', () => {
    assert.deepEqual(serviceAccountOf({ kind: 'User', name: 'system:serviceaccount:shop:api' }), { namespace: 'shop', name: 'api' });
    assert.equal(serviceAccountOf({ kind: 'User', name: 'system:serviceaccount:broken' }), undefined);
    assert.equal(describeSubject({ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }), 'ServiceAccount "shop/api"');
  });
});
