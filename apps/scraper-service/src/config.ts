import { hostname } from 'node:os';
import { z } from 'zod';
import {
  booleanSchema,
  metricsPortSchema,
  dailyCommandBudgetSchema,
  brokerListSchema,
  kafkaNamespaceSchema,
  kafkaReplicationFactorSchema,
  logLevelSchema,
  portSchema,
  readConfig,
  urlSchema,
  sentryDsnSchema,
} from '@coldreach/config';
import { oneReplicaUrlSchema, replicaSettingsSchemas } from '@coldreach/db';
import { allowedCidrsSchema } from '@coldreach/outbound-guard';
import { commaList, wholeNumber } from './env-values';
import { verificationEnvShape, verificationSettingsOf } from './verification/verification-config';

const roleNames = ['api', 'worker'] as const;

/**
 * The crawl's variables: the same in connected mode and in the embedded platform (`npm start`), which
 * spreads this shape into its own schema and reads it with crawlSettingsOf.
 */
export const crawlEnvShape = {
  /**
   * Comma-separated CIDRs that crawled URLs may reach although internal (private, loopback…), for
   * tests and the local benchmark only; empty: public addresses only. Nothing else loosens it.
   */
  SCRAPER_ALLOWED_PRIVATE_CIDRS: allowedCidrsSchema(),
  /**
   * `deny` keeps crawls to the allow-list's ranges only (tests and benchmarks that must not leave the
   * machine). It only tightens the guard. Default `allow`.
   */
  SCRAPER_PUBLIC_ADDRESSES: z.enum(['allow', 'deny'], { message: 'must be allow or deny' }).default('allow'),
  /** Comma-separated ports crawled URLs may use. */
  SCRAPER_ALLOWED_PORTS: commaList
    .default(['80', '443', '8080', '8443'])
    .pipe(z.array(z.string()).min(1, 'must list at least one port'))
    .transform((ports, context) => {
      const numbers = ports.map(Number);
      if (numbers.every((port) => Number.isInteger(port) && port >= 1 && port <= 65535)) return numbers;
      context.addIssue({ code: 'custom', message: 'must be ports between 1 and 65535' });
      return z.NEVER;
    }),
  /** DNS servers (host:port, comma-separated) the crawler asks; empty: the system resolver. */
  SCRAPER_DNS_SERVERS: commaList.default([]),
  /** Where site owners learn about the crawler; named in its User-Agent. */
  SCRAPER_CONTACT_URL: urlSchema(['http:', 'https:']).default('https://github.com/coldreach/coldreach'),
  /** Pages fetched at once by one worker process, over every host. */
  SCRAPER_CONCURRENCY: wholeNumber(1, 1000).default(32),
  /** The least time between two requests to one host. */
  SCRAPER_HOST_DELAY_MS: wholeNumber(0, 600_000).default(1000),
  /** A robots.txt Crawl-delay raises the host's delay, up to this. */
  SCRAPER_MAX_CRAWL_DELAY_MS: wholeNumber(0, 3_600_000).default(30_000),
  /**
   * Threads that parse pages beside the crawl loop's own (0: the loop parses them itself). Default:
   * one per core beyond the first, at most 4.
   */
  SCRAPER_EXTRACT_THREADS: wholeNumber(0, 64).optional(),
  /** Requests in flight to one host at once. */
  SCRAPER_HOST_CONCURRENCY: wholeNumber(1, 100).default(1),
  /** Bytes of one response, counted after decompression. */
  SCRAPER_MAX_PAGE_BYTES: wholeNumber(1024, 1024 * 1024 * 1024).default(5 * 1024 * 1024),
  /** The whole of one request: connecting, headers and body. */
  SCRAPER_PAGE_TIMEOUT_MS: wholeNumber(1000, 600_000).default(15_000),
  /** Queued or running jobs of one workspace at once. */
  SCRAPER_MAX_ACTIVE_JOBS_PER_WORKSPACE: wholeNumber(1, 10_000).default(3),
  /** Pages one workspace may fetch per day (UTC). */
  SCRAPER_MAX_PAGES_PER_WORKSPACE_PER_DAY: wholeNumber(1, 100_000_000).default(50_000),
};

/** The crawl settings and quotas, camelCase, from the parsed variables of crawlEnvShape. */
export function crawlSettingsOf(env: z.infer<z.ZodObject<typeof crawlEnvShape>>) {
  return {
    crawl: {
      allowedPrivateCidrs: env.SCRAPER_ALLOWED_PRIVATE_CIDRS,
      publicAddresses: env.SCRAPER_PUBLIC_ADDRESSES,
      allowedPorts: env.SCRAPER_ALLOWED_PORTS,
      dnsServers: env.SCRAPER_DNS_SERVERS,
      contactUrl: env.SCRAPER_CONTACT_URL,
      concurrency: env.SCRAPER_CONCURRENCY,
      hostDelayMs: env.SCRAPER_HOST_DELAY_MS,
      maxCrawlDelayMs: env.SCRAPER_MAX_CRAWL_DELAY_MS,
      hostConcurrency: env.SCRAPER_HOST_CONCURRENCY,
      maxPageBytes: env.SCRAPER_MAX_PAGE_BYTES,
      pageTimeoutMs: env.SCRAPER_PAGE_TIMEOUT_MS,
      ...(env.SCRAPER_EXTRACT_THREADS !== undefined && { extractThreads: env.SCRAPER_EXTRACT_THREADS }),
    },
    quotas: {
      maxActiveJobsPerWorkspace: env.SCRAPER_MAX_ACTIVE_JOBS_PER_WORKSPACE,
      maxPagesPerWorkspacePerDay: env.SCRAPER_MAX_PAGES_PER_WORKSPACE_PER_DAY,
    },
  };
}

/** The scraper service's environment, in connected mode (the embedded launcher passes options instead). */
export const scraperServiceConfigSchema = z
  .object({
    SCRAPER_SERVICE_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    SCRAPER_SERVICE_PORT: portSchema.default(50055),
    /** The service's one PostgreSQL database (jobs, frontier, results, outbox). */
    SCRAPER_DATABASE_URL: urlSchema(['postgres:', 'postgresql:']),
    /** A streaming replica of it for job and result reads (one URL: the database is not sharded); unset: none. */
    SCRAPER_DATABASE_REPLICA_URLS: oneReplicaUrlSchema,
    ...replicaSettingsSchemas,
    KAFKA_BROKERS: brokerListSchema,
    KAFKA_TLS: booleanSchema.default(false),
    KAFKA_NAMESPACE: kafkaNamespaceSchema.optional(),
    KAFKA_REPLICATION_FACTOR: kafkaReplicationFactorSchema.default(1),
    /** Per-host politeness, shared by every worker process. */
    REDIS_URL: urlSchema(['redis:', 'rediss:']),
    ...crawlEnvShape,
    ...verificationEnvShape,
    /** The Client service, where verification results are recorded and bulk jobs list their leads. */
    CLIENT_SERVICE_URL: urlSchema(['http:', 'https:']).default('http://127.0.0.1:50051'),
    /** What this process runs: `api`, `worker` (the crawl workers), or both. */
    SCRAPER_SERVICE_ROLES: commaList
      .default(['api', 'worker'])
      .pipe(
        z
          .array(z.enum(roleNames, { message: 'must list api and/or worker' }))
          .min(1, 'must list api and/or worker'),
      ),
    SCRAPER_WORKER_ID: z.string().max(200, 'must be at most 200 characters').optional(),
    /**
     * How long a worker holds a URL it claimed before another may take it (a crashed worker's URLs
     * wait this long); longer than SCRAPER_PAGE_TIMEOUT_MS. Default: 4 × that, at least 2 minutes.
     */
    SCRAPER_CLAIM_LEASE_MS: wholeNumber(1000, 3_600_000).optional(),
    MIGRATE_ON_START: booleanSchema.default(true),
    /** Port of /metrics and /ready (HTTP) on the service's host; unset: none, 0: a free port. */
    METRICS_PORT: metricsPortSchema,
    /** Redis commands per day this process should stay under; 80% of it logs a warning. */
    REDIS_DAILY_COMMAND_BUDGET: dailyCommandBudgetSchema,
    LOG_LEVEL: logLevelSchema.default('info'),
    /** Where errors are reported (Sentry); unset: nowhere. */
    SENTRY_DSN: sentryDsnSchema,
  })
  .transform((env) => ({
    host: env.SCRAPER_SERVICE_HOST,
    port: env.SCRAPER_SERVICE_PORT,
    databaseUrl: env.SCRAPER_DATABASE_URL,
    replicaUrl: env.SCRAPER_DATABASE_REPLICA_URLS,
    replicaMaxLagMs: env.REPLICA_MAX_LAG_MS,
    replicaPollIntervalMs: env.REPLICA_POLL_INTERVAL_MS,
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaTls: env.KAFKA_TLS,
    kafkaNamespace: env.KAFKA_NAMESPACE || undefined,
    kafkaReplicationFactor: env.KAFKA_REPLICATION_FACTOR,
    redisUrl: env.REDIS_URL,
    roles: {
      api: env.SCRAPER_SERVICE_ROLES.includes('api'),
      workers: env.SCRAPER_SERVICE_ROLES.includes('worker'),
    },
    workerId: env.SCRAPER_WORKER_ID || `${hostname()}-${process.pid}`,
    claimLeaseMs: env.SCRAPER_CLAIM_LEASE_MS,
    ...crawlSettingsOf(env),
    verification: verificationSettingsOf(env),
    clientServiceUrl: env.CLIENT_SERVICE_URL,
    migrateOnStart: env.MIGRATE_ON_START,
    metricsPort: env.METRICS_PORT,
    redisDailyCommandBudget: env.REDIS_DAILY_COMMAND_BUDGET,
    logLevel: env.LOG_LEVEL,
    sentryDsn: env.SENTRY_DSN,
  }));

export type ScraperServiceConfig = z.infer<typeof scraperServiceConfigSchema>;
export type CrawlSettings = ScraperServiceConfig['crawl'];

/** Reads the config once at start; a ConfigError names the bad variable. */
export function readScraperServiceConfig(env: NodeJS.ProcessEnv): ScraperServiceConfig {
  return readConfig(scraperServiceConfigSchema, env);
}
