import { describe } from 'node:test';
import { compareApk } from './apk.js';
import { orderingTable } from './table.js';

describe('Alpine apk (apk-package(5))', () => {
  orderingTable(compareApk, {
    ascending: [
      ['1.2.3_alpha', '1.2.3_alpha2', '1.2.3_beta', '1.2.3_pre', '1.2.3_rc1', '1.2.3', '1.2.3_cvs', '1.2.3_svn', '1.2.3_git', '1.2.3_hg', '1.2.3_p1', '1.2.3_p2'],
      ['1.2.3-r0', '1.2.3-r1', '1.2.3-r10', '1.2.3a-r0', '1.2.4-r0'],
      ['3.1.4-r5', '3.1.4-r6', '3.3.0-r0'],
      ['1.2', '1.2.1', '1.3'],
      ['1.02', '1.1'],
      ['1.2.3_rc1-r5', '1.2.3-r0'],
    ],
    equal: [
      ['1.2.3', '1.2.3-r0'],
      ['1.2.3_p', '1.2.3_p0'],
    ],
    invalid: ['1.2.3-beta', 'abc'],
  });
});
