import { describe } from 'node:test';
import { compareRpm } from './rpm.js';
import { orderingTable } from './table.js';

describe('RPM (rpmvercmp, EVR)', () => {
  orderingTable(compareRpm, {
    ascending: [
      // rpm's own test table (tests/rpmvercmp.at).
      ['1.0', '1.0a', '1.1'],
      ['1.0', '1.0.1'],
      ['a', 'b', '1'],
      ['1.0~rc1', '1.0'],
      ['1.0~rc1', '1.0~rc2', '1.0'],
      ['1.0~rc1~git123', '1.0~rc1'],
      ['1.0', '1.0^', '1.0^git1', '1.0.1'],
      ['1.0^git1', '1.0^git2', '1.01'],
      ['1.0^git1~pre', '1.0^git1'],
      ['1.0^20160101', '1.0.1'],
      ['3.0.7-24.el9', '3.0.7-25.el9', '3.0.7-25.el9_3', '1:3.0.1-1.el9'],
      ['2.0.1', '2.0.1a', '2.1'],
      ['10xyz', '10.1xyz'],
      ['xyz.4', '2'],
      ['6.0', '6.0.rc1'],
      ['10a1', '10b2'],
      ['1.0a', '1.0aa'],
      ['2a', '2.0'],
    ],
    equal: [
      ['1.0', '1.0'],
      ['1.0.0', '1_0.0'],
      ['0:1.0-1', '1.0-1'],
      ['1.0010', '1.10'],
      ['3.0.7', '3.0.7-24.el9'],
      ['2.0.1a', '2.0.1.a'],
    ],
  });
});
