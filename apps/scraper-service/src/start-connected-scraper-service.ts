import { ClientService } from '@coldreach/contracts';
import { createServiceKafkaBus, type EventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { redactUrl, type Logger } from '@coldreach/observability';
import { openReadReplicas } from '@coldreach/db';
import { createStartupCleanup } from '@coldreach/process';
import { closeRedisClient, createServiceRedisClient } from '@coldreach/rate-limit';
import type { ScraperServiceConfig } from './config';
import { createRedisHostGate } from './politeness';
import { openScraperDatabase } from './scraper-database';
import { startScraperService, type RunningScraperService } from './start-scraper-service';

export interface ConnectedScraperService {
  service: RunningScraperService;
  bus: EventBus;
  /** What to close on shutdown, in order: service → bus → replica → Redis → database. */
  steps: Array<() => Promise<unknown>>;
}

/**
 * Connected mode's dependencies, built from the config: PostgreSQL, Redis (the host gate every worker
 * process shares), Kafka, then the service in the roles the config names. A failure is logged with
 * what could not start, what was opened is closed, and the error is thrown on.
 */
export async function startConnectedScraperService(
  config: ScraperServiceConfig,
  logger: Logger,
): Promise<ConnectedScraperService> {
  const startup = createStartupCleanup(logger);
  const dataSource = await openScraperDatabase(
    { url: config.databaseUrl },
    { migrate: config.migrateOnStart, poolSize: 10 },
  ).catch(startup.failed('could not open the scraper database', { database: redactUrl(config.databaseUrl) }));
  startup.opened(() => dataSource.destroy());
  const redis = startup.track(createServiceRedisClient(config, logger), closeRedisClient);
  // Only the API reads jobs; a replica down at start is no failure (reads use the primary meanwhile).
  // Write marks go to Redis, so a job created through one API pod is read back through another.
  const replicas = config.roles.api
    ? await openReadReplicas({
        primaries: [dataSource],
        replicaUrls: [config.replicaUrl],
        name: `${config.kafkaNamespace ?? 'default'}:scraper`,
        maxLagMs: config.replicaMaxLagMs,
        pollIntervalMs: config.replicaPollIntervalMs,
        redis,
        logger,
      }).catch(startup.failed('could not open the scraper replica'))
    : undefined;
  if (replicas) startup.opened(() => replicas.close());
  const bus = startup.track(createServiceKafkaBus(config, 'scraper-service', logger), (opened) =>
    opened.close(),
  );

  const service = await startScraperService({
    host: config.host,
    port: config.port,
    dataSource,
    replicas,
    bus,
    logger,
    gate: createRedisHostGate(redis, {
      keyPrefix: `coldreach:${config.kafkaNamespace ?? 'default'}:scraper:hosts`,
      perHostConcurrency: config.crawl.hostConcurrency,
      // A hold outlives the longest request, so a slow page never loses its host mid-download.
      leaseTtlMs: config.crawl.pageTimeoutMs * 2,
    }),
    crawl: { ...config.crawl, ...(config.claimLeaseMs !== undefined && { leaseMs: config.claimLeaseMs }) },
    quotas: config.quotas,
    verification: {
      settings: config.verification,
      clients: createGrpcClient(ClientService, { baseUrl: config.clientServiceUrl, timeoutMs: 30_000 }),
    },
    roles: config.roles,
    workerId: config.workerId,
  }).catch(startup.failed('could not start the scraper service', { brokers: config.kafkaBrokers }));
  return {
    service,
    bus,
    steps: startup.shutdownSteps(() => service.stop()),
  };
}
