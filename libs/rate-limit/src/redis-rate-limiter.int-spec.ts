import type { Redis } from 'ioredis';
import { randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import { closeRedisClient, createRedisClient, createRedisRateLimiter } from './index';

async function connectedClient(): Promise<Redis> {
  const redis = createRedisClient(testRedisUrl);
  await waitFor(() => redis.status === 'ready', { what: 'Redis to be ready' });
  return redis;
}

describe('createRedisRateLimiter on a real Redis', () => {
  // Two clients, as two gateway replicas would have.
  let replicaA: Redis;
  let replicaB: Redis;
  beforeAll(async () => {
    [replicaA, replicaB] = await Promise.all([connectedClient(), connectedClient()]);
  });
  afterAll(async () => {
    await Promise.all([replicaA, replicaB].filter(Boolean).map(closeRedisClient));
  });

  it('enforces one budget across replicas sharing Redis', async () => {
    const prefix = randomName('rl');
    const a = createRedisRateLimiter(replicaA, { limit: 5, windowSeconds: 60, prefix });
    const b = createRedisRateLimiter(replicaB, { limit: 5, windowSeconds: 60, prefix });
    const decisions = [];
    for (let i = 0; i < 7; i++) decisions.push(await (i % 2 === 0 ? a : b).consume('key-1'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
    expect(decisions[5]).toMatchObject({ limit: 5, retryAfterSeconds: 60, resetSeconds: 60 });
    // Another key has its own budget; the counter lives under the prefix and expires.
    expect(await a.consume('key-2')).toMatchObject({ allowed: true, remaining: 4 });
    const ttl = await replicaA.pttl(`${prefix}:key-1`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('allows exactly the limit among concurrent requests', async () => {
    const prefix = randomName('rl');
    const a = createRedisRateLimiter(replicaA, { limit: 20, windowSeconds: 60, prefix });
    const b = createRedisRateLimiter(replicaB, { limit: 20, windowSeconds: 60, prefix });
    const decisions = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).consume('burst')),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds > 0)).toBe(true);
  });

  it('gives a fresh budget when the window ends', async () => {
    const prefix = randomName('rl');
    const limiter = createRedisRateLimiter(replicaA, { limit: 2, windowSeconds: 1, prefix });
    await limiter.consume('k');
    await limiter.consume('k');
    expect(await limiter.consume('k')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('loads its script again after Redis forgot it', async () => {
    const prefix = randomName('rl');
    const limiter = createRedisRateLimiter(replicaA, { limit: 3, windowSeconds: 60, prefix });
    await limiter.consume('k');
    await replicaA.script('FLUSH');
    const errors: Error[] = [];
    const again = createRedisRateLimiter(replicaA, {
      limit: 3,
      windowSeconds: 60,
      prefix,
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
      expect(Date.now() - started).toBeLessThan(1000);
      expect(decisions.every((d) => d.allowed)).toBe(true);
      expect(errors.length).toBeGreaterThanOrEqual(2);
    } finally {
      await closeRedisClient(down);
    }
  });
});
