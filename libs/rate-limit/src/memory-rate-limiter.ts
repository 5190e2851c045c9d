import {
  assertRateLimitOptions,
  bucketShape,
  decisionFor,
  spendToken,
  type RateLimiter,
  type RateLimitOptions,
} from './rate-limiter';

/** The in-memory limiter also tells how many keys it holds (a metrics gauge; the bound in tests). */
export interface MemoryRateLimiter extends RateLimiter {
  readonly trackedKeys: number;
}

/**
 * The in-process limiter of the embedded mode: the token bucket of rate-limiter.ts, the same one
 * the Redis limiter runs. `now` is injectable so tests move time without sleeping. Memory stays
 * bounded by the keys that spent a request within one window: full buckets are evicted as new
 * requests arrive.
 */
export function createMemoryRateLimiter(
  options: RateLimitOptions & { now?: () => number },
): MemoryRateLimiter {
  assertRateLimitOptions(options);
  const shape = bucketShape(options);
  const now = options.now ?? Date.now;
  // A key is re-inserted whenever it spends, so the Map is ordered by last spending. A bucket is
  // full (forgettable) at most one window after its last spending, so eviction from the front may
  // stop at the first bucket that is not full: every later one spent more recently.
  const tats = new Map<string, number>();

  function evictFull(at: number): void {
    for (const [key, tat] of tats) {
      if (tat > at) return;
      tats.delete(key);
    }
  }

  return {
    get trackedKeys() {
      return tats.size;
    },
    async consume(key) {
      const at = now();
      evictFull(at);
      const { allowed, tat } = spendToken(shape, tats.get(key) ?? 0, at);
      if (allowed) {
        tats.delete(key);
        tats.set(key, tat);
      }
      return decisionFor(shape, allowed, tat, at);
    },
    async close() {
      tats.clear();
    },
  };
}
