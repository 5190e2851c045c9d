import { createMemoryRateLimiter } from './memory-rate-limiter';
import { describeRateLimiterContract, fakeClock } from './test/rate-limiter-contract';

describeRateLimiterContract('createMemoryRateLimiter', {
  create: (options, clock) => createMemoryRateLimiter({ ...options, now: clock.now }),
});

describe('createMemoryRateLimiter', () => {
  it('forgets full buckets, so memory follows the keys active within a window', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter({ limit: 2, windowSeconds: 1, now: clock.now });
    for (let i = 0; i < 1000; i++) await limiter.consume(`old-${i}`);
    expect(limiter.trackedKeys).toBe(1000);
    clock.advance(250);
    await limiter.consume('middle');
    expect(limiter.trackedKeys).toBe(1001);
    // One request of a two-per-second bucket is earned back in 500 ms: the thousand are full again.
    clock.advance(250);
    await limiter.consume('new');
    expect(limiter.trackedKeys).toBe(2);
    expect(await limiter.consume('old-0')).toMatchObject({ allowed: true, remaining: 1 });
    await limiter.close();
    expect(limiter.trackedKeys).toBe(0);
  });

  it('refuses nonsensical options', () => {
    expect(() => createMemoryRateLimiter({ limit: 0, windowSeconds: 1 })).toThrow(RangeError);
    expect(() => createMemoryRateLimiter({ limit: 1.5, windowSeconds: 1 })).toThrow(RangeError);
    expect(() => createMemoryRateLimiter({ limit: 1, windowSeconds: 0 })).toThrow(RangeError);
  });
});
