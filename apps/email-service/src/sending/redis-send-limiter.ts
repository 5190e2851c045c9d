import { createHash } from 'node:crypto';
import type { Redis } from '@coldreach/rate-limit';
import { limitWindows, type SendLimiter } from './send-limiter';

// Checks both counters and increments both only when both have room, in one script so two
// workers can never both take the last unit. Keys expire an hour after their window ends (slack
// for clocks that disagree a little). Replies 0 = allowed, 1 = daily cap reached, 2 = domain throttle.
const acquireScript = `
local cap = tonumber(ARGV[1])
local hourCap = tonumber(ARGV[2])
if tonumber(redis.call('GET', KEYS[1]) or '0') >= cap then return 1 end
if hourCap > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= hourCap then return 2 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if hourCap > 0 then
  redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
return 0
`;
const acquireScriptSha = createHash('sha1').update(acquireScript).digest('hex');
const expirySlackMs = 3_600_000;

export interface RedisSendLimiterOptions {
  /** Namespace of the counters (default `coldreach:send`); tests use a random one. */
  prefix?: string;
}

/**
 * Send limits shared by every worker through Redis. Fails closed: a Redis error is thrown, and the
 * caller must not send. The caller owns `redis` (use one that fails fast, like createRedisClient's).
 */
export function createRedisSendLimiter(redis: Redis, options: RedisSendLimiterOptions = {}): SendLimiter {
  const prefix = options.prefix ?? 'coldreach:send';

  async function run(keys: [string, string], args: string[]): Promise<unknown> {
    try {
      return await redis.evalsha(acquireScriptSha, 2, ...keys, ...args);
    } catch (error) {
      // The script cache is empty after a Redis restart or failover; EVAL loads it again.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(acquireScript, 2, ...keys, ...args);
    }
  }

  return {
    async acquire(input) {
      const windows = limitWindows(input.now);
      const at = input.now.getTime();
      // The {mailbox} hash tag keeps both keys in one Redis Cluster slot, as a script needs.
      const keys: [string, string] = [
        `${prefix}:{${input.mailboxId}}:day:${windows.day}`,
        `${prefix}:{${input.mailboxId}}:hour:${windows.hour}:${input.domain}`,
      ];
      const reply = await run(keys, [
        String(input.dailyCap),
        String(input.domainHourlyCap),
        String(windows.dayEnds.getTime() - at + expirySlackMs),
        String(windows.hourEnds.getTime() - at + expirySlackMs),
      ]);
      if (reply === 0) return { allowed: true };
      if (reply === 1) return { allowed: false, retryAt: windows.dayEnds };
      if (reply === 2) return { allowed: false, retryAt: windows.hourEnds };
      throw new Error('unexpected reply from the send limit script');
    },
  };
}
