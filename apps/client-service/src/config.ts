import { z } from 'zod';
import {
  booleanSchema,
  metricsPortSchema,
  logLevelSchema,
  portSchema,
  readConfig,
  urlListSchema,
  brokerListSchema,
  kafkaNamespaceSchema,
  kafkaReplicationFactorSchema,
  sentryDsnSchema,
} from '@coldreach/config';
import { replicaCountProblem, replicaSettingsSchemas, replicaUrlsSchema } from '@coldreach/db';

/** The client service's environment, in connected mode (the embedded launcher passes options instead). */
export const clientServiceConfigSchema = z
  .object({
    CLIENT_SERVICE_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    CLIENT_SERVICE_PORT: portSchema.default(50051),
    /** One PostgreSQL URL per shard, comma-separated; the order is the shard order and must not change. */
    CLIENT_SHARD_URLS: urlListSchema(['postgres:', 'postgresql:']),
    /**
     * A streaming replica per shard for listings, one entry per CLIENT_SHARD_URLS entry in the same
     * order, empty for a shard without one; unset: every read on the primaries.
     */
    CLIENT_SHARD_REPLICA_URLS: replicaUrlsSchema,
    ...replicaSettingsSchemas,
    /** Where the outbox relay publishes `clients.events`. */
    KAFKA_BROKERS: brokerListSchema,
    /** TLS to the brokers (e.g. Amazon MSK). */
    KAFKA_TLS: booleanSchema.default(false),
    /** Prefix of every topic and consumer group, for sharing one cluster between deployments. */
    KAFKA_NAMESPACE: kafkaNamespaceSchema.optional(),
    /** Replicas of the topics this service creates (3 on MSK). */
    KAFKA_REPLICATION_FACTOR: kafkaReplicationFactorSchema.default(1),
    /** Partitions of `clients.events` when this service creates it (an existing topic is kept). */
    CLIENTS_EVENTS_PARTITIONS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1000, 'must be at most 1000')
      .default(6),
    MIGRATE_ON_START: booleanSchema.default(true),
    /** Port of /metrics and /ready (HTTP) on the service's host; unset: none, 0: a free port. */
    METRICS_PORT: metricsPortSchema,
    LOG_LEVEL: logLevelSchema.default('info'),
    /** Where errors are reported (Sentry); unset: nowhere. */
    SENTRY_DSN: sentryDsnSchema,
  })
  .superRefine((env, context) => {
    const problem = replicaCountProblem(env.CLIENT_SHARD_REPLICA_URLS.length, env.CLIENT_SHARD_URLS.length);
    if (problem) context.addIssue({ code: 'custom', path: ['CLIENT_SHARD_REPLICA_URLS'], message: problem });
  })
  .transform((env) => ({
    host: env.CLIENT_SERVICE_HOST,
    port: env.CLIENT_SERVICE_PORT,
    shardUrls: env.CLIENT_SHARD_URLS,
    /** Aligned with shardUrls: undefined for a shard without a replica. */
    replicaUrls: env.CLIENT_SHARD_REPLICA_URLS,
    replicaMaxLagMs: env.REPLICA_MAX_LAG_MS,
    replicaPollIntervalMs: env.REPLICA_POLL_INTERVAL_MS,
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaTls: env.KAFKA_TLS,
    kafkaNamespace: env.KAFKA_NAMESPACE,
    kafkaReplicationFactor: env.KAFKA_REPLICATION_FACTOR,
    clientsEventsPartitions: env.CLIENTS_EVENTS_PARTITIONS,
    migrateOnStart: env.MIGRATE_ON_START,
    metricsPort: env.METRICS_PORT,
    logLevel: env.LOG_LEVEL,
    sentryDsn: env.SENTRY_DSN,
  }));

export type ClientServiceConfig = z.infer<typeof clientServiceConfigSchema>;

/** Reads the config once at start; a ConfigError names the bad variable in one line. */
export function readClientServiceConfig(env: NodeJS.ProcessEnv): ClientServiceConfig {
  return readConfig(clientServiceConfigSchema, env);
}
