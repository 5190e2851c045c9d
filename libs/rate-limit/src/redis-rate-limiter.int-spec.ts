import type { Redis } from 'ioredis';
import { randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import { closeRedisClient, createRedisClient, createRedisRateLimiter } from './index';
import { describeRateLimiterContract, fakeClock } from './test/rate-limiter-contract';

async function connectedClient(): Promise<Redis> {
  const redis = createRedisClient(testRedisUrl);
  await waitFor(() => redis.status === 'ready', { what: 'Redis to be ready' });
  return redis;
}

// Two clients, as two gateway replicas would have.
let replicaA: Redis;
let replicaB: Redis;
beforeAll(async () => {
  [replicaA, replicaB] = await Promise.all([connectedClient(), connectedClient()]);
});
afterAll(async () => {
  await Promise.all([replicaA, replicaB].filter(Boolean).map(closeRedisClient));
});

describeRateLimiterContract('createRedisRateLimiter', {
  create: (options, clock) =>
    createRedisRateLimiter(replicaA, { ...options, prefix: randomName('rl'), now: clock.now }),
});

describe('createRedisRateLimiter on a real Redis', () => {
  it('enforces one budget across replicas sharing Redis, and the bucket expires once full', async () => {
    const prefix = randomName('rl');
    const clock = fakeClock();
    const a = createRedisRateLimiter(replicaA, { limit: 5, windowSeconds: 60, prefix, now: clock.now });
    const b = createRedisRateLimiter(replicaB, { limit: 5, windowSeconds: 60, prefix, now: clock.now });
    const decisions = [];
    for (let i = 0; i < 7; i++) decisions.push(await (i % 2 === 0 ? a : b).consume('key-1'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
    expect(decisions[5]).toMatchObject({ limit: 5, retryAfterSeconds: 12, resetSeconds: 60 });
    expect(await a.consume('key-2')).toMatchObject({ allowed: true, remaining: 4 });
    // The bucket lives under the prefix and expires when it would be full again.
    const ttl = await replicaA.pttl(`${prefix}:key-1`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await replicaA.pttl(`${prefix}:key-2`)).toBeLessThanOrEqual(12_000);
  });

  it("uses Redis's clock when none is given", async () => {
    const prefix = randomName('rl');
    const limiter = createRedisRateLimiter(replicaA, { limit: 2, windowSeconds: 60, prefix });
    expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 30 });
    expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 0 });
    const denied = await limiter.consume('k');
    expect(denied).toMatchObject({ allowed: false });
    expect(denied.retryAfterSeconds).toBeGreaterThan(25);
    expect(denied.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it('loads its script again after Redis forgot it', async () => {
    const prefix = randomName('rl');
    const clock = fakeClock();
    const limiter = createRedisRateLimiter(replicaA, { limit: 3, windowSeconds: 60, prefix, now: clock.now });
    await limiter.consume('k');
    await replicaA.script('FLUSH');
    const errors: Error[] = [];
    const again = createRedisRateLimiter(replicaA, {
      limit: 3,
      windowSeconds: 60,
      prefix,
      now: clock.now,
      onError: (e) => errors.push(e),
    });
    expect(await again.consume('k')).toMatchObject({ allowed: true, remaining: 1 });
    expect(errors).toEqual([]);
  });

  it('fails open and reports the error when Redis is unreachable', async () => {
    const errors: Error[] = [];
    // Port 1 on loopback: nothing listens, so every connection attempt is refused.
    const down = createRedisClient('redis://127.0.0.1:1', { onError: (e) => errors.push(e) });
    try {
      const limiter = createRedisRateLimiter(down, {
        limit: 1,
        windowSeconds: 60,
        prefix: randomName('rl'),
        onError: (e) => errors.push(e),
      });
      const started = Date.now();
      const decisions = [await limiter.consume('k'), await limiter.consume('k')];
      expect(Date.now() - started).toBeLessThan(5000);
      expect(decisions.every((d) => d.allowed)).toBe(true);
      expect(errors.length).toBeGreaterThanOrEqual(2);
    } finally {
      await closeRedisClient(down);
    }
  });
});
