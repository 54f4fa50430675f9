import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsOf, parseSelector, selectorMatches, selectsEverything } from './label-selector.js';

const matches = (selector: unknown, labels: Record<string, string>): boolean => selectorMatches(parseSelector(selector), labels);

describe('label selectors', () => {
  it('an empty selector selects everything, in all its spellings', () => {
    for (const empty of [{}, { matchLabels: {} }, { matchExpressions: [] }, { matchLabels: null, matchExpressions: null }]) {
      assert.ok(selectsEverything(parseSelector(empty)), JSON.stringify(empty));
      assert.ok(matches(empty, {}));
      assert.ok(matches(empty, { app: 'web' }));
    }
  });

  it('matchLabels needs every pair', () => {
    const selector = { matchLabels: { app: 'web', tier: 'front' } };
    assert.ok(matches(selector, { app: 'web', tier: 'front', extra: 'x' }));
    assert.ok(!matches(selector, { app: 'web' }));
    assert.ok(!matches(selector, { app: 'web', tier: 'back' }));
    assert.ok(!selectsEverything(parseSelector(selector)));
  });

  it('In, NotIn, Exists and DoesNotExist as Kubernetes defines them', () => {
    const inExpr = { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] };
    assert.ok(matches(inExpr, { env: 'prod' }));
    assert.ok(!matches(inExpr, { env: 'dev' }));
    assert.ok(!matches(inExpr, {}), 'In needs the label');
    const notIn = { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] };
    assert.ok(matches(notIn, { env: 'dev' }));
    assert.ok(matches(notIn, {}), 'NotIn matches objects without the label');
    assert.ok(!matches(notIn, { env: 'prod' }));
    const exists = { matchExpressions: [{ key: 'canary', operator: 'Exists' }] };
    assert.ok(matches(exists, { canary: '' }));
    assert.ok(!matches(exists, {}));
    const absent = { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] };
    assert.ok(matches(absent, {}));
    assert.ok(!matches(absent, { canary: 'yes' }));
  });

  it('ANDs matchLabels with matchExpressions', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] };
    assert.ok(matches(selector, { app: 'web', env: 'prod' }));
    assert.ok(!matches(selector, { app: 'web', env: 'dev' }));
    assert.ok(!matches(selector, { app: 'api', env: 'prod' }));
  });

  it('selectors the API server would refuse select nothing', () => {
    const refused = [
      'app=web',
      { matchLabels: ['app'] },
      { matchExpressions: { key: 'app' } },
      { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] },
      { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
      { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] },
      { matchExpressions: [{ operator: 'Exists' }] },
      { matchLabels: { app: { nested: true } } },
      null,
      undefined,
    ];
    for (const selector of refused) {
      const parsed = parseSelector(selector);
      assert.equal(parsed.valid, false, JSON.stringify(selector));
      assert.ok(!selectorMatches(parsed, { app: 'web' }));
    }
  });

  it('reads YAML numbers and booleans in labels and selectors as their text', () => {
    assert.deepEqual(labelsOf({ version: 2, canary: true, name: 'x', bad: { a: 1 } }), { version: '2', canary: 'true', name: 'x' });
    assert.ok(matches({ matchLabels: { version: 2 } }, labelsOf({ version: '2' })));
    assert.deepEqual(labelsOf(undefined), {});
    assert.deepEqual(labelsOf(['a']), {});
  });
});
