import { topics } from '@coldreach/contracts';
import { createServiceKafkaBus, type EventBus } from '@coldreach/events';
import type { GrpcServer } from '@coldreach/grpc';
import { redactUrl, type Logger } from '@coldreach/observability';
import { createStartupCleanup } from '@coldreach/process';
import { startClientEventRelay } from './client-event-relay';
import { openClientReplicas } from './client-replicas';
import { openClientShards } from './client-shards';
import type { ClientServiceConfig } from './config';
import { emailEventsTopic, startEmailEventsConsumer } from './events/email-events-consumer';
import { scrapeEventsTopic, startScrapeEventsConsumer } from './events/scrape-events-consumer';
import { startClientService } from './start-client-service';

export interface ConnectedClientService {
  server: GrpcServer;
  bus: EventBus;
  /** What to close on shutdown, in order: server → the consumers → relay → bus → replicas → shards. */
  steps: Array<() => Promise<unknown>>;
}

/**
 * Connected mode's dependencies, built from the config: the PostgreSQL shards and their read
 * replicas, Kafka, the gRPC server, the outbox relay, the consumer that turns scraped contacts into
 * leads and the one that records hard bounces as verifications. A failure is logged with what could not start, what was
 * opened is closed, and the error is thrown on.
 */
export async function startConnectedClientService(
  config: ClientServiceConfig,
  logger: Logger,
): Promise<ConnectedClientService> {
  const shardUrls = config.shardUrls.map(redactUrl);
  const startup = createStartupCleanup(logger);

  const shards = await openClientShards(
    config.shardUrls.map((url) => ({ url })),
    { migrate: config.migrateOnStart },
  ).catch(startup.failed('could not open the client shards', { shards: shardUrls }));
  startup.opened(() => shards.close());
  // A replica down at start is no failure: its shard's listings use the primary meanwhile.
  const replicas = await openClientReplicas(shards, config, logger).catch(
    startup.failed("could not open the client shards' read replicas"),
  );
  startup.opened(() => replicas.replicas.close());
  const bus = createServiceKafkaBus(config, 'client-service', logger);
  startup.opened(() => bus.close());
  await bus
    .ensureTopics([
      { name: topics.clientsEvents, partitions: config.clientsEventsPartitions },
      scrapeEventsTopic,
      emailEventsTopic,
    ])
    .catch(startup.failed('could not create the Kafka topics', { brokers: config.kafkaBrokers }));

  const server = await startClientService({
    host: config.host,
    port: config.port,
    shards,
    replicas,
    logger,
  }).catch(startup.failed('could not start the gRPC server'));
  startup.opened(() => server.close());
  const relay = startClientEventRelay({ shards, bus, logger });
  startup.opened(() => relay.stop());
  // Stopped before the relay: its leads' events go through the outbox the relay publishes.
  const scrapeEvents = await startScrapeEventsConsumer({ shards, bus, logger }).catch(
    startup.failed('could not subscribe to scrape.events', { brokers: config.kafkaBrokers }),
  );
  startup.opened(() => scrapeEvents.close());
  const emailEvents = await startEmailEventsConsumer({ shards, bus, logger }).catch(
    startup.failed('could not subscribe to email.events', { brokers: config.kafkaBrokers }),
  );
  return {
    server,
    bus,
    steps: [
      () => server.close(),
      () => scrapeEvents.close(),
      () => emailEvents.close(),
      () => relay.stop(),
      () => bus.close(),
      () => replicas.replicas.close(),
      () => shards.close(),
    ],
  };
}
