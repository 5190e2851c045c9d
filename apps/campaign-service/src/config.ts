import { z } from 'zod';
import {
  booleanSchema,
  metricsPortSchema,
  brokerListSchema,
  kafkaNamespaceSchema,
  kafkaReplicationFactorSchema,
  logLevelSchema,
  portSchema,
  readConfig,
  urlListSchema,
  urlSchema,
  sentryDsnSchema,
} from '@coldreach/config';

/** The campaign service's environment, in connected mode (the embedded launcher passes options instead). */
export const campaignServiceConfigSchema = z
  .object({
    CAMPAIGN_SERVICE_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    CAMPAIGN_SERVICE_PORT: portSchema.default(50052),
    /**
     * The campaign shards: one PostgreSQL URL per shard, comma-separated, in shard order (the order
     * routes workspaces and must not change).
     */
    CAMPAIGN_DATABASE_URLS: urlListSchema(['postgres:', 'postgresql:']).optional(),
    /** One campaign database (a single shard): instead of CAMPAIGN_DATABASE_URLS. */
    CAMPAIGN_DATABASE_URL: urlSchema(['postgres:', 'postgresql:']).optional(),
    /** ClientService (gRPC), e.g. http://client-service:50051. */
    CLIENT_SERVICE_URL: urlSchema(['http:', 'https:']),
    /** EmailService (gRPC), e.g. http://email-service:50053. */
    EMAIL_SERVICE_URL: urlSchema(['http:', 'https:']),
    KAFKA_BROKERS: brokerListSchema,
    /** TLS to the brokers (e.g. Amazon MSK). */
    KAFKA_TLS: booleanSchema.default(false),
    /** Prefix of every topic and consumer group, for sharing one cluster between deployments. */
    KAFKA_NAMESPACE: kafkaNamespaceSchema.optional(),
    /** Replicas of the topics this service creates (3 on MSK). */
    KAFKA_REPLICATION_FACTOR: kafkaReplicationFactorSchema.default(1),
    MIGRATE_ON_START: booleanSchema.default(true),
    /** Port of /metrics and /ready (HTTP) on the service's host; unset: none, 0: a free port. */
    METRICS_PORT: metricsPortSchema,
    LOG_LEVEL: logLevelSchema.default('info'),
    /** Where errors are reported (Sentry); unset: nowhere. */
    SENTRY_DSN: sentryDsnSchema,
    /** Pause between hand-over rounds that found nothing more due. */
    SCHEDULER_INTERVAL_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(10, 'must be at least 10')
      .max(60_000, 'must be at most 60000')
      .default(1000),
    /**
     * Tasks of one campaign handed to the Email service in the last minute and not yet sent (or
     * failed, …), at most: a few seconds of sending. More only queues in the ledger; fewer can
     * leave it idle.
     */
    HANDOVER_MAX_IN_FLIGHT: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1_000_000, 'must be at most 1000000')
      .default(5000),
  })
  .superRefine((env, context) => {
    const urls = [env.CAMPAIGN_DATABASE_URLS, env.CAMPAIGN_DATABASE_URL].filter((set) => set !== undefined);
    if (urls.length === 1) return;
    context.addIssue({
      code: 'custom',
      path: urls.length === 0 ? [] : ['CAMPAIGN_DATABASE_URLS'],
      message:
        urls.length === 0
          ? 'set CAMPAIGN_DATABASE_URLS (one URL per shard) or CAMPAIGN_DATABASE_URL (one database)'
          : 'set CAMPAIGN_DATABASE_URLS or CAMPAIGN_DATABASE_URL, not both',
    });
  })
  .transform((env) => ({
    host: env.CAMPAIGN_SERVICE_HOST,
    port: env.CAMPAIGN_SERVICE_PORT,
    /** One URL per shard, in shard order. */
    databaseUrls: env.CAMPAIGN_DATABASE_URLS ?? [env.CAMPAIGN_DATABASE_URL as string],
    clientServiceUrl: env.CLIENT_SERVICE_URL,
    emailServiceUrl: env.EMAIL_SERVICE_URL,
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaTls: env.KAFKA_TLS,
    kafkaNamespace: env.KAFKA_NAMESPACE,
    kafkaReplicationFactor: env.KAFKA_REPLICATION_FACTOR,
    migrateOnStart: env.MIGRATE_ON_START,
    metricsPort: env.METRICS_PORT,
    logLevel: env.LOG_LEVEL,
    sentryDsn: env.SENTRY_DSN,
    schedulerIntervalMs: env.SCHEDULER_INTERVAL_MS,
    handOverMaxInFlight: env.HANDOVER_MAX_IN_FLIGHT,
  }));

export type CampaignServiceConfig = z.infer<typeof campaignServiceConfigSchema>;

/** Reads the config once at start; a ConfigError names the bad variable in one line. */
export function readCampaignServiceConfig(env: NodeJS.ProcessEnv): CampaignServiceConfig {
  return readConfig(campaignServiceConfigSchema, env);
}
