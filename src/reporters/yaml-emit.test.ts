import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jsYaml from 'js-yaml';
import { parse } from 'yaml';
import { yamlBlock, yamlString } from './yaml-emit.js';

const tricky = [
  'yes', 'on', 'Off', 'y', 'N', '~', 'null', '', ' leading', 'trailing ', '0x1F', '08', '1:20', '1_000', '1e3', '.inf',
  'a: b', '- item', '# not a comment', 'x #y', '"quoted"', "it's", 'back\\slash', 'tab\there', 'line\nbreak', 'cr\r\nlf',
  'bell\u0007', 'del\u007f', 'nel\u0085', 'ls\u2028ps\u2029', 'bom\ufeff', 'ü 日本 🎉', '@at', '*star', '&anchor', '!tag', '%pct', '{}', '[]',
];

describe('YAML emitter', () => {
  it('writes strings that YAML 1.1 and 1.2 readers read back unchanged', () => {
    const value = { strings: tricky, keys: Object.fromEntries(tricky.map((t, i) => [t, String(i)])) };
    const text = yamlBlock(value);
    for (const read of [(t: string) => parse(t, { version: '1.1' }) as unknown, (t: string) => parse(t) as unknown, (t: string) => jsYaml.load(t)]) {
      assert.deepEqual(read(text), value);
    }
  });

  it('writes plain only what no reader can misread', () => {
    assert.deepEqual(
      ['fail', 'wgpolicyk8s.io/v1alpha2', 'Kubernetes Pod security', 'yes', 'On', 'x ', 'a: b', '1.0', 'v1'].map((t) => yamlBlock(t).trimEnd()),
      ['fail', 'wgpolicyk8s.io/v1alpha2', 'Kubernetes Pod security', '"yes"', '"On"', '"x "', '"a: b"', '"1.0"', 'v1'],
    );
  });

  it('writes unpaired surrogates as U+FFFD, the only characters it cannot keep', () => {
    assert.equal(parse(yamlString('a\ud800b\udc00c')), 'a\ufffdb\ufffdc');
    assert.equal(parse(yamlString('pair \ud83c\udf89')), 'pair 🎉');
  });

  it('writes nested blocks, empty collections, numbers, booleans and null', () => {
    const value = { a: [{ b: 1, c: [true, false, null], d: {} }, [], 'x'], e: { f: [] }, g: -2.5 };
    const text = yamlBlock(value);
    assert.equal(text, 'a:\n  - b: 1\n    c:\n      - true\n      - false\n      - null\n    d: {}\n  - []\n  - x\ne:\n  f: []\ng: -2.5\n');
    assert.deepEqual(parse(text, { version: '1.1' }), value);
  });

  it('leaves undefined members out', () => {
    assert.equal(yamlBlock({ a: undefined, b: 'x' }), 'b: x\n');
  });
});
