import { describe } from 'node:test';
import { comparePep440 } from './pep440.js';
import { orderingTable } from './table.js';

describe('PEP 440 (PyPI)', () => {
  orderingTable(comparePep440, {
    ascending: [
      // The order PEP 440's "Summary of permitted suffixes and relative ordering" gives.
      ['1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456', '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7', '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.0.15', '1.1.dev1'],
      ['2.9', '2.10', '2.10.1'],
      ['1!0.5', '1!1.0'],
      ['99.0', '1!0.1'],
      ['1.0+ubuntu.1', '1.0+ubuntu.2', '1.0+ubuntu.10'],
    ],
    equal: [
      ['1.0', '1.0.0'],
      ['1.0alpha1', '1.0a1'],
      ['1.0-c1', '1.0rc1'],
      ['1.0-1', '1.0.post1'],
      ['1.0.rev2', '1.0.post2'],
      ['v1.0', '1.0'],
      ['0!1.0', '1.0'],
      ['1.0.DEV', '1.0.dev0'],
    ],
    invalid: ['1.0-beta-two', 'latest', '1.0+'],
  });
});
