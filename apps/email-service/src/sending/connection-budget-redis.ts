import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from '@coldreach/rate-limit';
import type { ConnectionBudget } from './connection-budget';

// Per key, three sorted sets: KEYS[1] the leases (scored by when they lapse), KEYS[2] the queue
// (scored by when each waiter joined it), KEYS[3] the waiters again (scored by when they stop
// counting unless they ask again). Time is Redis's own (TIME), so workers whose clocks disagree
// still agree on who lapsed. Every script first drops what lapsed.
const prelude = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local gone = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 100)
if #gone > 0 then
  redis.call('ZREM', KEYS[2], unpack(gone))
  redis.call('ZREM', KEYS[3], unpack(gone))
end
local function keep(ttl)
  for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl * 2) end
end
`;

// ARGV: limit, lease id, waiter id, ttl. Takes a slot when there are more free slots than waiters
// ahead of this one (all of them, for a newcomer); otherwise queues it. Replies 1 = taken, 0 = queued.
const takeScript = `${prelude}
local limit, lease, waiter, ttl = tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4])
local free = limit - redis.call('ZCARD', KEYS[1])
local ahead = redis.call('ZRANK', KEYS[2], waiter)
if ahead == false then ahead = redis.call('ZCARD', KEYS[2]) end
keep(ttl)
if free > ahead then
  redis.call('ZADD', KEYS[1], now + ttl, lease)
  redis.call('ZREM', KEYS[2], waiter)
  redis.call('ZREM', KEYS[3], waiter)
  return 1
end
redis.call('ZADD', KEYS[2], 'NX', now, waiter)
redis.call('ZADD', KEYS[3], now + ttl, waiter)
return 0
`;

// ARGV: ttl, waiter id, lease ids… Replies {waiters other than this one, lapsed lease ids…}.
const renewScript = `${prelude}
local ttl = tonumber(ARGV[1])
local lost = {}
for i = 3, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'XX', now + ttl, ARGV[i])
  else
    table.insert(lost, ARGV[i])
  end
end
keep(ttl)
local waiting = redis.call('ZCARD', KEYS[2])
if redis.call('ZSCORE', KEYS[2], ARGV[2]) then waiting = waiting - 1 end
table.insert(lost, 1, waiting)
return lost
`;

const sha = (script: string) => createHash('sha1').update(script).digest('hex');
const scripts = {
  take: { source: takeScript, sha: sha(takeScript) },
  renew: { source: renewScript, sha: sha(renewScript) },
};

export interface RedisConnectionBudgetOptions {
  /** Namespace of the keys (default `coldreach:smtp-connections`); tests use a random one. */
  prefix?: string;
}

/**
 * The connection budget shared by every worker through Redis. An error is thrown to the caller, who
 * must then not open a connection (see connection-budget-leases.ts: it keeps waiting, fails closed).
 * The caller owns `redis` (use one that fails fast, like createRedisClient's).
 */
export function createRedisConnectionBudget(
  redis: Redis,
  options: RedisConnectionBudgetOptions = {},
): ConnectionBudget {
  const prefix = options.prefix ?? 'coldreach:smtp-connections';
  // The {key} hash tag keeps the three in one Redis Cluster slot, as a script needs.
  const keysOf = (key: string): [string, string, string] => [
    `${prefix}:{${key}}:leases`,
    `${prefix}:{${key}}:queue`,
    `${prefix}:{${key}}:waiters`,
  ];

  async function run(script: keyof typeof scripts, key: string, args: string[]): Promise<unknown> {
    const { source, sha: digest } = scripts[script];
    try {
      return await redis.evalsha(digest, 3, ...keysOf(key), ...args);
    } catch (error) {
      // The script cache is empty after a Redis restart or failover; EVAL loads it again.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(source, 3, ...keysOf(key), ...args);
    }
  }

  return {
    async take(key, waiterId, limit, ttlMs) {
      const leaseId = randomUUID();
      const reply = await run('take', key, [String(limit), leaseId, waiterId, String(ttlMs)]);
      if (reply === 1) return leaseId;
      if (reply === 0) return undefined;
      throw new Error('unexpected reply from the connection budget script');
    },
    async renew(key, waiterId, leaseIds, ttlMs) {
      const reply = await run('renew', key, [String(ttlMs), waiterId, ...leaseIds]);
      if (!Array.isArray(reply) || typeof reply[0] !== 'number')
        throw new Error('unexpected reply from the connection budget renewal script');
      const [waiting, ...lost] = reply as [number, ...string[]];
      return { waiting, lost };
    },
    async release(key, leaseId) {
      await redis.zrem(keysOf(key)[0], leaseId);
    },
    async leave(key, waiterId) {
      const [, queue, waiters] = keysOf(key);
      await redis.multi().zrem(queue, waiterId).zrem(waiters, waiterId).exec();
    },
  };
}
