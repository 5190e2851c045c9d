import type { DataSource } from 'typeorm';
import {
  createKafkaEventBus,
  type EventBus,
  type ReceivedMessage,
  type Subscription,
} from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { randomName, waitFor } from '@coldreach/testing';
import { createPrivateKafka, type PrivateKafka } from '../test/private-kafka';
import { commitEvents, testEvent } from '../test/test-events';
import {
  effectCounts,
  effectKeysInOrder,
  openTestStore,
  recordEffect,
  storeBackends,
  type StoreBackend,
} from '../test/test-stores';
import { decodeEnvelope } from './decode-envelope';
import { createMessageHandler } from './message-handler';
import { startOutboxRelay, type OutboxRelay } from './outbox-relay';
import { processOnce } from './process-once';
import type { OutboxEventInput } from './write-outbox-events';

// Stops and restarts a broker of its own (other ports, other data), never the shared one.
jest.setTimeout(300_000);

const logger = createLogger({ name: 'broker-restart-test', level: 'silent' });
const [postgres] = storeBackends as [StoreBackend];

describe('the outbox and a consumer while the broker stops and comes back', () => {
  let kafka: PrivateKafka;
  let outbox: DataSource;
  let consumerStore: DataSource;
  let dispose: () => Promise<void>;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    kafka = await createPrivateKafka();
    await kafka.start();
    const opened = await postgres.open(2);
    dispose = opened.dispose;
    outbox = await openTestStore(opened.locations[0]!);
    consumerStore = await openTestStore(opened.locations[1]!);
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await outbox?.destroy();
    await consumerStore?.destroy();
    await dispose?.();
    await kafka?.dispose();
  });

  function openBus(): EventBus {
    const bus = createKafkaEventBus({
      brokers: kafka.brokers,
      clientId: randomName('restart-test'),
      logger,
      retryBackoffMs: 200,
      sessionTimeoutMs: 10_000,
    });
    closers.push(() => bus.close());
    return bus;
  }

  it('loses nothing and applies nothing twice', async () => {
    const topic = randomName('outbox.restart');
    const groupId = randomName('restart');
    const relayBus = openBus();
    await relayBus.ensureTopics([{ name: topic, partitions: 3 }]);
    let relayFatal = 0;
    relayBus.onFatal(() => relayFatal++);
    // The relay's bus, counting its publish calls under way: they show it trying while the broker
    // is down.
    let publishing = 0;
    const relay: OutboxRelay = startOutboxRelay({
      shards: [outbox],
      bus: {
        ...relayBus,
        publish: async (topic, messages) => {
          publishing++;
          try {
            await relayBus.publish(topic, messages);
          } finally {
            publishing--;
          }
        },
      },
      logger,
      batchSize: 50,
      pollIntervalMs: 20,
      maxBackoffMs: 1000,
    });
    closers.push(() => relay.stop());

    // The consumer, with what a supervisor does for a process whose bus failed for good: start a
    // new one (same group, so it resumes from the committed offsets).
    let current: { bus: EventBus; subscription: Subscription } | undefined;
    async function startConsumer(): Promise<void> {
      const bus = openBus();
      bus.onFatal(() => {
        const failed = current;
        current = undefined;
        void failed?.bus.close().catch(() => undefined);
        void startConsumer();
      });
      const subscription = await bus.subscribe({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handleBatch: createMessageHandler({
          groupId,
          dataSource: consumerStore,
          logger,
          backoffMs: 50,
          maxAttempts: 1000,
          handle: async (message: ReceivedMessage) => {
            const { eventId } = decodeEnvelope(message.value);
            await consumerStore.transaction((manager) =>
              processOnce(manager, { consumerGroup: groupId, eventId }, (m) =>
                recordEffect(m, eventId, message.key),
              ),
            );
          },
        }),
      });
      current = { bus, subscription };
    }
    await startConsumer();
    closers.push(async () => current?.subscription.close());

    // Writes keep coming the whole time, as user traffic would.
    const written: OutboxEventInput[] = [];
    let writing = true;
    const writer = (async () => {
      for (let round = 0; writing; round++) {
        const events = Array.from({ length: 10 }, (_, i) => testEvent(topic, `key-${(round * 10 + i) % 40}`));
        await commitEvents(outbox, events, 10);
        written.push(...events);
        // The pace of the traffic (about 500 events a second), not a wait for anything.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    await waitFor(async () => (await effectCounts(consumerStore)).size >= 200, {
      timeoutMs: 60_000,
      what: 'the stream to flow',
    });
    await kafka.stop();
    const writtenWhileDown = written.length;
    // The broker stays down until the relay is caught publishing into it (a call that cannot succeed
    // before the broker is back) and a relay batch more has been written meanwhile.
    await waitFor(() => publishing > 0 && written.length >= writtenWhileDown + 50, {
      timeoutMs: 60_000,
      what: 'the relay to be publishing while writes go on',
    });
    await kafka.start();
    // Writes go on until the relay has published one written after the restart: it flows again.
    const writtenAtRestart = written.length;
    await waitFor(
      async () => {
        const later = written[writtenAtRestart];
        if (!later) return false;
        const left = (await outbox.query('SELECT 1 FROM outbox_events WHERE event_id = $1', [
          later.eventId,
        ])) as unknown[];
        return left.length === 0;
      },
      { timeoutMs: 120_000, what: 'the relay to publish an event written after the restart' },
    );
    writing = false;
    await writer;

    await waitFor(
      async () => {
        const [row] = (await outbox.query('SELECT count(*)::int AS n FROM outbox_events')) as { n: number }[];
        return Number(row?.n) === 0;
      },
      { timeoutMs: 120_000, what: 'the relay to publish the backlog' },
    );
    await waitFor(async () => (await effectCounts(consumerStore)).size >= written.length, {
      timeoutMs: 120_000,
      what: 'every effect',
    });

    const effects = await effectCounts(consumerStore);
    expect(effects.size).toBe(written.length);
    for (const event of written) expect(effects.get(event.eventId)).toBe(1);
    // Order per key holds across the outage.
    const applied = new Map<string, string[]>();
    for (const { key, eventId } of await effectKeysInOrder(consumerStore)) {
      applied.set(key, [...(applied.get(key) ?? []), eventId]);
    }
    const expected = new Map<string, string[]>();
    for (const event of written) expected.set(event.key, [...(expected.get(event.key) ?? []), event.eventId]);
    expect(applied).toEqual(expected);
    expect(relayFatal).toBe(0);
  });
});
