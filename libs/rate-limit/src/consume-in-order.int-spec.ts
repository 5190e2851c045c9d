// Spending a request from several budgets at once (the gateway: the workspace's, then the key's),
// on a real Redis in one round trip, and in memory in turn: the same decisions either way.
import type { Redis } from 'ioredis';
import { randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import {
  closeRedisClient,
  consumeInOrder,
  createMemoryRateLimiter,
  createRedisClient,
  createRedisRateLimiter,
  type RateLimitDecision,
  type RateLimiter,
} from './index';
import { fakeClock } from './test/rate-limiter-contract';

let redis: Redis;
let scriptCalls = 0;
beforeAll(async () => {
  redis = createRedisClient(testRedisUrl);
  await waitFor(() => redis.status === 'ready', { what: 'Redis to be ready' });
  // Counts the round trips the limiters make on this (real) client.
  const evalsha = redis.evalsha.bind(redis) as (...args: unknown[]) => Promise<unknown>;
  (redis as unknown as { evalsha: (...args: unknown[]) => Promise<unknown> }).evalsha = (...args) => {
    scriptCalls += 1;
    return evalsha(...args);
  };
});
afterAll(() => redis && closeRedisClient(redis));

/** A workspace budget of 5 and a key budget of 3 per minute, made by `make`. */
function budgets(make: (limit: number) => RateLimiter) {
  return { workspace: make(5), key: make(3) };
}

/** Requests from two keys of one workspace, as the gateway spends them; each request's decisions. */
async function spend(
  limiters: { workspace: RateLimiter; key: RateLimiter },
  clock: { advance(ms: number): void },
): Promise<RateLimitDecision[][]> {
  const requests = ['k1', 'k1', 'k1', 'k1', 'k2', 'k2', 'k2', 'k2'];
  const decisions: RateLimitDecision[][] = [];
  for (const [i, key] of requests.entries()) {
    if (i === 6) clock.advance(12_000); // the workspace earns one request back (60 s / 5)
    decisions.push(
      await consumeInOrder([
        { limiter: limiters.workspace, key: 'w' },
        { limiter: limiters.key, key },
      ]),
    );
  }
  return decisions;
}

describe('consumeInOrder', () => {
  it('spends both budgets in one Redis round trip, deciding exactly as the memory limiters do', async () => {
    const redisClock = fakeClock();
    const prefix = randomName('rl');
    const inRedis = budgets((limit) =>
      createRedisRateLimiter(redis, {
        limit,
        windowSeconds: 60,
        prefix: `${prefix}:${limit}`,
        now: redisClock.now,
      }),
    );
    const memoryClock = fakeClock();
    const inMemory = budgets((limit) =>
      createMemoryRateLimiter({ limit, windowSeconds: 60, now: memoryClock.now }),
    );

    const before = scriptCalls;
    const fromRedis = await spend(inRedis, redisClock);
    expect(scriptCalls - before).toBe(8);
    expect(fromRedis).toEqual(await spend(inMemory, memoryClock));

    const allowed = fromRedis.map((decisions) => decisions.map((d) => d.allowed));
    expect(allowed).toEqual([
      [true, true],
      [true, true],
      [true, true],
      // k1 has spent its 3: refused by the key's budget, after the workspace's was spent.
      [true, false],
      [true, true],
      // The workspace's 5 are spent: refused first, so k2's budget is not touched…
      [false],
      // …which the refill shows: one more workspace request, and k2 still has one left after it.
      [true, true],
      [false],
    ]);
    expect(fromRedis[6]?.[1]).toMatchObject({ remaining: 1 });
    expect(fromRedis[5]?.[0]).toMatchObject({ limit: 5, remaining: 0, retryAfterSeconds: 12 });
  });

  it('asks limiters on different clients in turn, with the same decisions', async () => {
    const other = createRedisClient(testRedisUrl);
    try {
      await waitFor(() => other.status === 'ready', { what: 'Redis to be ready' });
      const clock = fakeClock();
      const prefix = randomName('rl');
      const limiters = {
        workspace: createRedisRateLimiter(redis, {
          limit: 5,
          windowSeconds: 60,
          prefix: `${prefix}:w`,
          now: clock.now,
        }),
        key: createRedisRateLimiter(other, {
          limit: 3,
          windowSeconds: 60,
          prefix: `${prefix}:k`,
          now: clock.now,
        }),
      };
      const memoryClock = fakeClock();
      const inMemory = budgets((limit) =>
        createMemoryRateLimiter({ limit, windowSeconds: 60, now: memoryClock.now }),
      );
      expect(await spend(limiters, clock)).toEqual(await spend(inMemory, memoryClock));
    } finally {
      await closeRedisClient(other);
    }
  });

  it('fails open when Redis is unreachable, and every limiter reports it', async () => {
    const errors: string[] = [];
    const down = createRedisClient('redis://127.0.0.1:1', { onError: () => undefined });
    try {
      const [workspace, key] = ['workspace', 'key'].map((name) =>
        createRedisRateLimiter(down, {
          limit: 1,
          windowSeconds: 60,
          prefix: randomName('rl'),
          onError: () => errors.push(name),
        }),
      ) as [RateLimiter, RateLimiter];
      const checks = [
        { limiter: workspace, key: 'w' },
        { limiter: key, key: 'k' },
      ];
      const decisions = [await consumeInOrder(checks), await consumeInOrder(checks)];
      expect(decisions.flat().map((d) => d.allowed)).toEqual([true, true, true, true]);
      expect(errors).toEqual(['workspace', 'key', 'workspace', 'key']);
    } finally {
      await closeRedisClient(down);
    }
  });
});
