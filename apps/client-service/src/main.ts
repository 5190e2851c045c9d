// Connected mode: the client service as its own process, configured only by the environment.
import { readConfigOrExit } from '@coldreach/config';
import { topics } from '@coldreach/contracts';
import { createKafkaEventBus } from '@coldreach/events';
import { createLogger, redactUrl } from '@coldreach/observability';
import { handleServiceShutdown } from '@coldreach/process';
import { startClientEventRelay } from './client-event-relay';
import { openClientShards } from './client-shards';
import { readClientServiceConfig } from './config';
import { startClientService } from './start-client-service';

async function main(): Promise<void> {
  const config = readConfigOrExit(readClientServiceConfig);
  const logger = createLogger({ name: 'client-service', level: config.logLevel });
  const shardUrls = config.shardUrls.map(redactUrl);
  const shards = await openClientShards(
    config.shardUrls.map((url) => ({ url })),
    { migrate: config.migrateOnStart },
  ).catch((error: unknown) => {
    logger.fatal({ err: error, shards: shardUrls }, 'could not open the client shards');
    process.exit(1);
  });

  const bus = createKafkaEventBus({
    brokers: config.kafkaBrokers,
    tls: config.kafkaTls,
    namespace: config.kafkaNamespace,
    replicationFactor: config.kafkaReplicationFactor,
    clientId: 'client-service',
    logger,
  });
  await bus
    .ensureTopics([{ name: topics.clientsEvents, partitions: config.clientsEventsPartitions }])
    .catch(async (error: unknown) => {
      logger.fatal({ err: error, brokers: config.kafkaBrokers }, 'could not create the Kafka topics');
      await bus.close().catch(() => undefined);
      await shards.close();
      process.exit(1);
    });

  const server = await startClientService({ host: config.host, port: config.port, shards, logger }).catch(
    async (error: unknown) => {
      logger.fatal({ err: error }, 'could not start the gRPC server');
      await bus.close().catch(() => undefined);
      await shards.close();
      process.exit(1);
    },
  );
  const relay = startClientEventRelay({ shards, bus, logger });
  logger.info(
    { url: server.url, shards: shardUrls, brokers: config.kafkaBrokers },
    'client service listening',
  );

  handleServiceShutdown({
    logger,
    notReady: () => server.health.shutdown(),
    steps: [() => server.close(), () => relay.stop(), () => bus.close(), () => shards.close()],
    bus,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `client-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
