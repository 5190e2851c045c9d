import { z } from 'zod';
import { booleanSchema, logLevelSchema, portSchema, readConfig, urlListSchema } from '@coldreach/config';

/** The client service's environment, in connected mode (the embedded launcher passes options instead). */
export const clientServiceConfigSchema = z
  .object({
    CLIENT_SERVICE_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    CLIENT_SERVICE_PORT: portSchema.default(50051),
    /** One PostgreSQL URL per shard, comma-separated; the order is the shard order and must not change. */
    CLIENT_SHARD_URLS: urlListSchema(['postgres:', 'postgresql:']),
    MIGRATE_ON_START: booleanSchema.default(true),
    LOG_LEVEL: logLevelSchema.default('info'),
  })
  .transform((env) => ({
    host: env.CLIENT_SERVICE_HOST,
    port: env.CLIENT_SERVICE_PORT,
    shardUrls: env.CLIENT_SHARD_URLS,
    migrateOnStart: env.MIGRATE_ON_START,
    logLevel: env.LOG_LEVEL,
  }));

export type ClientServiceConfig = z.infer<typeof clientServiceConfigSchema>;

/** Reads the config once at start; a ConfigError names the bad variable in one line. */
export function readClientServiceConfig(env: NodeJS.ProcessEnv): ClientServiceConfig {
  return readConfig(clientServiceConfigSchema, env);
}
