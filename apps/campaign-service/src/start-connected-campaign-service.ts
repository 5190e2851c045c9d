import { ClientService, EmailService } from '@coldreach/contracts';
import { createServiceKafkaBus, type EventBus } from '@coldreach/events';
import { createGrpcClient, type GrpcServer } from '@coldreach/grpc';
import { redactUrl, type Logger } from '@coldreach/observability';
import { createStartupCleanup } from '@coldreach/process';
import { openCampaignShards } from './campaign-database';
import type { CampaignServiceConfig } from './config';
import { startCampaignService } from './start-campaign-service';
import { startCampaignWorkers } from './start-campaign-workers';

export interface ConnectedCampaignService {
  server: GrpcServer;
  bus: EventBus;
  /** What to close on shutdown, in order: server → workers → bus → shards. */
  steps: Array<() => Promise<unknown>>;
}

/**
 * Connected mode's dependencies, built from the config: the PostgreSQL shards, the Client and Email services'
 * clients, Kafka, the workers and the gRPC server. A failure is logged with what could not start,
 * what was opened is closed, and the error is thrown on.
 */
export async function startConnectedCampaignService(
  config: CampaignServiceConfig,
  logger: Logger,
): Promise<ConnectedCampaignService> {
  const startup = createStartupCleanup(logger);

  const shards = await openCampaignShards(
    config.databaseUrls.map((url) => ({ url })),
    { migrate: config.migrateOnStart },
  ).catch(
    startup.failed('could not open the campaign shards', { databases: config.databaseUrls.map(redactUrl) }),
  );
  startup.opened(() => shards.close());
  // Per-call deadlines are set by each caller; this is the fallback for any call that forgets.
  const clients = createGrpcClient(ClientService, { baseUrl: config.clientServiceUrl, timeoutMs: 5000 });
  const email = createGrpcClient(EmailService, { baseUrl: config.emailServiceUrl, timeoutMs: 5000 });
  const bus = createServiceKafkaBus(config, 'campaign-service', logger);
  startup.opened(() => bus.close());

  const workers = await startCampaignWorkers({
    shards,
    bus,
    clients,
    logger,
    schedulerIntervalMs: config.schedulerIntervalMs,
    handOverMaxInFlight: config.handOverMaxInFlight,
  }).catch(startup.failed('could not start the campaign workers', { brokers: config.kafkaBrokers }));
  startup.opened(() => workers.stop());
  const server = await startCampaignService({
    host: config.host,
    port: config.port,
    shards,
    clients,
    email,
    logger,
  }).catch(startup.failed('could not start the gRPC server'));
  return {
    server,
    bus,
    steps: [() => server.close(), () => workers.stop(), () => bus.close(), () => shards.close()],
  };
}
