// Connected mode: the campaign service as its own process, configured only by the environment.
import { readConfigOrExit } from '@coldreach/config';
import { ClientService, EmailService } from '@coldreach/contracts';
import { createKafkaEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger, redactUrl } from '@coldreach/observability';
import { handleServiceShutdown } from '@coldreach/process';
import { openCampaignDatabase } from './campaign-database';
import { readCampaignServiceConfig } from './config';
import { startCampaignService } from './start-campaign-service';
import { startCampaignWorkers } from './start-campaign-workers';

async function main(): Promise<void> {
  const config = readConfigOrExit(readCampaignServiceConfig);
  const logger = createLogger({ name: 'campaign-service', level: config.logLevel });
  const database = redactUrl(config.databaseUrl);
  const dataSource = await openCampaignDatabase(
    { url: config.databaseUrl },
    { migrate: config.migrateOnStart },
  ).catch((error: unknown) => {
    logger.fatal({ err: error, database }, 'could not open the campaign database');
    process.exit(1);
  });

  // Per-call deadlines are set by each caller; this is the fallback for any call that forgets.
  const clients = createGrpcClient(ClientService, { baseUrl: config.clientServiceUrl, timeoutMs: 5000 });
  const email = createGrpcClient(EmailService, { baseUrl: config.emailServiceUrl, timeoutMs: 5000 });
  const bus = createKafkaEventBus({
    brokers: config.kafkaBrokers,
    tls: config.kafkaTls,
    namespace: config.kafkaNamespace,
    replicationFactor: config.kafkaReplicationFactor,
    clientId: 'campaign-service',
    logger,
  });

  const workers = await startCampaignWorkers({
    dataSource,
    bus,
    clients,
    logger,
    schedulerIntervalMs: config.schedulerIntervalMs,
    handOverMaxInFlight: config.handOverMaxInFlight,
  }).catch(async (error: unknown) => {
    logger.fatal({ err: error, brokers: config.kafkaBrokers }, 'could not start the campaign workers');
    await bus.close().catch(() => undefined);
    await dataSource.destroy();
    process.exit(1);
  });

  const server = await startCampaignService({
    host: config.host,
    port: config.port,
    dataSource,
    clients,
    email,
    logger,
  }).catch(async (error: unknown) => {
    logger.fatal({ err: error }, 'could not start the gRPC server');
    await workers.stop().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await dataSource.destroy();
    process.exit(1);
  });
  logger.info(
    {
      url: server.url,
      database,
      clientService: config.clientServiceUrl,
      emailService: config.emailServiceUrl,
      brokers: config.kafkaBrokers,
    },
    'campaign service listening',
  );

  handleServiceShutdown({
    logger,
    notReady: () => server.health.shutdown(),
    steps: [() => server.close(), () => workers.stop(), () => bus.close(), () => dataSource.destroy()],
    bus,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `campaign-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
