// Connected mode: the email service as its own process(es), configured only by the environment.
import { readConfigOrExit } from '@coldreach/config';
import { ClientService } from '@coldreach/contracts';
import { createKafkaEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger, redactUrl } from '@coldreach/observability';
import { closeRedisClient, createRedisClient } from '@coldreach/rate-limit';
import { handleServiceShutdown } from '@coldreach/process';
import { readEmailServiceConfig } from './config';
import { openEmailDatabase } from './email-database';
import { createRedisSendLimiter, deliveryWorkerConnections } from './sending';
import { startEmailService } from './start-email-service';

async function main(): Promise<void> {
  const config = readConfigOrExit(readEmailServiceConfig);
  const logger = createLogger({ name: 'email-service', level: config.logLevel });
  const database = redactUrl(config.databaseUrl);
  const dataSource = await openEmailDatabase(
    { url: config.databaseUrl },
    // The workers' connections do not grow with their concurrency: deliveries share a batch's.
    { migrate: config.migrateOnStart, poolSize: 10 + deliveryWorkerConnections },
  ).catch((error: unknown) => {
    logger.fatal({ err: error, database }, 'could not open the email database');
    process.exit(1);
  });
  const redis = createRedisClient(config.redisUrl, {
    onError: (error) => logger.warn({ err: error }, 'redis connection error'),
  });
  const bus = createKafkaEventBus({
    brokers: config.kafkaBrokers,
    tls: config.kafkaTls,
    namespace: config.kafkaNamespace,
    replicationFactor: config.kafkaReplicationFactor,
    sessionTimeoutMs: config.kafkaSessionTimeoutMs,
    clientId: 'email-service',
    logger,
  });
  const closeAll = async () => {
    await bus.close().catch(() => undefined);
    await closeRedisClient(redis).catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
  };

  const service = await startEmailService({
    host: config.host,
    port: config.port,
    dataSource,
    bus,
    clients: createGrpcClient(ClientService, { baseUrl: config.clientServiceUrl }),
    logger,
    credentialsKey: config.credentialsKey,
    unsubscribeSecrets: config.unsubscribeSecrets,
    publicBaseUrl: config.publicBaseUrl,
    defaultSmtpUrl: config.smtpUrl,
    smtpAllowedPrivateCidrs: config.smtpAllowedPrivateCidrs,
    limiter: createRedisSendLimiter(redis),
    embedded: false,
    roles: config.roles,
    worker: {
      workerId: config.workerId,
      concurrency: config.workerConcurrency,
      ...(config.claimLeaseMs !== undefined && { claimLeaseMs: config.claimLeaseMs }),
      ...(config.smtpTimeoutMs !== undefined && {
        smtp: {
          connectionTimeoutMs: config.smtpTimeoutMs,
          greetingTimeoutMs: config.smtpTimeoutMs,
          socketTimeoutMs: config.smtpTimeoutMs,
        },
      }),
    },
  }).catch(async (error: unknown) => {
    logger.fatal({ err: error, brokers: config.kafkaBrokers }, 'could not start the email service');
    await closeAll();
    process.exit(1);
  });
  logger.info(
    {
      url: service.url,
      roles: config.roles,
      workerId: config.roles.workers ? config.workerId : undefined,
      database,
      brokers: config.kafkaBrokers,
      smtp: config.smtpUrl ? redactUrl(config.smtpUrl) : 'catcher',
    },
    'email service running',
  );

  handleServiceShutdown({
    logger,
    notReady: () => service.health?.shutdown(),
    steps: [
      () => service.stop(),
      () => bus.close(),
      () => closeRedisClient(redis),
      () => dataSource.destroy(),
    ],
    bus,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `email-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
