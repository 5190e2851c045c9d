import { resolve } from 'node:path';
import { z } from 'zod';
import { readConfig, urlListSchema, urlSchema, brokerListSchema } from '@coldreach/config';

const postgresSchemes = ['postgres:', 'postgresql:'];
const repositoryRoot = resolve(__dirname, '../../..');

const schema = z
  .object({
    /** Needed only to replay dead letters. */
    KAFKA_BROKERS: brokerListSchema.optional(),
    GATEWAY_DATABASE_URL: urlSchema(postgresSchemes).optional(),
    CLIENT_SHARD_URLS: urlListSchema(postgresSchemes).optional(),
    COLDREACH_DATA_DIR: z.string().min(1, 'must not be empty').optional(),
    EMBEDDED_CLIENT_SHARDS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(64, 'must be at most 64')
      .default(2),
  })
  .superRefine((env, context) => {
    // Half connected, half embedded would migrate one store and not the other.
    if (env.CLIENT_SHARD_URLS && !env.GATEWAY_DATABASE_URL) {
      context.addIssue({
        code: 'custom',
        path: ['CLIENT_SHARD_URLS'],
        message: 'is set, so GATEWAY_DATABASE_URL is required too',
      });
    }
  });

/** Where the admin CLI finds the databases: PostgreSQL URLs, or the embedded platform's PGlite data. */
export type AdminConfig = (
  | { mode: 'connected'; gatewayDatabaseUrl: string; clientShardUrls: string[] | undefined }
  | { mode: 'embedded'; dataDir: string; clientShardCount: number }
) & { kafkaBrokers: string[] | undefined };

export function readAdminConfig(env: NodeJS.ProcessEnv): AdminConfig {
  const parsed = readConfig(schema, env);
  if (parsed.GATEWAY_DATABASE_URL) {
    return {
      mode: 'connected',
      gatewayDatabaseUrl: parsed.GATEWAY_DATABASE_URL,
      clientShardUrls: parsed.CLIENT_SHARD_URLS,
      kafkaBrokers: parsed.KAFKA_BROKERS,
    };
  }
  return {
    mode: 'embedded',
    dataDir: resolve(parsed.COLDREACH_DATA_DIR ?? resolve(repositoryRoot, '.data')),
    clientShardCount: parsed.EMBEDDED_CLIENT_SHARDS,
    kafkaBrokers: parsed.KAFKA_BROKERS,
  };
}
