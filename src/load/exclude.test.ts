import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excludedBy } from './exclude.js';

describe('excludedBy', () => {
  it('matches a name or a relative path at any depth, as a .gitignore does', () => {
    const excluded = excludedBy(['charts', 'test/fixtures/', './legacy']);
    assert.ok(excluded);
    assert.equal(excluded('repo/charts'), true);
    assert.equal(excluded('charts'), true);
    assert.equal(excluded('repo/test/fixtures'), true);
    assert.equal(excluded('repo/legacy'), true);
    assert.equal(excluded('repo/mycharts'), false);
    assert.equal(excluded('repo/charts-old'), false);
    assert.equal(excluded('repo/fixtures'), false);
  });

  it('keeps * and ? within a segment and lets ** cross them', () => {
    const excluded = excludedBy(['*.tpl.yaml', 'deploy/*/secrets', '**/testdata/**', 'v?']);
    assert.ok(excluded);
    assert.equal(excluded('a/b/job.tpl.yaml'), true);
    assert.equal(excluded('a/b/job.yaml'), false);
    assert.equal(excluded('deploy/prod/secrets'), true);
    assert.equal(excluded('deploy/prod/eu/secrets'), false);
    assert.equal(excluded('x/testdata/a/b.yaml'), true);
    assert.equal(excluded('x/testdata'), false);
    assert.equal(excluded('api/v1'), true);
    assert.equal(excluded('api/v10'), false);
    assert.equal(excluded('a\\b\\job.tpl.yaml'), true, 'Windows separators');
  });

  it('is nothing for no patterns, and regular-expression characters are literal', () => {
    assert.equal(excludedBy([]), undefined);
    assert.equal(excludedBy(['  ']), undefined);
    const excluded = excludedBy(['a+b(1).yaml']);
    assert.equal(excluded?.('x/a+b(1).yaml'), true);
    assert.equal(excluded?.('x/aab1.yaml'), false);
  });
});
