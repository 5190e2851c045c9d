import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { assertRateLimitOptions, decide, type RateLimiter, type RateLimitOptions } from './rate-limiter';

// A fixed window per key, started by the key's first request. One script keeps INCR and the expiry
// atomic, so replicas sharing Redis never lose a count or leave a counter without a TTL. The time
// is Redis's own (PTTL), so replicas with skewed clocks still agree.
const consumeScript = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;
const consumeScriptSha = createHash('sha1').update(consumeScript).digest('hex');

export interface RedisRateLimiterOptions extends RateLimitOptions {
  /** Namespace of the counters, e.g. `coldreach:ratelimit:api`; keys are `${prefix}:${key}`. */
  prefix: string;
  /**
   * Called when Redis fails. The limiter then fails open (allows the request): an outage of the
   * limiter should not become an outage of the API. Log it; readiness reports Redis separately.
   */
  onError?: (error: Error) => void;
}

/** A limiter shared by every replica through Redis. The caller owns `redis` and closes it. */
export function createRedisRateLimiter(redis: Redis, options: RedisRateLimiterOptions): RateLimiter {
  assertRateLimitOptions(options);
  const { limit, prefix, onError } = options;
  const windowMs = String(Math.ceil(options.windowSeconds * 1000));

  async function run(key: string): Promise<unknown> {
    try {
      return await redis.evalsha(consumeScriptSha, 1, key, windowMs);
    } catch (error) {
      // The script cache is empty after a Redis restart or failover; EVAL loads it again.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(consumeScript, 1, key, windowMs);
    }
  }

  return {
    async consume(key) {
      try {
        const reply = await run(`${prefix}:${key}`);
        if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
          throw new Error('unexpected reply from the rate limit script');
        }
        return decide(limit, reply[0], reply[1]);
      } catch (error) {
        onError?.(error instanceof Error ? error : new Error(String(error)));
        return {
          allowed: true,
          limit,
          remaining: limit,
          retryAfterSeconds: 0,
          resetSeconds: Math.ceil(options.windowSeconds),
        };
      }
    },
    async close() {
      // Nothing of our own to release: the Redis client belongs to the caller.
    },
  };
}
