import { createMemoryRateLimiter } from './memory-rate-limiter';

function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('createMemoryRateLimiter', () => {
  it('allows `limit` requests per window, then denies with Retry-After', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter({ limit: 3, windowSeconds: 60, now: clock.now });
    expect(await limiter.consume('k')).toEqual({
      allowed: true,
      limit: 3,
      remaining: 2,
      retryAfterSeconds: 0,
      resetSeconds: 60,
    });
    clock.advance(10_000);
    expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 50 });
    expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 0 });
    clock.advance(9_500);
    expect(await limiter.consume('k')).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      retryAfterSeconds: 41,
      resetSeconds: 41,
    });
    clock.advance(40_000);
    expect(await limiter.consume('k')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it('starts a new window when the old one ends', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter({ limit: 2, windowSeconds: 1, now: clock.now });
    await limiter.consume('k');
    await limiter.consume('k');
    expect((await limiter.consume('k')).allowed).toBe(false);
    clock.advance(999);
    expect((await limiter.consume('k')).allowed).toBe(false);
    clock.advance(1);
    expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 1 });
  });

  it('keeps keys apart', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter({ limit: 1, windowSeconds: 60, now: clock.now });
    expect((await limiter.consume('a')).allowed).toBe(true);
    expect((await limiter.consume('a')).allowed).toBe(false);
    expect((await limiter.consume('b')).allowed).toBe(true);
  });

  it('forgets expired windows, so memory follows the active keys', async () => {
    const clock = fakeClock();
    const limiter = createMemoryRateLimiter({ limit: 1, windowSeconds: 1, now: clock.now });
    for (let i = 0; i < 1000; i++) await limiter.consume(`old-${i}`);
    expect(limiter.trackedKeys).toBe(1000);
    clock.advance(500);
    await limiter.consume('middle');
    expect(limiter.trackedKeys).toBe(1001);
    clock.advance(500);
    // The first thousand windows have ended; the next request pushes them out.
    await limiter.consume('new');
    expect(limiter.trackedKeys).toBe(2);
    clock.advance(500);
    expect((await limiter.consume('old-0')).allowed).toBe(true);
    expect(limiter.trackedKeys).toBe(2);
    await limiter.close();
    expect(limiter.trackedKeys).toBe(0);
  });

  it('refuses nonsensical options', () => {
    expect(() => createMemoryRateLimiter({ limit: 0, windowSeconds: 1 })).toThrow(RangeError);
    expect(() => createMemoryRateLimiter({ limit: 1.5, windowSeconds: 1 })).toThrow(RangeError);
    expect(() => createMemoryRateLimiter({ limit: 1, windowSeconds: 0 })).toThrow(RangeError);
  });
});
