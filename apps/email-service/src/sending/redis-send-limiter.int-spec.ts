import { closeRedisClient, createRedisClient, type Redis } from '@coldreach/rate-limit';
import { randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import { createRedisSendLimiter } from './redis-send-limiter';
import type { SendLimitInput } from './send-limiter';

const input = (overrides: Partial<SendLimitInput> = {}): SendLimitInput => ({
  workspaceId: 'w',
  mailboxId: 'mailbox-1',
  dailyCap: 5,
  domain: 'example.com',
  domainHourlyCap: 0,
  now: new Date(),
  ...overrides,
});

describe('createRedisSendLimiter on a real Redis', () => {
  let workerA: Redis;
  let workerB: Redis;
  beforeAll(async () => {
    [workerA, workerB] = [createRedisClient(testRedisUrl), createRedisClient(testRedisUrl)];
    await waitFor(() => workerA.status === 'ready' && workerB.status === 'ready', { what: 'Redis' });
  });
  afterAll(async () => {
    await Promise.all([workerA, workerB].map(closeRedisClient));
  });

  it('never lets concurrent workers exceed the daily cap', async () => {
    const prefix = randomName('send');
    const a = createRedisSendLimiter(workerA, { prefix });
    const b = createRedisSendLimiter(workerB, { prefix });
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).acquire(input({ dailyCap: 7 }))),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
    const tomorrow = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
    expect(decisions.find((d) => !d.allowed)).toEqual({ allowed: false, retryAt: tomorrow });
  });

  it('throttles per domain and hour, counting a send in both only when both have room', async () => {
    const prefix = randomName('send');
    const limiter = createRedisSendLimiter(workerA, { prefix });
    const now = new Date('2030-05-06T10:15:00Z');
    const send = (domain: string) => limiter.acquire(input({ dailyCap: 3, domainHourlyCap: 2, domain, now }));
    expect(await send('a.com')).toEqual({ allowed: true });
    expect(await send('a.com')).toEqual({ allowed: true });
    expect(await send('a.com')).toEqual({ allowed: false, retryAt: new Date('2030-05-06T11:00:00Z') });
    // The throttled one was not counted against the day: one unit is left.
    expect(await send('b.com')).toEqual({ allowed: true });
    expect(await send('c.com')).toEqual({ allowed: false, retryAt: new Date('2030-05-07T00:00:00Z') });
    const keys = await workerA.keys(`${prefix}:*`);
    expect(keys.sort()).toEqual([
      `${prefix}:{mailbox-1}:day:2030-05-06`,
      `${prefix}:{mailbox-1}:hour:2030-05-06T10:a.com`,
      `${prefix}:{mailbox-1}:hour:2030-05-06T10:b.com`,
    ]);
    // Every counter expires (an hour after its window, measured from the caller's clock).
    for (const key of keys) expect(await workerA.pttl(key)).toBeGreaterThan(0);
  });

  it('loads its script again after Redis forgot it', async () => {
    const limiter = createRedisSendLimiter(workerA, { prefix: randomName('send') });
    await limiter.acquire(input());
    await workerA.script('FLUSH');
    expect(await limiter.acquire(input())).toEqual({ allowed: true });
  });

  it('fails closed: throws when Redis is unreachable', async () => {
    const down = createRedisClient('redis://127.0.0.1:1');
    try {
      await expect(createRedisSendLimiter(down).acquire(input())).rejects.toThrow();
    } finally {
      await closeRedisClient(down);
    }
  });
});
