import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRule, formatRequest, parseRequest, readRule, ruleAllows, type Rule } from './rules.js';

function rule(partial: Partial<Rule>): Rule {
  return { verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...partial };
}

describe('RBAC rule matching (as the authorizer)', () => {
  const podsReader = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });

  it('matches verb, group and resource exactly', () => {
    assert.equal(ruleAllows(podsReader, { verb: 'get', group: '', resource: 'pods' }), true);
    assert.equal(ruleAllows(podsReader, { verb: 'delete', group: '', resource: 'pods' }), false);
    assert.equal(ruleAllows(podsReader, { verb: 'get', group: 'apps', resource: 'pods' }), false);
    assert.equal(ruleAllows(podsReader, { verb: 'get', group: '', resource: 'pods', subresource: 'exec' }), false);
  });

  it('expands * in verbs, apiGroups and resources, and */SUBRESOURCE', () => {
    const all = rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    assert.equal(ruleAllows(all, { verb: 'create', group: 'apps', resource: 'deployments', subresource: 'scale' }), true);
    const scale = rule({ verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] });
    assert.equal(ruleAllows(scale, { verb: 'update', group: 'apps', resource: 'deployments', subresource: 'scale' }), true);
    assert.equal(ruleAllows(scale, { verb: 'update', group: 'apps', resource: 'deployments' }), false);
    assert.equal(ruleAllows(scale, { verb: 'update', group: 'apps', resource: 'deployments', subresource: 'status' }), false);
  });

  it('does not expand pods/* (only * and */SUBRESOURCE are wildcards for the authorizer)', () => {
    const podsStar = rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/*'] });
    assert.equal(ruleAllows(podsStar, { verb: 'create', group: '', resource: 'pods', subresource: 'exec' }), false);
  });

  it('limits by resourceNames, and counts named rules for nameless queries only when asked', () => {
    const named = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] });
    assert.equal(ruleAllows(named, { verb: 'get', group: '', resource: 'secrets', name: 'tls' }), true);
    assert.equal(ruleAllows(named, { verb: 'get', group: '', resource: 'secrets', name: 'db' }), false);
    assert.equal(ruleAllows(named, { verb: 'get', group: '', resource: 'secrets' }), false);
    assert.equal(ruleAllows(named, { verb: 'get', group: '', resource: 'secrets' }, true), true);
    assert.equal(ruleAllows(named, { verb: 'get', group: '', resource: 'secrets', name: 'db' }, true), false);
  });

  it('matches non-resource URLs exactly, by * and by a trailing * prefix', () => {
    const discovery = rule({ verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] });
    assert.equal(ruleAllows(discovery, { verb: 'get', path: '/healthz' }), true);
    assert.equal(ruleAllows(discovery, { verb: 'get', path: '/healthz/etcd' }), false);
    assert.equal(ruleAllows(discovery, { verb: 'get', path: '/apis/apps/v1' }), true);
    assert.equal(ruleAllows(rule({ verbs: ['*'], nonResourceURLs: ['*'] }), { verb: 'post', path: '/anything' }), true);
    assert.equal(ruleAllows(discovery, { verb: 'get', group: '', resource: 'healthz' }), false);
  });

  it('reads rules of any shape without throwing', () => {
    assert.equal(readRule('nope'), undefined);
    assert.deepEqual(readRule({ verbs: 'get', apiGroups: [null, ''], resources: ['pods', 3] }), {
      verbs: [], apiGroups: [''], resources: ['pods'], resourceNames: [], nonResourceURLs: [],
    });
  });

  it('describes rules for messages', () => {
    assert.equal(describeRule(rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] })), 'get on secrets (names: a)');
    assert.equal(describeRule(rule({ verbs: ['create'], apiGroups: ['apps'], resources: ['deployments'] })), 'create on deployments (apps)');
    assert.equal(describeRule(rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] })), 'get on /metrics');
  });
});

describe('parseRequest (kubectl resource syntax)', () => {
  it('resolves well-known resources to their group and reads subresources', () => {
    assert.deepEqual(parseRequest('get', 'secrets'), { verb: 'get', group: '', resource: 'secrets' });
    assert.deepEqual(parseRequest('create', 'pods/exec'), { verb: 'create', group: '', resource: 'pods', subresource: 'exec' });
    assert.deepEqual(parseRequest('get', 'deployments'), { verb: 'get', group: 'apps', resource: 'deployments' });
    assert.deepEqual(parseRequest('update', 'deployments.apps/scale'), { verb: 'update', group: 'apps', resource: 'deployments', subresource: 'scale' });
    assert.deepEqual(parseRequest('get', 'widgets.example.com'), { verb: 'get', group: 'example.com', resource: 'widgets' });
    assert.deepEqual(parseRequest('get', 'configmaps.core'), { verb: 'get', group: '', resource: 'configmaps' });
    assert.deepEqual(parseRequest('get', '/healthz'), { verb: 'get', path: '/healthz' });
    assert.deepEqual(parseRequest('get', 'secrets', 'db'), { verb: 'get', group: '', resource: 'secrets', name: 'db' });
  });

  it('rejects what it cannot read, saying how to write it', () => {
    assert.throws(() => parseRequest('get', 'widgets'), /name its API group as RESOURCE\.GROUP/);
    assert.throws(() => parseRequest('get', 'pods/'), /not a resource/);
    assert.throws(() => parseRequest('get', 'pods/exec/x'), /not a resource/);
    assert.throws(() => parseRequest('', 'pods'), /verb is empty/);
  });

  it('formats requests back', () => {
    assert.equal(formatRequest(parseRequest('update', 'deployments/scale')), 'update deployments.apps/scale');
    assert.equal(formatRequest(parseRequest('get', '/healthz')), 'get /healthz');
  });
});
