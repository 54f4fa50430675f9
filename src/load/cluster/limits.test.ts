import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseRetryAfter, RateLimiter, retryDelay, Semaphore } from './limits.js';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 };
const half = (): number => 0.5;

describe('retryDelay', () => {
  it('honours Retry-After on 429 and 503, capped', () => {
    assert.equal(retryDelay({ kind: 'status', status: 429, retryAfter: '2' }, 1, policy, half), 2_000);
    assert.equal(retryDelay({ kind: 'status', status: 503, retryAfter: '1' }, 1, policy, half), 1_000);
    assert.equal(retryDelay({ kind: 'status', status: 429, retryAfter: '3600' }, 1, policy, half), 5_000);
  });

  it('backs off exponentially on 5xx, timeouts and dropped connections', () => {
    assert.equal(retryDelay({ kind: 'status', status: 500 }, 1, policy, half), 100);
    assert.equal(retryDelay({ kind: 'status', status: 502 }, 2, policy, half), 200);
    assert.equal(retryDelay({ kind: 'timeout' }, 3, policy, half), 400);
    assert.equal(retryDelay({ kind: 'network', code: 'ECONNRESET' }, 1, policy, half), 100);
  });

  it('does not retry answers (4xx other than 429, 501) nor past the last attempt', () => {
    for (const status of [400, 401, 403, 404, 410, 501]) assert.equal(retryDelay({ kind: 'status', status }, 1, policy, half), undefined);
    assert.equal(retryDelay({ kind: 'status', status: 500 }, 4, policy, half), undefined);
    assert.equal(retryDelay({ kind: 'status', status: 429, retryAfter: '1' }, 4, policy, half), undefined);
  });

  it('ignores Retry-After on a 500 (only 429 and 503 carry it by contract)', () => {
    assert.equal(retryDelay({ kind: 'status', status: 500, retryAfter: '9' }, 1, policy, half), 100);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('7'), 7_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', () => now), 3_000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});

describe('parseDuration', () => {
  it('reads kubectl-style durations and bare seconds', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1500ms'), 1_500);
    assert.equal(parseDuration('2'), 2_000);
    assert.throws(() => parseDuration('5 minutes'), /invalid duration/);
    assert.throws(() => parseDuration(''), /empty/);
  });
});

describe('Semaphore', () => {
  it('lets at most `limit` holders in, in arrival order', async () => {
    const semaphore = new Semaphore(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => {
        const release = await semaphore.acquire();
        active++;
        peak = Math.max(peak, active);
        order.push(n);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        release();
      }),
    );
    assert.equal(peak, 2);
    assert.deepEqual(order, [1, 2, 3, 4, 5]);
  });
});

describe('RateLimiter', () => {
  it('allows a burst, then one start per 1/qps seconds', async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const limiter = new RateLimiter(10, 2, () => clock, async (ms) => {
      sleeps.push(ms);
      clock += ms;
    });
    for (let i = 0; i < 5; i++) await limiter.take();
    assert.deepEqual(sleeps.map((ms) => Math.round(ms)), [100, 100, 100]);
    assert.equal(Math.round(clock), 300);
  });
});
