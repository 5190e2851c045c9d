import { ClientService } from '@coldreach/contracts';
import { createServiceKafkaBus, type EventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { redactUrl, type Logger } from '@coldreach/observability';
import { createStartupCleanup } from '@coldreach/process';
import { closeRedisClient, createServiceRedisClient } from '@coldreach/rate-limit';
import type { EmailServiceConfig } from './config';
import { openEmailShards } from './email-database';
import { createRedisSendLimiter, deliveryWorkerConnections } from './sending';
import { createRedisConnectionBudget } from './sending/connection-budget-redis';
import { startEmailService, type RunningEmailService } from './start-email-service';

export interface ConnectedEmailService {
  service: RunningEmailService;
  bus: EventBus;
  /** What to close on shutdown, in order: service → bus → Redis → shards. */
  steps: Array<() => Promise<unknown>>;
}

/**
 * Connected mode's dependencies, built from the config: PostgreSQL, Redis, Kafka, the Client
 * service's client, then the service in the roles the config names. A failure is logged with what
 * could not start, what was opened is closed, and the error is thrown on.
 */
export async function startConnectedEmailService(
  config: EmailServiceConfig,
  logger: Logger,
): Promise<ConnectedEmailService> {
  const startup = createStartupCleanup(logger);

  const shards = await openEmailShards(
    config.databaseUrls.map((url) => ({ url })),
    // Per shard: each runs its own workers, whose connections do not grow with their concurrency
    // (deliveries share a batch's).
    { migrate: config.migrateOnStart, poolSize: 10 + deliveryWorkerConnections },
  ).catch(
    startup.failed('could not open the email shards', {
      shards: config.databaseUrls.map((url) => redactUrl(url)),
    }),
  );
  startup.opened(() => shards.close());
  const redis = startup.track(createServiceRedisClient(config, logger), closeRedisClient);
  const bus = startup.track(createServiceKafkaBus(config, 'email-service', logger), (opened) =>
    opened.close(),
  );

  const service = await startEmailService({
    host: config.host,
    port: config.port,
    shards,
    bus,
    clients: createGrpcClient(ClientService, { baseUrl: config.clientServiceUrl }),
    logger,
    credentialsKey: config.credentialsKey,
    unsubscribeSecrets: config.unsubscribeSecrets,
    publicBaseUrl: config.publicBaseUrl,
    defaultSmtpUrl: config.smtpUrl,
    smtpAllowedPrivateCidrs: config.smtpAllowedPrivateCidrs,
    limiter: createRedisSendLimiter(redis),
    connectionBudget: createRedisConnectionBudget(redis),
    embedded: false,
    roles: config.roles,
    worker: {
      workerId: config.workerId,
      concurrency: config.workerConcurrency,
      ...(config.claimLeaseMs !== undefined && { claimLeaseMs: config.claimLeaseMs }),
      smtp: {
        maxConnectionsPerMailbox: config.smtpMaxConnectionsPerMailbox,
        ...(config.smtpTimeoutMs !== undefined && {
          connectionTimeoutMs: config.smtpTimeoutMs,
          greetingTimeoutMs: config.smtpTimeoutMs,
          socketTimeoutMs: config.smtpTimeoutMs,
        }),
      },
    },
    inbound: { pollIntervalMs: config.inboxPollIntervalMs, softBounceThreshold: config.softBounceThreshold },
  }).catch(startup.failed('could not start the email service', { brokers: config.kafkaBrokers }));
  return {
    service,
    bus,
    steps: startup.shutdownSteps(() => service.stop()),
  };
}
