import { createServiceKafkaBus, type EventBus } from '@coldreach/events';
import type { GrpcServer } from '@coldreach/grpc';
import { redactUrl, type Logger } from '@coldreach/observability';
import { createStartupCleanup } from '@coldreach/process';
import { openAnalyticsDatabase } from './analytics-database';
import { openAnalyticsReplica } from './analytics-replica';
import type { AnalyticsServiceConfig } from './config';
import { startAnalyticsEventsConsumer } from './events/analytics-events-consumer';
import { startAnalyticsService } from './start-analytics-service';

export interface ConnectedAnalyticsService {
  server: GrpcServer;
  bus: EventBus;
  /** What to close on shutdown, in order: server → consumer → bus → replica → database. */
  steps: Array<() => Promise<unknown>>;
}

/**
 * Connected mode's dependencies, built from the config: PostgreSQL, Kafka, the consumer and the
 * gRPC server. A failure is logged with what could not start, what was opened is closed, and the
 * error is thrown on.
 */
export async function startConnectedAnalyticsService(
  config: AnalyticsServiceConfig,
  logger: Logger,
): Promise<ConnectedAnalyticsService> {
  const startup = createStartupCleanup(logger);
  const dataSource = await openAnalyticsDatabase(
    { url: config.databaseUrl },
    { migrate: config.migrateOnStart },
  ).catch(
    startup.failed('could not open the analytics database', { database: redactUrl(config.databaseUrl) }),
  );
  startup.opened(() => dataSource.destroy());
  // A replica that is down at start is no failure: reads use the primary until it is reachable.
  const replicas = await openAnalyticsReplica(
    dataSource,
    {
      url: config.replicaUrl,
      maxLagMs: config.replicaMaxLagMs,
      pollIntervalMs: config.replicaPollIntervalMs,
    },
    logger,
  ).catch(startup.failed('could not open the analytics replica'));
  startup.opened(() => replicas.close());
  const bus = createServiceKafkaBus(config, 'analytics-service', logger);
  startup.opened(() => bus.close());
  const consumer = await startAnalyticsEventsConsumer({ dataSource, bus, logger }).catch(
    startup.failed('could not start the analytics consumer', { brokers: config.kafkaBrokers }),
  );
  startup.opened(() => consumer.close());
  const server = await startAnalyticsService({
    host: config.host,
    port: config.port,
    dataSource,
    replicas,
    logger,
  }).catch(startup.failed('could not start the gRPC server'));
  return {
    server,
    bus,
    steps: [
      () => server.close(),
      () => consumer.close(),
      () => bus.close(),
      () => replicas.close(),
      () => dataSource.destroy(),
    ],
  };
}
