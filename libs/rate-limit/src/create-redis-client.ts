import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@coldreach/observability';
import { instrumentRedisClient } from './redis-command-metrics';

export interface RedisClientOptions {
  /** Connect on the first command instead of at once. */
  lazyConnect?: boolean;
  /** PEM certificate(s) of the CA that signed the server's certificate, trusted instead of the system CAs (rediss:// only). */
  tlsCa?: string | Buffer;
  /** Set false only for development against a self-signed server certificate (rediss:// only). */
  tlsRejectUnauthorized?: boolean;
  /** A command that gets no reply within this time fails (default 1000 ms). */
  commandTimeoutMs?: number;
  /** Connection errors; without this they are ignored (the client keeps reconnecting). */
  onError?: (error: Error) => void;
  /** Logs connection errors as warnings ('redis connection error'), when no onError is given, and the budget warning. */
  logger?: Pick<Logger, 'warn'>;
  /** Commands per day this process should stay under (REDIS_DAILY_COMMAND_BUDGET); warned about at 80%. */
  dailyCommandBudget?: number;
}

/**
 * An ioredis client for `redis://` or `rediss://` (TLS) URLs, set up to fail fast: while Redis is
 * unreachable, commands are rejected at once instead of queueing, so callers can degrade (a rate
 * limiter fails open) rather than hang, and the client reconnects in the background.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const protocol = new URL(url).protocol;
  if (protocol !== 'redis:' && protocol !== 'rediss:')
    throw new Error('a Redis URL must start with redis:// or rediss://');
  const tlsWanted = options.tlsCa !== undefined || options.tlsRejectUnauthorized !== undefined;
  if (protocol === 'redis:' && tlsWanted)
    throw new Error('TLS options were given for a redis:// URL; use rediss:// for TLS');

  const redisOptions: RedisOptions = {
    lazyConnect: options.lazyConnect ?? false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    // How long closing waits for the socket to end before destroying it; the default 2 s timer keeps a
    // process alive after shutdown when Redis is already gone.
    disconnectTimeout: 500,
    enableAutoPipelining: true,
    commandTimeout: options.commandTimeoutMs ?? 1000,
  };
  // ioredis switches to TLS for rediss:// by itself (with `tls: true`); we pass the object so that a
  // CA can be added. Certificates are verified unless explicitly told otherwise.
  if (protocol === 'rediss:') {
    redisOptions.tls = {
      ...(options.tlsCa !== undefined ? { ca: options.tlsCa } : {}),
      rejectUnauthorized: options.tlsRejectUnauthorized ?? true,
    };
  }
  const redis = new Redis(url, redisOptions);
  // An 'error' event without a listener would be reported as unhandled; an outage must never crash us.
  const onError =
    options.onError ?? ((error: Error) => options.logger?.warn({ err: error }, 'redis connection error'));
  redis.on('error', onError);
  instrumentRedisClient(redis, { dailyCommandBudget: options.dailyCommandBudget, logger: options.logger });
  return redis;
}

/** Closes a client promptly in any state: QUIT when connected (pending replies arrive), else drop the socket. */
export async function closeRedisClient(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // The connection broke while quitting; disconnecting below still releases it.
    }
  }
  redis.disconnect();
}
