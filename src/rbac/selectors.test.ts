import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLabels, readSelector, selectorMatches } from './selectors.js';

describe('label selectors (aggregationRule.clusterRoleSelectors)', () => {
  const labels = { team: 'payments', tier: 'api' };

  it('matchLabels must all match', () => {
    assert.equal(selectorMatches(readSelector({ matchLabels: { team: 'payments' } }), labels), true);
    assert.equal(selectorMatches(readSelector({ matchLabels: { team: 'payments', tier: 'db' } }), labels), false);
  });

  it('matchExpressions: In, NotIn, Exists, DoesNotExist, ANDed with matchLabels', () => {
    const match = (expression: object, extra: object = {}) => selectorMatches(readSelector({ ...extra, matchExpressions: [expression] }), labels);
    assert.equal(match({ key: 'tier', operator: 'In', values: ['api', 'web'] }), true);
    assert.equal(match({ key: 'tier', operator: 'In', values: ['db'] }), false);
    assert.equal(match({ key: 'tier', operator: 'NotIn', values: ['db'] }), true);
    assert.equal(match({ key: 'absent', operator: 'NotIn', values: ['x'] }), true, 'NotIn matches a missing label');
    assert.equal(match({ key: 'tier', operator: 'Exists' }), true);
    assert.equal(match({ key: 'absent', operator: 'Exists' }), false);
    assert.equal(match({ key: 'absent', operator: 'DoesNotExist' }), true);
    assert.equal(match({ key: 'tier', operator: 'DoesNotExist' }), false);
    assert.equal(match({ key: 'tier', operator: 'Exists' }, { matchLabels: { team: 'other' } }), false);
  });

  it('an empty selector selects everything; a broken one selects nothing', () => {
    assert.equal(selectorMatches(readSelector({}), labels), true);
    assert.equal(selectorMatches(readSelector(null), labels), false);
    assert.equal(selectorMatches(readSelector({ matchExpressions: [{ key: 'tier', operator: 'Near', values: ['api'] }] }), labels), false);
    assert.equal(selectorMatches(readSelector({ matchExpressions: [{ key: 'tier', operator: 'In' }] }), labels), false);
  });

  it('reads unquoted YAML booleans in labels as strings', () => {
    assert.deepEqual(readLabels({ 'aggregate-to-edit': true, n: 1, bad: { x: 1 } }), { 'aggregate-to-edit': 'true', n: '1' });
  });
});
