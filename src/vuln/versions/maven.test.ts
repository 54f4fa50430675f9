import { describe } from 'node:test';
import { compareMaven } from './maven.js';
import { orderingTable } from './table.js';

describe('Maven (ComparableVersion)', () => {
  orderingTable(compareMaven, {
    ascending: [
      // The POM reference's "Version Order Specification" examples.
      ['1', '1.1'],
      ['1-snapshot', '1', '1-sp'],
      ['1-alpha', '1-beta', '1-milestone', '1-rc', '1-snapshot', '1', '1-sp', '1-abc', '1-xyz', '1.0.1'],
      ['1-foo2', '1-foo10'],
      ['1.foo', '1-foo', '1-1', '1.1'],
      ['1.0.0-alpha1', '1.0.0-beta1', '1.0.0'],
      ['2.9.10', '2.9.10.1', '2.9.10.8', '2.10.0'],
      ['5.3.17', '5.3.18', '5.3.19', '6.0.0-M1', '6.0.0'],
      ['1.0-alpha-1', '1.0-alpha-2', '1.0-beta-1'],
    ],
    equal: [
      ['1', '1.0'],
      ['1', '1.0.0'],
      ['1.ga', '1-ga'],
      ['1-final', '1'],
      ['1-release', '1'],
      ['1a1', '1-alpha-1'],
      ['1m3', '1-milestone-3'],
      ['1cr1', '1rc1'],
      ['1.0.0.RELEASE', '1.0.0'],
      ['1.0-RC1', '1.0-rc1'],
    ],
  });
});
