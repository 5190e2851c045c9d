// Connected mode: the client service as its own process, configured only by the environment.
import { readConfigOrExit } from '@coldreach/config';
import { topics } from '@coldreach/contracts';
import { createKafkaEventBus } from '@coldreach/events';
import { createLogger, redactUrl } from '@coldreach/observability';
import { startClientEventRelay } from './client-event-relay';
import { openClientShards } from './client-shards';
import { readClientServiceConfig } from './config';
import { startClientService } from './start-client-service';

// A stuck close must not keep a process that has to go from being restarted.
const shutdownTimeoutMs = 15_000;

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

  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs: shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    // Not ready first, so health probes drain traffic away; then no new writes (server), publish
    // nothing more (relay), flush the producer (bus), and close the pools.
    server.health.shutdown();
    try {
      await server.close();
      await relay.stop();
      await bus.close();
      await shards.close();
      process.exit(exitCode);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  // A broken producer or consumer: say so to the probes and exit non-zero so a supervisor restarts us.
  bus.onFatal((error) => {
    server.health.shutdown();
    logger.fatal({ err: error }, 'the event bus failed for good');
    void stop('event bus failure', 1);
  });
  process.once('SIGINT', (signal) => void stop(signal, 0));
  process.once('SIGTERM', (signal) => void stop(signal, 0));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `client-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
