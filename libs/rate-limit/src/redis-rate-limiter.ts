import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  assertRateLimitOptions,
  bucketShape,
  decisionFor,
  type RateLimiter,
  type RateLimitOptions,
} from './rate-limiter';

// spendToken (rate-limiter.ts) in Lua, so that reading and writing a key's TAT is one atomic step
// for every replica sharing Redis. The time is Redis's own (TIME) unless the caller passes one
// (tests), so replicas with skewed clocks still agree. Numbers travel as %.17g strings: the
// doubles round-trip exactly and both implementations decide alike. The key expires when the
// bucket is full again, so idle keys cost nothing.
const consumeScript = `
local now = tonumber(ARGV[1])
if now < 0 then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
end
local interval = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tat < now then tat = now end
local nextTat = tat + interval
if nextTat - now > window + 0.001 then
  return {0, string.format('%.17g', tat), string.format('%.17g', now)}
end
redis.call('SET', KEYS[1], string.format('%.17g', nextTat), 'PX', math.ceil(nextTat - now))
return {1, string.format('%.17g', nextTat), string.format('%.17g', now)}
`;
const consumeScriptSha = createHash('sha1').update(consumeScript).digest('hex');

export interface RedisRateLimiterOptions extends RateLimitOptions {
  /** Namespace of the buckets, e.g. `coldreach:ratelimit:api`; keys are `${prefix}:${key}`. */
  prefix: string;
  /**
   * Called when Redis fails. The limiter then fails open (allows the request): an outage of the
   * limiter should not become an outage of the API. Log it; readiness reports Redis separately.
   */
  onError?: (error: Error) => void;
  /** The clock, for tests; by default Redis's own (one clock for every replica). */
  now?: () => number;
}

/** A limiter shared by every replica through Redis. The caller owns `redis` and closes it. */
export function createRedisRateLimiter(redis: Redis, options: RedisRateLimiterOptions): RateLimiter {
  assertRateLimitOptions(options);
  const shape = bucketShape(options);
  const { prefix, onError } = options;
  const shapeArgs = [String(shape.intervalMs), String(shape.windowMs)];

  async function run(key: string): Promise<unknown> {
    const args = [String(options.now?.() ?? -1), ...shapeArgs];
    try {
      return await redis.evalsha(consumeScriptSha, 1, key, ...args);
    } catch (error) {
      // The script cache is empty after a Redis restart or failover; EVAL loads it again.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(consumeScript, 1, key, ...args);
    }
  }

  return {
    async consume(key) {
      try {
        const reply = await run(`${prefix}:${key}`);
        if (!Array.isArray(reply) || reply.length !== 3) {
          throw new Error('unexpected reply from the rate limit script');
        }
        const [allowed, tat, now] = reply.map(Number) as [number, number, number];
        if (!Number.isFinite(tat) || !Number.isFinite(now)) {
          throw new Error('unexpected reply from the rate limit script');
        }
        return decisionFor(shape, allowed === 1, tat, now);
      } catch (error) {
        onError?.(error instanceof Error ? error : new Error(String(error)));
        return {
          allowed: true,
          limit: shape.limit,
          remaining: shape.limit,
          retryAfterSeconds: 0,
          resetSeconds: 0,
        };
      }
    },
    async close() {
      // Nothing of our own to release: the Redis client belongs to the caller.
    },
  };
}
