// The behaviour every RateLimiter owes its users, run against each implementation (in memory in
// the unit tests, on a real Redis in the integration tests) so the two cannot drift apart. Time
// is a fake clock handed to the limiter: no test sleeps.
import type { RateLimiter, RateLimitOptions } from '../rate-limiter';

export interface FakeClock {
  now(): number;
  advance(ms: number): void;
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

export interface RateLimiterContractTarget {
  /** A new limiter with its own namespace, reading time from `clock`. */
  create(options: RateLimitOptions, clock: FakeClock): RateLimiter;
}

export function describeRateLimiterContract(name: string, target: RateLimiterContractTarget): void {
  describe(`${name} (RateLimiter contract)`, () => {
    const limiters: RateLimiter[] = [];
    const create = (options: RateLimitOptions, clock: FakeClock) => {
      const limiter = target.create(options, clock);
      limiters.push(limiter);
      return limiter;
    };
    afterEach(async () => {
      await Promise.all(limiters.splice(0).map((limiter) => limiter.close()));
    });

    it('allows a burst of `limit`, then denies with the time until one request is earned back', async () => {
      const clock = fakeClock();
      const limiter = create({ limit: 3, windowSeconds: 60 }, clock);
      expect(await limiter.consume('k')).toEqual({
        allowed: true,
        limit: 3,
        remaining: 2,
        retryAfterSeconds: 0,
        resetSeconds: 20,
      });
      expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 40 });
      expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 60 });
      expect(await limiter.consume('k')).toEqual({
        allowed: false,
        limit: 3,
        remaining: 0,
        retryAfterSeconds: 20,
        resetSeconds: 60,
      });
      clock.advance(15_000);
      expect(await limiter.consume('k')).toMatchObject({ allowed: false, retryAfterSeconds: 5 });
    });

    it('refills smoothly: one request per window/limit, and a full budget after a quiet window', async () => {
      const clock = fakeClock();
      const limiter = create({ limit: 4, windowSeconds: 2 }, clock);
      for (let i = 0; i < 4; i++) expect((await limiter.consume('k')).allowed).toBe(true);
      expect((await limiter.consume('k')).allowed).toBe(false);
      clock.advance(499);
      expect((await limiter.consume('k')).allowed).toBe(false);
      clock.advance(1);
      expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 0 });
      expect((await limiter.consume('k')).allowed).toBe(false);
      clock.advance(2000);
      expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 3 });
    });

    it('gives no second burst at a window boundary (the fixed window allowed 2× in a second)', async () => {
      const clock = fakeClock();
      const limiter = create({ limit: 60, windowSeconds: 60 }, clock);
      // Idle for a minute, the budget is full: spend it in the last second of a minute…
      clock.advance(59_000);
      let allowed = 0;
      for (let i = 0; i < 60; i++) if ((await limiter.consume('k')).allowed) allowed += 1;
      expect(allowed).toBe(60);
      // …then two seconds later only two more have been earned, not a fresh 60.
      clock.advance(2000);
      allowed = 0;
      for (let i = 0; i < 60; i++) if ((await limiter.consume('k')).allowed) allowed += 1;
      expect(allowed).toBe(2);
    });

    it('charges nothing for a refused request: hammering does not push the retry time back', async () => {
      const clock = fakeClock();
      const limiter = create({ limit: 1, windowSeconds: 10 }, clock);
      expect((await limiter.consume('k')).allowed).toBe(true);
      for (let i = 0; i < 50; i++) {
        clock.advance(100);
        expect((await limiter.consume('k')).allowed).toBe(false);
      }
      clock.advance(5000);
      expect((await limiter.consume('k')).allowed).toBe(true);
    });

    it('keeps keys apart', async () => {
      const clock = fakeClock();
      const limiter = create({ limit: 1, windowSeconds: 60 }, clock);
      expect((await limiter.consume('a')).allowed).toBe(true);
      expect((await limiter.consume('a')).allowed).toBe(false);
      expect((await limiter.consume('b')).allowed).toBe(true);
    });

    it('allows exactly the limit among concurrent requests', async () => {
      const clock = fakeClock();
      const limiter = create({ limit: 20, windowSeconds: 60 }, clock);
      const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.consume('burst')));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
      expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds === 3)).toBe(true);
    });

    it('handles limits that do not divide the window evenly', async () => {
      const clock = fakeClock();
      const limiter = create({ limit: 7, windowSeconds: 60 }, clock);
      const remaining = [];
      for (let i = 0; i < 8; i++) remaining.push((await limiter.consume('k')).remaining);
      expect(remaining).toEqual([6, 5, 4, 3, 2, 1, 0, 0]);
      clock.advance(60_000);
      expect(await limiter.consume('k')).toMatchObject({ allowed: true, remaining: 6 });
    });
  });
}
