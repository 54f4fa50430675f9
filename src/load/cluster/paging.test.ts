import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './client.js';
import { listInPages } from './paging.js';

const pod = (name: string): Record<string, unknown> => ({ metadata: { name, namespace: 'shop', uid: `uid-${name}` } });

describe('listInPages', () => {
  it('follows continue tokens and hands on each page before asking for the next', async () => {
    const queries: Record<string, string | undefined>[] = [];
    const pages = [
      { items: [pod('a'), pod('b')], metadata: { continue: 't1' } },
      { items: [pod('c')], metadata: { continue: '', resourceVersion: '42' } },
    ];
    const seen: string[] = [];
    const result = await listInPages(
      async (query) => {
        queries.push({ ...query });
        assert.equal(seen.length, queries.length === 1 ? 0 : 2, 'the previous page was handed on first');
        return pages[queries.length - 1];
      },
      { pageSize: 2, labelSelector: 'app=web' },
      (items) => {
        for (const item of items) seen.push((item['metadata'] as { name: string }).name);
      },
    );
    assert.deepEqual(seen, ['a', 'b', 'c']);
    assert.deepEqual(result, { items: 3, pages: 2, restarts: 0, resourceVersion: '42' });
    assert.deepEqual(queries.map((q) => [q['limit'], q['continue'], q['labelSelector']]), [
      ['2', undefined, 'app=web'],
      ['2', 't1', 'app=web'],
    ]);
  });

  it('starts over on 410 Gone and skips what it already handed on', async () => {
    let calls = 0;
    const seen: string[] = [];
    const result = await listInPages(
      async (query) => {
        calls++;
        if (calls === 1) return { items: [pod('a'), pod('b')], metadata: { continue: 'old' } };
        if (query['continue'] === 'old') throw new ApiError(410, '/api/v1/pods', 'Expired', 'The provided continue parameter is too old');
        if (!query['continue']) return { items: [pod('a'), pod('b')], metadata: { continue: 'new' } };
        return { items: [pod('c'), pod('d')], metadata: {} };
      },
      { pageSize: 2 },
      (items) => {
        for (const item of items) seen.push((item['metadata'] as { name: string }).name);
      },
    );
    assert.deepEqual(seen, ['a', 'b', 'c', 'd']);
    assert.equal(result.restarts, 1);
  });

  it('gives up after the allowed restarts, and passes other errors on', async () => {
    await assert.rejects(
      listInPages(
        async (query) => {
          if (query['continue']) throw new ApiError(410, '/api/v1/pods', 'Expired', 'too old');
          return { items: [pod('a')], metadata: { continue: 'x' } };
        },
        { pageSize: 1, maxRestarts: 2 },
        () => {},
      ),
      /restarted 2 times/,
    );
    await assert.rejects(
      listInPages(async () => {
        throw new ApiError(403, '/api/v1/secrets', 'Forbidden', 'no');
      }, { pageSize: 1 }, () => {}),
      (error: unknown) => error instanceof ApiError && error.status === 403,
    );
  });

  it('rejects an answer that is not a list, and a token that never ends', async () => {
    await assert.rejects(listInPages(async () => ({ kind: 'Status' }), { pageSize: 1 }, () => {}), /not a list/);
    await assert.rejects(
      listInPages(async () => ({ items: [], metadata: { continue: 'same' } }), { pageSize: 1 }, () => {}),
      /same continue token twice/,
    );
  });
});
