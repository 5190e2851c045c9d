import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AnalyticsService, topics } from '@coldreach/contracts';
import { createInProcessEventBus, partitionForKey, type EventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createTeardown, createTestDatabase, waitFor } from '@coldreach/testing';
import { openAnalyticsDatabase } from '../src/analytics-database';
import { openAnalyticsReplica, type AnalyticsReplicaOptions } from '../src/analytics-replica';
import { startAnalyticsEventsConsumer } from '../src/events/analytics-events-consumer';
import { analyticsTopics } from '../src/events/analytics-topics';
import { liveSchema } from '../src/persistence/analytics-tables';
import { startAnalyticsService } from '../src/start-analytics-service';
import { analyticsEvents as e, type Delivery, type TopicEvent } from './analytics-events';

export const quietLogger = createLogger({ name: 'analytics-test', level: 'silent' });

export interface AnalyticsHarnessOptions {
  bus?: EventBus;
  /** An empty database to use (e.g. on a test primary with a replica); default: a fresh one on 5432. */
  databaseUrl?: string;
  /** Reads through this replica of it. */
  replica?: AnalyticsReplicaOptions;
}

/**
 * The analytics service on a fresh database of the real PostgreSQL, its consumer on `bus` (the
 * in-process bus unless given), and a gRPC client to it.
 */
export async function startAnalyticsHarness(options: AnalyticsHarnessOptions = {}) {
  const teardown = createTeardown();
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    const database = await createTestDatabase('analytics');
    teardown.add(() => database.drop());
    databaseUrl = database.url;
  }
  const dataSource: DataSource = await openAnalyticsDatabase({ url: databaseUrl });
  teardown.add(() => dataSource.destroy());
  const replicas = options.replica && (await openAnalyticsReplica(dataSource, options.replica, quietLogger));
  if (replicas) teardown.add(() => replicas.close());
  const bus = options.bus ?? createInProcessEventBus({ maxBatchSize: 50 });
  if (!options.bus) teardown.add(() => bus.close());
  const consumer = await startAnalyticsEventsConsumer({ dataSource, bus, logger: quietLogger });
  teardown.add(() => consumer.close());
  const server = await startAnalyticsService({
    host: '127.0.0.1',
    port: 0,
    dataSource,
    replicas,
    logger: quietLogger,
  });
  teardown.add(() => server.close());
  const client = createGrpcClient(AnalyticsService, { baseUrl: server.url, timeoutMs: 10_000 });

  return {
    bus,
    dataSource,
    replicas,
    client,
    databaseUrl,
    /** Publishes events in the given order, each topic's in one call. */
    async publish(events: readonly TopicEvent[]): Promise<void> {
      await publishEvents(bus, events);
    },
    /**
     * Publishes `events`, then a marker on every partition, and waits until the markers were
     * counted: each partition is consumed in order, so everything before them was handled.
     */
    async publishAndWait(events: readonly TopicEvent[]): Promise<void> {
      const markers = markersOnEveryPartition();
      await publishEvents(bus, events);
      await publishEvents(bus, markers);
      const ids = markers.map((marker) => marker.message.eventId);
      await waitFor(
        async () => {
          const [row] = (await dataSource.query(
            `SELECT count(*)::int AS n FROM "${liveSchema}".processed_events WHERE event_id = ANY($1::uuid[])`,
            [ids],
          )) as { n: number }[];
          return row?.n === ids.length;
        },
        { timeoutMs: 120_000, what: 'the events and the markers after them' },
      );
    },
    close: () => teardown.close(),
  };
}

export type AnalyticsHarness = Awaited<ReturnType<typeof startAnalyticsHarness>>;

/**
 * Publishes events to their topics, keeping their order within each topic; topics go in the reverse
 * order of their first event, so a consumer meets e.g. outcomes before the sends they are about.
 */
export async function publishEvents(bus: EventBus, events: readonly TopicEvent[]): Promise<void> {
  const byTopic = new Map<string, TopicEvent['message'][]>();
  for (const { topic, message } of events) {
    const messages = byTopic.get(topic) ?? [];
    messages.push(message);
    byTopic.set(topic, messages);
  }
  for (const [topic, messages] of [...byTopic].reverse()) await bus.publish(topic, messages);
}

/** Each event three times: the copies shuffled among each other (a fixed seed), after the originals. */
export function deliveredThreeTimes(events: readonly TopicEvent[], seed = 7): TopicEvent[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const copies = [...events, ...events];
  for (let i = copies.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copies[i], copies[j]] = [copies[j]!, copies[i]!];
  }
  return [...events, ...copies];
}

/**
 * One event of another workspace on every partition of every topic analytics reads, to publish
 * after what a test sent: once they are all counted, everything published before them was handled.
 */
export function markersOnEveryPartition(): TopicEvent[] {
  const workspaceId = randomUUID();
  const at = new Date();
  const keyOn = (partition: number, partitions: number) => {
    for (;;) {
      const key = randomUUID();
      if (partitionForKey(key, partitions) === partition) return key;
    }
  };
  const marker: Record<string, (key: string) => TopicEvent> = {
    [topics.clientsEvents]: (key) => e.clientDeleted(workspaceId, key, at),
    [topics.campaignsEvents]: (key) => e.campaignPaused(workspaceId, key, at),
    [topics.emailCommands]: (key) => e.sendRequested(workspaceId, markerDelivery(key), at),
    [topics.emailEvents]: (key) => e.sent(workspaceId, markerDelivery(key), at),
    [topics.scrapeEvents]: (key) => e.jobFinished(workspaceId, key, 0, at),
  };
  return analyticsTopics.flatMap(({ name, partitions }) =>
    Array.from({ length: partitions }, (_, partition) => marker[name]!(keyOn(partition, partitions))),
  );
}

const markerDelivery = (taskId: string): Delivery => ({
  taskId,
  campaignId: '',
  clientId: randomUUID(),
  stepId: '',
  stepPosition: 0,
  mailboxId: randomUUID(),
});
