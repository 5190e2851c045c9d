import type { Redis } from 'ioredis';
import type { Logger } from '@coldreach/observability';
import { createRedisClient } from './create-redis-client';

/** The Redis fields a service's config hands over (REDIS_URL, REDIS_DAILY_COMMAND_BUDGET). */
export interface ServiceRedisConfig {
  redisUrl: string;
  redisDailyCommandBudget?: number | undefined;
}

/** A service process's Redis client from its config: fails fast, logs, counts against its daily budget. */
export function createServiceRedisClient(config: ServiceRedisConfig, logger: Logger): Redis {
  return createRedisClient(config.redisUrl, { logger, dailyCommandBudget: config.redisDailyCommandBudget });
}
