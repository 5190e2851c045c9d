import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  assertRateLimitOptions,
  bucketShape,
  decisionFor,
  type BucketShape,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitOptions,
} from './rate-limiter';

// spendToken (rate-limiter.ts) in Lua, so that reading and writing a key's TAT is one atomic step
// for every replica sharing Redis; over several buckets in order (a request spends from its
// workspace's and its key's budgets in one round trip), stopping at the first that refuses, so a
// refused request spends nothing from the buckets after it (those before it keep the spending, as
// separate calls in turn would). The time is Redis's own (TIME) unless the caller passes one
// (tests), so replicas with skewed clocks still agree. Numbers travel as %.17g strings: the
// doubles round-trip exactly and both implementations decide alike. A key expires when its bucket
// is full again, so idle keys cost nothing.
// ARGV: now (negative: Redis's clock), then interval and window (ms) of each key in turn.
// Reply: now, then allowed (1/0) and the TAT of each bucket tried.
const consumeScript = `
local now = tonumber(ARGV[1])
if now < 0 then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
end
local reply = {string.format('%.17g', now)}
for i = 1, #KEYS do
  local interval = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0') or 0
  if tat < now then tat = now end
  local nextTat = tat + interval
  if nextTat - now > window + 0.001 then
    reply[#reply + 1] = 0
    reply[#reply + 1] = string.format('%.17g', tat)
    return reply
  end
  redis.call('SET', KEYS[i], string.format('%.17g', nextTat), 'PX', math.ceil(nextTat - now))
  reply[#reply + 1] = 1
  reply[#reply + 1] = string.format('%.17g', nextTat)
end
return reply
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

/** What a Redis limiter is made of, so that budgets on the same client can be spent together. */
export interface RedisBucket {
  redis: Redis;
  shape: BucketShape;
  prefix: string;
  onError?: (error: Error) => void;
  now?: () => number;
}

const buckets = new WeakMap<RateLimiter, RedisBucket>();

/** The Redis bucket behind `limiter`, or undefined when it is not a Redis limiter. */
export function redisBucketOf(limiter: RateLimiter): RedisBucket | undefined {
  return buckets.get(limiter);
}

/** A limiter shared by every replica through Redis. The caller owns `redis` and closes it. */
export function createRedisRateLimiter(redis: Redis, options: RedisRateLimiterOptions): RateLimiter {
  assertRateLimitOptions(options);
  const bucket: RedisBucket = {
    redis,
    shape: bucketShape(options),
    prefix: options.prefix,
    onError: options.onError,
    now: options.now,
  };
  const limiter: RateLimiter = {
    async consume(key) {
      const [decision] = await spendInRedis([{ bucket, key }]);
      return decision as RateLimitDecision;
    },
    async close() {
      // Nothing of our own to release: the Redis client belongs to the caller.
    },
  };
  buckets.set(limiter, bucket);
  return limiter;
}

/**
 * One request from each bucket in order, in one script call on the first bucket's Redis client
 * (all must share it) and clock: the decisions made, up to and including the first refusal. When
 * Redis fails, every bucket's `onError` hears of it once and every budget allows the request.
 */
export async function spendInRedis(
  checks: readonly { bucket: RedisBucket; key: string }[],
): Promise<RateLimitDecision[]> {
  const first = checks[0]?.bucket;
  if (!first) return [];
  const keys = checks.map(({ bucket, key }) => `${bucket.prefix}:${key}`);
  const args = [String(first.now?.() ?? -1)];
  for (const { bucket } of checks) args.push(String(bucket.shape.intervalMs), String(bucket.shape.windowMs));
  try {
    const reply = await run(first.redis, keys, args);
    if (!Array.isArray(reply) || reply.length < 3 || reply.length % 2 === 0) throw unexpectedReply();
    const [now, ...spent] = reply.map(Number) as [number, ...number[]];
    if (!Number.isFinite(now)) throw unexpectedReply();
    const decisions: RateLimitDecision[] = [];
    for (let i = 0; i < spent.length; i += 2) {
      const tat = spent[i + 1] as number;
      const check = checks[i / 2];
      if (!check || !Number.isFinite(tat)) throw unexpectedReply();
      decisions.push(decisionFor(check.bucket.shape, spent[i] === 1, tat, now));
    }
    return decisions;
  } catch (error) {
    const reported = error instanceof Error ? error : new Error(String(error));
    for (const onError of new Set(checks.map(({ bucket }) => bucket.onError))) onError?.(reported);
    return checks.map(({ bucket: { shape } }) => ({
      allowed: true,
      limit: shape.limit,
      remaining: shape.limit,
      retryAfterSeconds: 0,
      resetSeconds: 0,
    }));
  }
}

async function run(redis: Redis, keys: string[], args: string[]): Promise<unknown> {
  try {
    return await redis.evalsha(consumeScriptSha, keys.length, ...keys, ...args);
  } catch (error) {
    // The script cache is empty after a Redis restart or failover; EVAL loads it again.
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(consumeScript, keys.length, ...keys, ...args);
  }
}

function unexpectedReply(): Error {
  return new Error('unexpected reply from the rate limit script');
}
