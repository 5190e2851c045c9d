import { hostname } from 'node:os';
import { z } from 'zod';
import {
  booleanSchema,
  metricsPortSchema,
  dailyCommandBudgetSchema,
  brokerListSchema,
  logLevelSchema,
  portSchema,
  readConfig,
  urlListSchema,
  urlSchema,
  kafkaReplicationFactorSchema,
  sentryDsnSchema,
} from '@coldreach/config';
import { allowedCidrsSchema } from '@coldreach/outbound-guard';

const roleNames = ['api', 'worker'] as const;
const minimumSecretBytes = 32;

const positiveInt = (max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`);

/** The email service's environment, in connected mode (the embedded launcher passes options instead). */
export const emailServiceConfigSchema = z
  .object({
    EMAIL_SERVICE_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    EMAIL_SERVICE_PORT: portSchema.default(50053),
    /** The service's PostgreSQL database (mailboxes, ledger, suppressions, outbox) when it has one shard. */
    EMAIL_DATABASE_URL: urlSchema(['postgres:', 'postgresql:']).optional(),
    /**
     * Or one PostgreSQL URL per shard, comma-separated: a workspace's rows all live on one shard.
     * The order is the shard order and must not change (moving workspaces is the resharding tool's).
     */
    EMAIL_DATABASE_URLS: urlListSchema(['postgres:', 'postgresql:']).optional(),
    /** ClientService, for SendEmail's recipient. */
    CLIENT_SERVICE_URL: urlSchema(['http:', 'https:']),
    KAFKA_BROKERS: brokerListSchema,
    KAFKA_TLS: booleanSchema.default(false),
    /** Prefixes topics and groups, so several deployments can share one cluster. */
    KAFKA_NAMESPACE: z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/, 'may hold only letters, digits, ".", "_" and "-"')
      .default(''),
    /**
     * A worker silent this long leaves the email.commands group and its partitions move to the
     * others (within the broker's group.min/max.session.timeout.ms; 6 s to 30 s by default).
     */
    KAFKA_SESSION_TIMEOUT_MS: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1000, 'must be at least 1000')
      .max(3_600_000, 'must be at most 3600000')
      .default(30_000),
    /** Replicas of the topics this service creates (3 on MSK). */
    KAFKA_REPLICATION_FACTOR: kafkaReplicationFactorSchema.default(1),
    /** Send limits (daily caps, domain throttles), shared by every worker. */
    REDIS_URL: urlSchema(['redis:', 'rediss:']),
    /** The transport of mailboxes without their own SMTP URL; unset: their emails are caught. */
    SMTP_URL: urlSchema(['smtp:', 'smtps:']).optional(),
    /**
     * Comma-separated CIDRs that mailboxes' own SMTP URLs may point at although internal (private,
     * loopback, link-local…); empty: public addresses only. SMTP_URL is the operator's and unchecked.
     */
    SMTP_ALLOWED_PRIVATE_CIDRS: allowedCidrsSchema(),
    /** Base64 of 32 random bytes; seals the mailboxes' SMTP URLs. Changing it makes them unreadable. */
    EMAIL_CREDENTIALS_KEY: z.string().refine((value) => decodeKey(value) !== undefined, {
      message: 'must be the base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)',
    }),
    /** Comma-separated; the first signs unsubscribe links, all verify them (rotation). */
    UNSUBSCRIBE_SECRETS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string())
          .min(1, 'must list at least one secret')
          .refine((secrets) => secrets.every((secret) => Buffer.byteLength(secret) >= minimumSecretBytes), {
            message: `each secret must be at least ${minimumSecretBytes} bytes`,
          }),
      ),
    /** Where the gateway serves `/unsubscribe/:token` for recipients. */
    PUBLIC_BASE_URL: urlSchema(['http:', 'https:']),
    /** What this process runs: `api`, `worker` (delivery workers and consumers), or both. */
    EMAIL_SERVICE_ROLES: z
      .string()
      .default('api,worker')
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.enum(roleNames, { message: 'must list api and/or worker' }))
          .min(1, 'must list api and/or worker'),
      ),
    EMAIL_WORKER_CONCURRENCY: positiveInt(1000).default(64),
    EMAIL_WORKER_ID: z.string().max(200, 'must be at most 200 characters').optional(),
    /** How long a claim is held before the reaper may hand the delivery to another worker. */
    EMAIL_CLAIM_LEASE_MS: positiveInt(3_600_000).optional(),
    /** Timeout of each SMTP step. */
    EMAIL_SMTP_TIMEOUT_MS: positiveInt(600_000).optional(),
    /** SMTP connections one mailbox may have open at once, counted over every worker process (in Redis). */
    SMTP_MAX_CONNECTIONS_PER_MAILBOX: positiveInt(100).default(5),
    /** How often every mailbox's INBOX is read (replies, bounces, complaints). */
    EMAIL_INBOX_POLL_INTERVAL_MS: positiveInt(86_400_000).default(60_000),
    /** Soft bounces of one address (in a workspace) that suppress it. */
    EMAIL_SOFT_BOUNCE_THRESHOLD: positiveInt(100).default(3),
    MIGRATE_ON_START: booleanSchema.default(true),
    /** Port of /metrics and /ready (HTTP) on the service's host; unset: none, 0: a free port. */
    METRICS_PORT: metricsPortSchema,
    /** Redis commands per day this process should stay under; 80% of it logs a warning. */
    REDIS_DAILY_COMMAND_BUDGET: dailyCommandBudgetSchema,
    LOG_LEVEL: logLevelSchema.default('info'),
    /** Where errors are reported (Sentry); unset: nowhere. */
    SENTRY_DSN: sentryDsnSchema,
  })
  .superRefine((env, context) => {
    if ((env.EMAIL_DATABASE_URL === undefined) === (env.EMAIL_DATABASE_URLS === undefined))
      context.addIssue({
        code: 'custom',
        // No path: naming one variable would make a missing pair read "EMAIL_DATABASE_URLS: is required".
        path: [],
        message:
          'set exactly one of EMAIL_DATABASE_URL (one shard) and EMAIL_DATABASE_URLS (one URL per shard)',
      });
  })
  .transform((env) => ({
    host: env.EMAIL_SERVICE_HOST,
    port: env.EMAIL_SERVICE_PORT,
    /** The shards' URLs in shard order; EMAIL_DATABASE_URL is the one shard of an unsharded deployment. */
    databaseUrls: env.EMAIL_DATABASE_URLS ?? [env.EMAIL_DATABASE_URL!],
    clientServiceUrl: env.CLIENT_SERVICE_URL,
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaTls: env.KAFKA_TLS,
    kafkaNamespace: env.KAFKA_NAMESPACE || undefined,
    kafkaReplicationFactor: env.KAFKA_REPLICATION_FACTOR,
    kafkaSessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    redisUrl: env.REDIS_URL,
    smtpUrl: env.SMTP_URL,
    smtpAllowedPrivateCidrs: env.SMTP_ALLOWED_PRIVATE_CIDRS,
    credentialsKey: decodeKey(env.EMAIL_CREDENTIALS_KEY)!,
    unsubscribeSecrets: env.UNSUBSCRIBE_SECRETS,
    publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    roles: {
      api: env.EMAIL_SERVICE_ROLES.includes('api'),
      workers: env.EMAIL_SERVICE_ROLES.includes('worker'),
    },
    workerConcurrency: env.EMAIL_WORKER_CONCURRENCY,
    workerId: env.EMAIL_WORKER_ID || `${hostname()}-${process.pid}`,
    claimLeaseMs: env.EMAIL_CLAIM_LEASE_MS,
    smtpTimeoutMs: env.EMAIL_SMTP_TIMEOUT_MS,
    smtpMaxConnectionsPerMailbox: env.SMTP_MAX_CONNECTIONS_PER_MAILBOX,
    inboxPollIntervalMs: env.EMAIL_INBOX_POLL_INTERVAL_MS,
    softBounceThreshold: env.EMAIL_SOFT_BOUNCE_THRESHOLD,
    migrateOnStart: env.MIGRATE_ON_START,
    metricsPort: env.METRICS_PORT,
    redisDailyCommandBudget: env.REDIS_DAILY_COMMAND_BUDGET,
    logLevel: env.LOG_LEVEL,
    sentryDsn: env.SENTRY_DSN,
  }));

export type EmailServiceConfig = z.infer<typeof emailServiceConfigSchema>;

/** Reads the config once at start; a ConfigError names the bad variable, never a secret's value. */
export function readEmailServiceConfig(env: NodeJS.ProcessEnv): EmailServiceConfig {
  return readConfig(emailServiceConfigSchema, env);
}

function decodeKey(value: string): Uint8Array | undefined {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.length === 32 ? new Uint8Array(bytes) : undefined;
}
