import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forbiddenMessage, RbacAuthorizer, type RequestAttributes } from './rbac.js';
import { ObjectStore } from './store.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const roleRef = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });

const store = new ObjectStore([
  { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'scaler' }, rules: [{ apiGroups: ['*'], resources: ['*/scale'], verbs: ['update'] }] },
  { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'metrics' }, rules: [{ nonResourceURLs: ['/metrics', '/logs/*'], verbs: ['get'] }] },
  { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'one-secret' }, rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['db'], verbs: ['get', 'list'] }] },
  { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'edit-apps' }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }] },
  { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'scaler' }, roleRef: roleRef('ClusterRole', 'scaler'), subjects: [{ kind: 'Group', name: 'autoscalers' }] },
  { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'metrics' }, roleRef: roleRef('ClusterRole', 'metrics'), subjects: [{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }] },
  { apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: 'one-secret', namespace: 'shop' }, roleRef: roleRef('ClusterRole', 'one-secret'), subjects: [{ kind: 'User', name: 'alice' }] },
  { apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: 'edit', namespace: 'shop' }, roleRef: roleRef('ClusterRole', 'edit-apps'), subjects: [{ kind: 'ServiceAccount', name: 'deployer' }] },
  { apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: 'dangling', namespace: 'shop' }, roleRef: roleRef('Role', 'does-not-exist'), subjects: [{ kind: 'User', name: 'bob' }] },
]);
const authorizer = new RbacAuthorizer(store);
const resource = (verb: string, group: string, resourceName: string, extra: Partial<RequestAttributes> = {}): RequestAttributes =>
  ({ resourceRequest: true, verb, group, resource: resourceName, ...extra }) as RequestAttributes;

describe('RBAC authorizer', () => {
  it('matches */subresource rules against any resource with that subresource', () => {
    const user = { name: 'hpa', groups: ['autoscalers'] };
    assert.equal(authorizer.authorize(user, resource('update', 'apps', 'deployments', { subresource: 'scale', namespace: 'x', name: 'y' })).allowed, true);
    assert.equal(authorizer.authorize(user, resource('update', 'apps', 'deployments', { namespace: 'x', name: 'y' })).allowed, false);
    assert.equal(authorizer.authorize(user, resource('update', 'apps', 'deployments', { subresource: 'status', namespace: 'x', name: 'y' })).allowed, false);
  });

  it('matches non-resource URLs exactly or by a trailing *', () => {
    const prometheus = { name: 'system:serviceaccount:monitoring:prometheus', groups: ['system:serviceaccounts', 'system:authenticated'] };
    assert.equal(authorizer.authorize(prometheus, { resourceRequest: false, verb: 'get', path: '/metrics' }).allowed, true);
    assert.equal(authorizer.authorize(prometheus, { resourceRequest: false, verb: 'get', path: '/logs/kube-apiserver.log' }).allowed, true);
    assert.equal(authorizer.authorize(prometheus, { resourceRequest: false, verb: 'get', path: '/metrics/slis' }).allowed, false);
    assert.equal(authorizer.authorize(prometheus, { resourceRequest: false, verb: 'post', path: '/metrics' }).allowed, false);
  });

  it('limits resourceNames rules to named requests, and RoleBindings to their namespace', () => {
    const alice = { name: 'alice', groups: ['system:authenticated'] };
    assert.equal(authorizer.authorize(alice, resource('get', '', 'secrets', { namespace: 'shop', name: 'db' })).allowed, true);
    assert.equal(authorizer.authorize(alice, resource('get', '', 'secrets', { namespace: 'shop', name: 'other' })).allowed, false);
    assert.equal(authorizer.authorize(alice, resource('list', '', 'secrets', { namespace: 'shop' })).allowed, false);
    assert.equal(authorizer.authorize(alice, resource('get', '', 'secrets', { namespace: 'payments', name: 'db' })).allowed, false);
  });

  it('defaults a RoleBinding ServiceAccount subject to the binding namespace, and ignores dangling role references', () => {
    const deployer = { name: 'system:serviceaccount:shop:deployer', groups: [] };
    assert.equal(authorizer.authorize(deployer, resource('delete', 'apps', 'deployments', { namespace: 'shop', name: 'web' })).allowed, true);
    assert.equal(authorizer.authorize({ name: 'bob', groups: [] }, resource('get', '', 'pods', { namespace: 'shop' })).allowed, false);
  });

  it('gives authenticated users discovery and self reviews, and anonymous users only public info', () => {
    const authenticated = { name: 'carol', groups: ['system:authenticated'] };
    const anonymous = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
    assert.equal(authorizer.authorize(authenticated, { resourceRequest: false, verb: 'get', path: '/apis/apps/v1' }).allowed, true);
    assert.equal(authorizer.authorize(authenticated, resource('create', 'authorization.k8s.io', 'selfsubjectaccessreviews')).allowed, true);
    assert.equal(authorizer.authorize(anonymous, { resourceRequest: false, verb: 'get', path: '/version' }).allowed, true);
    assert.equal(authorizer.authorize(anonymous, { resourceRequest: false, verb: 'get', path: '/api' }).allowed, false);
  });

  it('words denials as kube-apiserver does', () => {
    const user = { name: 'dave', groups: [] };
    assert.equal(forbiddenMessage(user, resource('list', 'apps', 'deployments', { namespace: 'shop' })), 'deployments.apps is forbidden: User "dave" cannot list resource "deployments" in API group "apps" in the namespace "shop"');
    assert.equal(forbiddenMessage(user, resource('get', '', 'nodes', { name: 'n1', subresource: 'proxy' })), 'nodes "n1" is forbidden: User "dave" cannot get resource "nodes/proxy" in API group "" at the cluster scope');
  });
});
