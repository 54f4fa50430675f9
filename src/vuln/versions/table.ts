import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { VersionComparator } from './index.js';

/**
 * Table-driven comparator tests: `ascending` lists versions from oldest to newest (every pair is checked
 * both ways), `equal` lists pairs the ecosystem treats as the same version, `invalid` texts it cannot read.
 */
export function orderingTable(
  compare: VersionComparator,
  table: { readonly ascending: readonly (readonly string[])[]; readonly equal?: readonly (readonly [string, string])[]; readonly invalid?: readonly string[] },
): void {
  for (const chain of table.ascending) {
    it(`orders ${chain.join(' < ')}`, () => {
      for (let i = 0; i < chain.length; i++) {
        for (let j = i + 1; j < chain.length; j++) {
          const a = chain[i] as string;
          const b = chain[j] as string;
          assert.ok((compare(a, b) ?? NaN) < 0, `${a} < ${b}`);
          assert.ok((compare(b, a) ?? NaN) > 0, `${b} > ${a}`);
        }
      }
    });
  }
  for (const [a, b] of table.equal ?? []) {
    it(`treats ${a} and ${b} as equal`, () => {
      assert.equal(compare(a, b), 0);
      assert.equal(compare(b, a), 0);
    });
  }
  for (const text of table.invalid ?? []) {
    it(`cannot read ${JSON.stringify(text)}`, () => assert.equal(compare(text, '1.0.0'), undefined));
  }
}
