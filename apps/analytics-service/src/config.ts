import { z } from 'zod';
import { oneReplicaUrlSchema, replicaSettingsSchemas } from '@coldreach/db';
import {
  booleanSchema,
  brokerListSchema,
  kafkaNamespaceSchema,
  kafkaReplicationFactorSchema,
  logLevelSchema,
  metricsPortSchema,
  portSchema,
  readConfig,
  urlSchema,
  sentryDsnSchema,
} from '@coldreach/config';

/** The analytics service's environment, in connected mode (the embedded launcher passes options instead). */
export const analyticsServiceConfigSchema = z
  .object({
    ANALYTICS_SERVICE_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    ANALYTICS_SERVICE_PORT: portSchema.default(50054),
    METRICS_PORT: metricsPortSchema,
    /** The analytics service's own PostgreSQL database: counters, processed event ids, dead letters. */
    ANALYTICS_DATABASE_URL: urlSchema(['postgres:', 'postgresql:']),
    /**
     * A streaming replica of that database for the read RPCs (one URL: the database is not sharded);
     * unset: every read on the primary. See REPLICA_MAX_LAG_MS for when the primary serves anyway.
     */
    ANALYTICS_DATABASE_REPLICA_URLS: oneReplicaUrlSchema,
    ...replicaSettingsSchemas,
    KAFKA_BROKERS: brokerListSchema,
    /** TLS to the brokers (e.g. Amazon MSK). */
    KAFKA_TLS: booleanSchema.default(false),
    /** Prefix of every topic and consumer group, for sharing one cluster between deployments. */
    KAFKA_NAMESPACE: kafkaNamespaceSchema.optional(),
    /** Replicas of the topics this service creates when they are missing (3 on MSK). */
    KAFKA_REPLICATION_FACTOR: kafkaReplicationFactorSchema.default(1),
    MIGRATE_ON_START: booleanSchema.default(true),
    LOG_LEVEL: logLevelSchema.default('info'),
    /** Where errors are reported (Sentry); unset: nowhere. */
    SENTRY_DSN: sentryDsnSchema,
  })
  .transform((env) => ({
    host: env.ANALYTICS_SERVICE_HOST,
    port: env.ANALYTICS_SERVICE_PORT,
    metricsPort: env.METRICS_PORT,
    databaseUrl: env.ANALYTICS_DATABASE_URL,
    replicaUrl: env.ANALYTICS_DATABASE_REPLICA_URLS,
    replicaMaxLagMs: env.REPLICA_MAX_LAG_MS,
    replicaPollIntervalMs: env.REPLICA_POLL_INTERVAL_MS,
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaTls: env.KAFKA_TLS,
    kafkaNamespace: env.KAFKA_NAMESPACE,
    kafkaReplicationFactor: env.KAFKA_REPLICATION_FACTOR,
    migrateOnStart: env.MIGRATE_ON_START,
    logLevel: env.LOG_LEVEL,
    sentryDsn: env.SENTRY_DSN,
  }));

export type AnalyticsServiceConfig = z.infer<typeof analyticsServiceConfigSchema>;

/** Reads the config once at start; a ConfigError names the bad variable in one line. */
export function readAnalyticsServiceConfig(env: NodeJS.ProcessEnv): AnalyticsServiceConfig {
  return readConfig(analyticsServiceConfigSchema, env);
}
