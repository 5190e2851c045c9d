/**
 * Where a scope's last write is remembered: the primary's WAL position right after it. A read for the
 * scope may use a replica only once the replica has replayed past that position.
 */
export interface WriteMarks {
  /** Raises the scope's mark to `lsn` (never lowers it), for `ttlMs`. */
  note(key: string, lsn: bigint, ttlMs: number): Promise<void>;
  /** The scope's mark, or undefined when none is live. */
  get(key: string): Promise<bigint | undefined>;
}

/** Marks in this process only: a read through another pod does not see them. */
export function createMemoryWriteMarks(now: () => number = Date.now): WriteMarks {
  const marks = new Map<string, { lsn: bigint; expiresAt: number }>();
  const live = (key: string) => {
    const mark = marks.get(key);
    if (mark && mark.expiresAt <= now()) marks.delete(key);
    return mark && mark.expiresAt > now() ? mark : undefined;
  };
  return {
    async note(key, lsn, ttlMs) {
      // A sweep now and then keeps scopes written once from piling up.
      if (marks.size >= 10_000) for (const old of [...marks.keys()]) live(old);
      const current = live(key);
      marks.set(key, { lsn: current && current.lsn > lsn ? current.lsn : lsn, expiresAt: now() + ttlMs });
    },
    async get(key) {
      return live(key)?.lsn;
    },
  };
}

/** The two commands of an ioredis client the Redis marks use (structural: libs/db needs no Redis library). */
export interface RedisForMarks {
  get(key: string): Promise<string | null>;
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

// Keeps the larger position: two pods noting writes of one scope at once must not lower the mark.
// Positions are stored in decimal; Lua's doubles hold them exactly below 2^53 bytes (8 PiB) of WAL.
const raiseMark = `
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) >= tonumber(ARGV[1]) then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])`;

/** Marks in Redis, shared by every pod: a write through one and a read through another still hold. */
export function createRedisWriteMarks(redis: RedisForMarks): WriteMarks {
  return {
    async note(key, lsn, ttlMs) {
      await redis.eval(raiseMark, 1, key, lsn.toString(), Math.max(1, Math.round(ttlMs)));
    },
    async get(key) {
      const value = await redis.get(key);
      return value === null ? undefined : BigInt(value);
    },
  };
}
