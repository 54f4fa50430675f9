import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, inAffectedRanges, parseVersion } from './versions.js';

describe('versions', () => {
  it('reads the first dotted number of what components report', () => {
    assert.deepEqual(parseVersion('v1.29.4-eks-036c24b'), [1, 29, 4]);
    assert.deepEqual(parseVersion('v1.30.14+k3s1'), [1, 30, 14]);
    assert.deepEqual(parseVersion('5.15.0-1057-aws'), [5, 15, 0]);
    assert.deepEqual(parseVersion('nginx-1.9.4-rancher1'), [1, 9, 4]);
    assert.deepEqual(parseVersion('1.11.4-debian-12-r0'), [1, 11, 4]);
    assert.deepEqual(parseVersion('2023.6.20250107'), [2023, 6, 20250107]);
    assert.equal(parseVersion('latest'), undefined);
    assert.equal(parseVersion(undefined), undefined);
    assert.equal(parseVersion(42), undefined);
  });

  it('orders numerically, a missing part counting as zero', () => {
    assert.equal(compareVersions([1, 20], [1, 20, 0]), 0);
    assert.equal(compareVersions([1, 9, 4], [1, 10]), -1);
    assert.equal(compareVersions([22, 10], [22, 4]), 1);
  });

  it('tells whether a version is in affected ranges', () => {
    const ranges = [{ fixed: '1.19.15' }, { introduced: '1.20.0', fixed: '1.20.11' }];
    assert.equal(inAffectedRanges([1, 19, 14], ranges), true);
    assert.equal(inAffectedRanges([1, 19, 15], ranges), false);
    assert.equal(inAffectedRanges([1, 20, 10], ranges), true);
    assert.equal(inAffectedRanges([1, 20, 11], ranges), false);
    assert.equal(inAffectedRanges([1, 21, 0], ranges), false);
  });
});
