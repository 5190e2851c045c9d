import type { Redis } from 'ioredis';
import { closeRedisClient, createRedisClient } from '@coldreach/rate-limit';
import { randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import { createRedisHostGate } from './redis-host-gate';
import { describeHostGateContract, ManualClock } from './test/host-gate-contract';

async function connectedClient(): Promise<Redis> {
  const redis = createRedisClient(testRedisUrl);
  await waitFor(() => redis.status === 'ready', { what: 'Redis to be ready' });
  return redis;
}

// Two clients, as two worker processes would have; every key of this run lives under one prefix.
const runPrefix = randomName('cr_hostgate');
let workerA: Redis;
let workerB: Redis;
beforeAll(async () => {
  [workerA, workerB] = await Promise.all([connectedClient(), connectedClient()]);
});
afterAll(async () => {
  if (workerA) {
    const keys = await workerA.keys(`${runPrefix}_*`);
    if (keys.length > 0) await workerA.del(...keys);
  }
  await Promise.all([workerA, workerB].filter(Boolean).map(closeRedisClient));
});

const newPrefix = () => randomName(runPrefix);

describeHostGateContract('createRedisHostGate', {
  create: (options) => {
    const keyPrefix = newPrefix();
    return [
      createRedisHostGate(workerA, { ...options, keyPrefix }),
      createRedisHostGate(workerB, { ...options, keyPrefix }),
    ];
  },
});

describe('createRedisHostGate on a real Redis', () => {
  it('keeps one hash per lower-cased host that expires once the host is idle', async () => {
    const keyPrefix = newPrefix();
    const gate = createRedisHostGate(workerA, { keyPrefix, idleKeyTtlMs: 300, leaseTtlMs: 10_000 });
    const grant = await gate.tryAcquire('Idle.Test:8443');
    if (!grant.granted) throw new Error('a fresh host must be granted');
    const key = `${keyPrefix}:idle.test:8443`;
    // Held: the key lives at least as long as the lease.
    expect(await workerA.pttl(key)).toBeGreaterThan(9000);
    expect(await workerA.hexists(key, `l:${grant.lease.token}`)).toBe(1);
    expect(await gate.release(grant.lease, { delayMs: 100 })).toBe(true);
    expect(await workerA.hexists(key, `l:${grant.lease.token}`)).toBe(0);
    expect(await workerA.pttl(key)).toBeLessThanOrEqual(400);
    await waitFor(async () => (await workerA.exists(key)) === 0, { what: 'the idle host key to expire' });
  });

  it("uses Redis's clock when none is given", async () => {
    const gate = createRedisHostGate(workerA, { keyPrefix: newPrefix() });
    const before = Date.now();
    const grant = await gate.tryAcquire('clock.test');
    if (!grant.granted) throw new Error('a fresh host must be granted');
    // Redis runs on this machine: its clock is ours.
    expect(grant.lease.expiresAt).toBeGreaterThanOrEqual(before + 60_000 - 1);
    await gate.pushBack('clock.test', 45_000);
    await gate.release(grant.lease, { delayMs: 1000 });
    const wait = await gate.tryAcquire('clock.test');
    expect(wait.granted).toBe(false);
    if (!wait.granted) expect(wait.waitMs).toBeGreaterThan(40_000);
  });

  it('loads its scripts again after Redis forgot them', async () => {
    const clock = new ManualClock();
    const keyPrefix = newPrefix();
    const gate = createRedisHostGate(workerA, { keyPrefix, now: clock.now });
    const first = await gate.tryAcquire('flush.test');
    await workerA.script('FLUSH');
    if (!first.granted) throw new Error('a fresh host must be granted');
    expect(await gate.release(first.lease, { delayMs: 500 })).toBe(true);
    await workerA.script('FLUSH');
    await gate.pushBack('flush.test', 700);
    await workerA.script('FLUSH');
    expect(await gate.tryAcquire('flush.test')).toEqual({ granted: false, waitMs: 700 });
  });

  it('rejects when Redis is unreachable, so the caller backs off instead of crawling ungated', async () => {
    // Port 1 on loopback: nothing listens, so every connection attempt is refused.
    const down = createRedisClient('redis://127.0.0.1:1');
    try {
      const gate = createRedisHostGate(down, { keyPrefix: newPrefix() });
      await expect(gate.tryAcquire('down.test')).rejects.toThrow();
    } finally {
      await closeRedisClient(down);
    }
  });
});
