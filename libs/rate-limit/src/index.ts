export { createRedisRateLimiter } from './redis-rate-limiter';
export type { RedisRateLimiterOptions } from './redis-rate-limiter';
export { createMemoryRateLimiter } from './memory-rate-limiter';
export type { MemoryRateLimiter } from './memory-rate-limiter';
export { createRedisClient, closeRedisClient } from './create-redis-client';
export type { RedisClientOptions } from './create-redis-client';
export type { RateLimiter, RateLimitDecision, RateLimitOptions } from './rate-limiter';
export type { Redis } from 'ioredis';
