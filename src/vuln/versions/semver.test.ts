import { describe } from 'node:test';
import { compareNuget, compareSemver } from './semver.js';
import { orderingTable } from './table.js';

describe('semver (semver.org §11; npm, cargo, Go)', () => {
  orderingTable(compareSemver, {
    ascending: [
      // The spec's own example chain.
      ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'],
      ['1.0.0', '2.0.0', '2.1.0', '2.1.1'],
      ['1.9.0', '1.10.0', '1.11.0'],
      // Go: the v prefix, pseudo-versions are pre-releases of the next patch.
      ['v0.0.0-20190101000000-abcdefabcdef', 'v0.1.0', 'v1.2.3', 'v1.2.4-0.20230101000000-abcdefabcdef', 'v1.2.4'],
      ['v2.0.0+incompatible', 'v2.0.1+incompatible', 'v3.0.0'],
      ['1.0.0-2', '1.0.0-10', '1.0.0-a'],
      ['99999999999999999999.0.0', '100000000000000000000.0.0'],
    ],
    equal: [
      ['1.0.0+build.1', '1.0.0+build.2'],
      ['v1.4.0+incompatible', '1.4.0'],
      ['1.2', '1.2.0'],
    ],
    invalid: ['not-a-version', '1.0.0-', '1..0'],
  });
});

describe('NuGet (NuGet.Versioning)', () => {
  orderingTable(compareNuget, {
    ascending: [
      ['1.0.0-alpha', '1.0.0-beta', '1.0.0', '1.0.0.1', '1.0.1'],
      ['4.0.0.0', '4.0.0.9', '4.0.0.10', '4.0.1.0'],
    ],
    equal: [
      ['1.0', '1.0.0.0'],
      ['1.0.0-Beta', '1.0.0-beta'],
    ],
  });
});
