import { assertRateLimitOptions, decide, type RateLimiter, type RateLimitOptions } from './rate-limiter';

/** The in-memory limiter also tells how many keys it holds (a metrics gauge; the bound in tests). */
export interface MemoryRateLimiter extends RateLimiter {
  readonly trackedKeys: number;
}

interface Window {
  count: number;
  endsAt: number;
}

/**
 * The in-process limiter of the embedded mode, with the semantics of the Redis one: a fixed window
 * per key that starts at the key's first request. Memory stays bounded by the keys active within
 * one window: expired windows are evicted as new requests arrive.
 */
export function createMemoryRateLimiter(
  options: RateLimitOptions & { now?: () => number },
): MemoryRateLimiter {
  assertRateLimitOptions(options);
  const { limit } = options;
  const windowMs = options.windowSeconds * 1000;
  const now = options.now ?? Date.now;
  // Every window has the same length and a renewed key is re-inserted, so the Map's insertion order
  // is the order in which windows end: evicting from the front stops at the first live window.
  const windows = new Map<string, Window>();

  function evictExpired(at: number): void {
    for (const [key, window] of windows) {
      if (window.endsAt > at) return;
      windows.delete(key);
    }
  }

  return {
    get trackedKeys() {
      return windows.size;
    },
    async consume(key) {
      const at = now();
      evictExpired(at);
      let window = windows.get(key);
      if (!window) {
        window = { count: 0, endsAt: at + windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      return decide(limit, window.count, window.endsAt - at);
    },
    async close() {
      windows.clear();
    },
  };
}
