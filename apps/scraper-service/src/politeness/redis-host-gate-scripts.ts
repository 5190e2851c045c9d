import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

// The host gate's three operations as Lua scripts, one per operation, so each reads and writes a
// host's state in one atomic step for every worker sharing Redis. A host is one hash:
//   next  — no new request before this time     delay — the last release's delay (the wait hint)
//   l:<token> — a live lease and its expiry
// The rules are hostWaitMs's (host-gate.ts). Time is Redis's TIME unless the caller passes one
// (ARGV[1] ≥ 0; tests). Times travel as %.17g strings so the doubles round-trip exactly. Every
// write sets the key to expire `idle` ms after its last lease or wait ends: an idle host costs
// nothing, and expiry is never what keeps the rules (stale leases are checked against the time).
const prelude = `
local function clock(given)
  local now = tonumber(given)
  if now < 0 then
    local time = redis.call('TIME')
    now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
  end
  return now
end
local function num(value) return string.format('%.17g', value) end
local function load(key, now)
  local fields = redis.call('HGETALL', key)
  local state = { next = 0, delay = 0, held = 0, soonest = math.huge, latest = 0 }
  local expired = {}
  for i = 1, #fields, 2 do
    local name, value = fields[i], tonumber(fields[i + 1])
    if name == 'next' then state.next = value
    elseif name == 'delay' then state.delay = value
    elseif value <= now then expired[#expired + 1] = name
    else
      state.held = state.held + 1
      state.soonest = math.min(state.soonest, value)
      state.latest = math.max(state.latest, value)
    end
  end
  if #expired > 0 then redis.call('HDEL', key, unpack(expired)) end
  return state
end
local function keep(key, state, now, idle)
  local busyUntil = math.max(state.next, state.latest, now)
  redis.call('PEXPIRE', key, math.ceil(busyUntil - now + idle))
end
`;

/** KEYS: host. ARGV: now, perHostConcurrency, leaseTtlMs, minWaitMs, token, idle. → {1, expiresAt} | {0, waitMs} */
const tryAcquire = `${prelude}
local now = clock(ARGV[1])
local limit, ttl, minWait = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local state = load(KEYS[1], now)
local untilNext = state.next - now
if state.held >= limit then
  local untilFree = math.min(math.max(state.delay, minWait), state.soonest - now)
  return {0, tostring(math.max(1, math.ceil(math.max(untilNext, untilFree))))}
end
if untilNext > 0 then return {0, tostring(math.ceil(untilNext))} end
local expiresAt = now + ttl
redis.call('HSET', KEYS[1], 'l:' .. ARGV[5], num(expiresAt))
state.latest = math.max(state.latest, expiresAt)
keep(KEYS[1], state, now, tonumber(ARGV[6]))
return {1, num(expiresAt)}
`;

/** KEYS: host. ARGV: now, token, delayMs, idle. → 1 when the lease was live, else 0. */
const release = `${prelude}
local now = clock(ARGV[1])
local field = 'l:' .. ARGV[2]
local expiresAt = tonumber(redis.call('HGET', KEYS[1], field))
redis.call('HDEL', KEYS[1], field)
local state = load(KEYS[1], now)
local delay = tonumber(ARGV[3])
state.next = math.max(state.next, now + delay)
redis.call('HSET', KEYS[1], 'next', num(state.next), 'delay', num(delay))
keep(KEYS[1], state, now, tonumber(ARGV[4]))
if expiresAt and expiresAt > now then return 1 end
return 0
`;

/** KEYS: host. ARGV: now, delayMs, idle. */
const pushBack = `${prelude}
local now = clock(ARGV[1])
local state = load(KEYS[1], now)
state.next = math.max(state.next, now + tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'next', num(state.next))
keep(KEYS[1], state, now, tonumber(ARGV[3]))
return 0
`;

export type HostGateScript = (redis: Redis, key: string, args: (string | number)[]) => Promise<unknown>;

/** Runs a script by its digest, loading it again when Redis forgot it (a restart or failover). */
function hostGateScript(source: string): HostGateScript {
  const digest = createHash('sha1').update(source).digest('hex');
  return async (redis, key, args) => {
    try {
      return await redis.evalsha(digest, 1, key, ...args);
    } catch (error) {
      if (String(error).includes('NOSCRIPT')) return redis.eval(source, 1, key, ...args);
      throw error;
    }
  };
}

export const hostGateScripts = {
  tryAcquire: hostGateScript(tryAcquire),
  release: hostGateScript(release),
  pushBack: hostGateScript(pushBack),
};
