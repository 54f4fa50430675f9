import { describe } from 'node:test';
import { compareRubyGems } from './rubygems.js';
import { orderingTable } from './table.js';

describe('RubyGems (Gem::Version)', () => {
  orderingTable(compareRubyGems, {
    ascending: [
      // Gem::Version's documentation: "1.0.a.2 < 1.0.b1 < 1.0".
      ['1.0.a.2', '1.0.b1', '1.0'],
      ['1.0.0.pre', '1.0.0.rc1', '1.0.0', '1.0.1'],
      ['1.9', '1.10', '2.0'],
      ['7.0.8', '7.0.8.1', '7.0.8.4', '7.1.0.beta1', '7.1.0.rc1', '7.1.0'],
      ['1.0-a', '1.0'],
    ],
    equal: [
      ['1.0', '1.0.0'],
      ['1.0.b1', '1.0.b.1'],
      ['1.0-a', '1.0.pre.a'],
      ['1.0.0.rc1', '1.rc1'],
    ],
    invalid: ['junk', '1..0'],
  });
});
