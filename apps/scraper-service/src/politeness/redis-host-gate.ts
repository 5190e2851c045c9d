import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  assertDelay,
  hostGateSettings,
  normaliseHost,
  type HostGate,
  type HostGateOptions,
} from './host-gate';
import { hostGateScripts } from './redis-host-gate-scripts';

export interface RedisHostGateOptions extends HostGateOptions {
  /** Namespace of the hosts' keys, e.g. `coldreach:scraper:hosts`; a host is `${keyPrefix}:${host}`. */
  keyPrefix: string;
  /** How long a host's key outlives its last lease or wait (default 60 s), keeping its delay hint. */
  idleKeyTtlMs?: number;
}

/**
 * The host gate of the connected mode: every worker process shares one state per host in Redis,
 * changed only by the atomic scripts of redis-host-gate-scripts.ts. The caller owns `redis` and
 * closes it. A Redis failure rejects the call: the caller backs off and tries again, since crawling
 * without the gate would break politeness and the gate has no other state to fall back on.
 */
export function createRedisHostGate(redis: Redis, options: RedisHostGateOptions): HostGate {
  const settings = hostGateSettings(options);
  const idleKeyTtlMs = options.idleKeyTtlMs ?? 60_000;
  if (!Number.isFinite(idleKeyTtlMs) || idleKeyTtlMs <= 0) {
    throw new RangeError(`idleKeyTtlMs must be a positive number, got ${idleKeyTtlMs}`);
  }
  if (options.keyPrefix.length === 0) throw new RangeError('keyPrefix must not be empty');
  const keyOf = (host: string) => `${options.keyPrefix}:${host}`;
  // -1 asks the script for Redis's own clock.
  const clock = () => options.now?.() ?? -1;

  return {
    async tryAcquire(host) {
      const key = normaliseHost(host);
      const token = randomUUID();
      const reply = await hostGateScripts.tryAcquire(redis, keyOf(key), [
        clock(),
        settings.perHostConcurrency,
        settings.leaseTtlMs,
        settings.minWaitMs,
        token,
        idleKeyTtlMs,
      ]);
      const [granted, value] = pair(reply);
      if (granted === 1) return { granted: true, lease: { host: key, token, expiresAt: value } };
      return { granted: false, waitMs: value };
    },
    async release(lease, { delayMs }) {
      assertDelay('delayMs', delayMs);
      const key = keyOf(normaliseHost(lease.host));
      const reply = await hostGateScripts.release(redis, key, [clock(), lease.token, delayMs, idleKeyTtlMs]);
      return reply === 1;
    },
    async pushBack(host, delayMs) {
      assertDelay('a push-back', delayMs);
      await hostGateScripts.pushBack(redis, keyOf(normaliseHost(host)), [clock(), delayMs, idleKeyTtlMs]);
    },
  };
}

function pair(reply: unknown): [number, number] {
  if (Array.isArray(reply) && reply.length === 2) {
    const [flag, value] = reply.map(Number) as [number, number];
    if ((flag === 0 || flag === 1) && Number.isFinite(value)) return [flag, value];
  }
  throw new Error('unexpected reply from the host gate script');
}
