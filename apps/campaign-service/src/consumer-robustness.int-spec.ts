import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { ClientService, consumerGroups, eventTypes, topics } from '@coldreach/contracts';
import { queryRows } from '@coldreach/db';
import { createInProcessEventBus, createKafkaEventBus, type EventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import {
  createMemorySendLimiter,
  emailTopics,
  openEmailDatabase,
  startEmailService,
} from '@coldreach/email-service';
import {
  createTestDatabase,
  randomName,
  testKafkaBrokers,
  waitFor,
  type TestDatabase,
} from '@coldreach/testing';
import {
  everySparseEvent,
  sparseEvent,
  sparsePayload,
  payloadTypes,
  type SparseEvent,
} from '../test/sparse-events';
import { openCampaignShards } from './campaign-database';
import { campaignTopics } from './start-campaign-workers';
import { startEmailEventsConsumer } from './events/email-events-consumer';

// Issue 11, item 5: every consumer gets every event type of events.proto (those it acts on and the
// others) with its fields empty the ways our own producers leave them (see test/sparse-events.ts,
// generated from the descriptors). A valid event is applied or skipped, never dead-lettered; an
// event without what the consumer needs (a workspace, the task or campaign it is about) is
// dead-lettered at once with a reason naming the field; nothing is retried, and the consumer goes on
// to the next message of the partition (all of them share one key, hence one partition).
jest.setTimeout(300_000);

interface ConsumerCase {
  name: string;
  topic: string;
  groupId: string;
  database: 'campaigns' | 'email';
  /** The types it acts on; it skips any other, whatever it holds. */
  actsOn: string[];
  /** Acted-on types that name nothing without their ids (defaults and empty messages are invalid). */
  needsIds: string[];
  /** Whether it records processed_events (the email.commands consumer dedups by the ledger instead). */
  recordsProcessed: boolean;
}

const emailEventTypes = [
  eventTypes.emailSent,
  eventTypes.emailFailed,
  eventTypes.emailUnknown,
  eventTypes.emailSuppressed,
  eventTypes.emailCancelled,
  eventTypes.emailBounced,
  eventTypes.emailComplained,
  eventTypes.emailReplied,
  eventTypes.leadUnsubscribed,
];
const commandTypes = [eventTypes.emailSendRequested, eventTypes.emailSendCancelRequested];
const campaignTypes = [eventTypes.campaignPaused, eventTypes.campaignResumed, eventTypes.campaignDeleted];

const consumers: ConsumerCase[] = [
  {
    name: "the Campaign service's email.events consumer",
    topic: topics.emailEvents,
    groupId: consumerGroups.campaignEmailEvents,
    database: 'campaigns',
    actsOn: emailEventTypes,
    // SendEmail deliveries have no campaign, an address suppressed by hand may be no lead.
    needsIds: [],
    recordsProcessed: true,
  },
  {
    name: "the Email service's email.commands consumer",
    topic: topics.emailCommands,
    groupId: consumerGroups.emailWorkers,
    database: 'email',
    actsOn: commandTypes,
    needsIds: commandTypes,
    recordsProcessed: false,
  },
  {
    name: "the Email service's campaigns.events consumer",
    topic: topics.campaignsEvents,
    groupId: consumerGroups.emailCampaignEvents,
    database: 'email',
    actsOn: campaignTypes,
    needsIds: campaignTypes,
    recordsProcessed: true,
  },
];

/** Whether `consumer` must refuse `event` (dead-letter it at once) rather than apply or skip it. */
function invalidFor(consumer: ConsumerCase, event: SparseEvent): boolean {
  if (!consumer.actsOn.includes(event.type)) return false;
  if (event.sparseness === 'no workspace') return true;
  return event.sparseness !== 'ids only' && consumer.needsIds.includes(event.type);
}

const buses = [
  { name: 'the in-process bus', open: () => createInProcessEventBus({ retryBackoffMs: 50 }) },
  {
    name: 'Kafka',
    open: () =>
      createKafkaEventBus({
        brokers: testKafkaBrokers(),
        clientId: randomName('robustness'),
        namespace: randomName('robustness'),
        logger: createLogger({ name: 'robustness-kafka', level: 'silent' }),
        retryBackoffMs: 100,
        sessionTimeoutMs: 10_000,
      }),
  },
];

describe.each(buses)('consumers fed every event type with empty fields, on $name', (busCase) => {
  const retries: string[] = [];
  const logger = createLogger({
    name: 'robustness',
    level: 'warn',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        const line = JSON.parse(chunk.toString()) as { msg: string; groupId?: string; reason?: string };
        if (line.msg === 'message handling failed; retrying') retries.push(`${line.groupId}: ${line.reason}`);
        done();
      },
    }),
  });
  const disposers: (() => Promise<unknown>)[] = [];
  let bus: EventBus;
  // The campaign side on 2 shards: each event is applied (and recorded) on its workspace's shard,
  // an invalid one dead-lettered on the first; the checks below read every shard.
  const data = {} as Record<ConsumerCase['database'], DataSource[]>;
  const rowsOf = async <T>(database: ConsumerCase['database'], sql: string, params: unknown[]) => {
    const rows: T[] = [];
    for (const db of data[database]) rows.push(...(await queryRows<T>(db.manager, sql, params)));
    return rows;
  };

  beforeAll(async () => {
    const databases: TestDatabase[] = await Promise.all([
      createTestDatabase('cr_robust_email'),
      createTestDatabase('cr_robust_campaigns'),
      createTestDatabase('cr_robust_campaigns'),
    ]);
    disposers.unshift(() => Promise.all(databases.map((db) => db.drop())));
    const campaignShards = await openCampaignShards(databases.slice(1).map(({ url }) => ({ url })));
    disposers.unshift(() => campaignShards.close());
    data.campaigns = [...campaignShards.shards];
    const emailDb = await openEmailDatabase({ url: databases[0]!.url }, { migrate: true });
    disposers.unshift(() => emailDb.destroy());
    data.email = [emailDb];
    bus = busCase.open();
    disposers.unshift(() => bus.close());
    await bus.ensureTopics([...campaignTopics, ...emailTopics]);

    const campaignConsumer = await startEmailEventsConsumer({ shards: campaignShards, bus, logger });
    disposers.unshift(() => campaignConsumer.close());
    const emailService = await startEmailService({
      host: '127.0.0.1',
      port: 0,
      dataSource: emailDb,
      bus,
      // Never called: SendEmail is the API's, and the API does not run here.
      clients: createGrpcClient(ClientService, { baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000 }),
      logger,
      credentialsKey: randomBytes(32),
      unsubscribeSecrets: [randomBytes(32).toString('base64url')],
      publicBaseUrl: 'http://127.0.0.1:8080',
      limiter: createMemorySendLimiter(),
      embedded: false,
      roles: { api: false, workers: true },
      worker: { pollIntervalMs: 50 },
      relayPollIntervalMs: 50,
    });
    disposers.unshift(() => emailService.stop());
  });
  afterAll(async () => {
    for (const dispose of disposers.splice(0)) await dispose();
  });

  it('covers every payload message of events.proto', () => {
    const types = payloadTypes().map((payload) => payload.type);
    expect(types).toEqual(expect.arrayContaining(Object.values(eventTypes)));
    // Payloads without a type name of their own (none today) are fed too, under a derived name.
    expect(types.length).toBeGreaterThanOrEqual(Object.values(eventTypes).length);
  });

  it.each(consumers)(
    '$name applies or skips each valid one, refuses each invalid one at once, and goes on',
    async (consumer) => {
      const key = randomName('one-partition');
      const events = everySparseEvent(key);
      // Last on the same partition: once it is applied, every event before it was dealt with.
      const [sentinelType] = consumer.actsOn as [string];
      const sentinelSchema = payloadTypes().find((payload) => payload.type === sentinelType)!.schema;
      const sentinel = sparseEvent(key, sentinelType, 'ids only', {
        schema: sentinelSchema,
        message: sparsePayload(sentinelSchema, 'ids only'),
      });
      await bus.publish(
        consumer.topic,
        [...events, sentinel].map((event) => event.message),
      );

      const applied = async (event: SparseEvent) =>
        consumer.recordsProcessed
          ? (
              await rowsOf(
                consumer.database,
                'SELECT 1 FROM processed_events WHERE consumer_group = $1 AND event_id = $2',
                [consumer.groupId, event.eventId],
              )
            ).length === 1
          : (
              await rowsOf(consumer.database, 'SELECT 1 FROM deliveries WHERE id = $1', [
                event.payload!.taskId,
              ])
            ).length === 1;
      await waitFor(() => applied(sentinel), {
        what: `the last event, after ${events.length}`,
        timeoutMs: 240_000,
      });

      const deadLetters = await rowsOf<{ event_id: string; reason: string; attempts: number }>(
        consumer.database,
        `SELECT headers->>'event-id' AS event_id, reason, attempts FROM dead_letters
       WHERE consumer_group = $1 AND key = $2 ORDER BY "offset"::bigint`,
        [consumer.groupId, key],
      );
      const label = (event: SparseEvent) => `${event.type} (${event.sparseness})`;
      const byId = new Map(events.map((event) => [event.eventId, event]));
      expect(deadLetters.map((row) => label(byId.get(row.event_id)!))).toEqual(
        events.filter((event) => invalidFor(consumer, event)).map(label),
      );
      for (const row of deadLetters) {
        expect(row.attempts).toBe(1);
        expect(row.reason).toMatch(/(workspace_id|task_id|campaign_id) must be a UUID/);
      }
      // Each valid event it acts on was applied (not only skipped).
      for (const event of events) {
        if (
          !consumer.recordsProcessed ||
          !consumer.actsOn.includes(event.type) ||
          invalidFor(consumer, event)
        )
          continue;
        expect([label(event), await applied(event)]).toEqual([label(event), true]);
      }
      expect(retries).toEqual([]);
    },
  );
});
