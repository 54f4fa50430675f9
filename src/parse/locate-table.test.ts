import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SourceDocument } from '../core/resource.js';
import { Locator } from './locate.js';

it('locates a document read as a table of positions (a flag file): the longest listed prefix, exact only when whole', () => {
  const text = 'KUBELET_EXTRA_ARGS=--a --b\n';
  const document: SourceDocument = {
    file: '/etc/default/kubelet',
    text,
    start: 0,
    end: text.length,
    startLine: 1,
    positions: new Map([
      ['variables[0]', { line: 1, column: 1 }],
      ['variables[0].words[1]', { line: 1, column: 24 }],
    ]),
  };
  const locator = new Locator();
  assert.deepEqual(locator.locate(document, ['variables', 0, 'words', 1]), { line: 1, column: 24, exact: true });
  assert.deepEqual(locator.locate(document, ['variables', 0, 'words', 7]), { line: 1, column: 1, exact: false });
  assert.deepEqual(locator.locate(document, []), { line: 1, column: 1, exact: true });
  assert.deepEqual(locator.locate(document, ['unknown']), { line: 1, column: 1, exact: false });
});
