// A stand-in for apps/campaign-service/src/main.ts, composed the same way from the same exports,
// for as long as that main ignores KAFKA_NAMESPACE: without a namespace the benchmark's campaign
// service would publish email.commands onto the cluster's shared, un-prefixed topics while the email
// service it talks to reads the prefixed ones. run.ts starts the real main.ts as soon as the campaign
// service's config reads KAFKA_NAMESPACE, and this file can then go.
import { ClientService, EmailService } from '@coldreach/contracts';
import {
  openCampaignDatabase,
  readCampaignServiceConfig,
  startCampaignService,
  startCampaignWorkers,
} from '@coldreach/campaign-service';
import { createKafkaEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';

async function main(): Promise<void> {
  const config = readCampaignServiceConfig(process.env);
  const logger = createLogger({ name: 'campaign-service', level: config.logLevel });
  const dataSource = await openCampaignDatabase({ url: config.databaseUrl }, { migrate: true });
  const clients = createGrpcClient(ClientService, { baseUrl: config.clientServiceUrl, timeoutMs: 5000 });
  const email = createGrpcClient(EmailService, { baseUrl: config.emailServiceUrl, timeoutMs: 5000 });
  const bus = createKafkaEventBus({
    brokers: config.kafkaBrokers,
    clientId: 'campaign-service',
    namespace: process.env.KAFKA_NAMESPACE,
    logger,
  });
  const workers = await startCampaignWorkers({
    dataSource,
    bus,
    clients,
    logger,
    schedulerIntervalMs: config.schedulerIntervalMs,
  });
  const server = await startCampaignService({
    host: config.host,
    port: config.port,
    dataSource,
    clients,
    email,
    logger,
  });
  logger.info({ url: server.url }, 'campaign service listening');
  process.once('SIGTERM', () => {
    void (async () => {
      server.health.shutdown();
      await server.close();
      await workers.stop();
      await bus.close();
      await dataSource.destroy();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
