import { describe } from 'node:test';
import { compareDebian } from './debian.js';
import { orderingTable } from './table.js';

describe('Debian (deb-version(7))', () => {
  orderingTable(compareDebian, {
    ascending: [
      // deb-version(7): "~~ < ~~a < ~ < (empty) < a".
      ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a'],
      ['1.0~rc1-1', '1.0-1', '1.0-1+deb12u1', '1.0-2', '1.0.1-1'],
      ['2.36-9', '2.36-9+deb12u4', '2.36-10'],
      // Epoch beats everything.
      ['9.9-1', '1:0.1-1', '2:0.0.1'],
      ['3.0.11-1~deb12u1', '3.0.11-1~deb12u2', '3.0.11-1', '3.0.13-1~deb12u1'],
      ['1.2.3-1ubuntu0.1', '1.2.3-1ubuntu0.2', '1.2.3-1ubuntu1'],
      ['1.0-1', '1.0+dfsg-1', '1.0.0-1'],
    ],
    equal: [
      ['1.0', '1.0-0'],
      ['0:1.0-1', '1.0-1'],
      ['1.01-1', '1.1-1'],
    ],
  });
});
