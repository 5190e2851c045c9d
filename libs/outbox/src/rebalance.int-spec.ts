import type { DataSource } from 'typeorm';
import { partitionForKey, type EventBus, type ReceivedMessage, type Subscription } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { randomName, waitFor } from '@coldreach/testing';
import { inProcessBus, kafkaBus, type BusCase } from '../test/bus-cases';
import { testEvent } from '../test/test-events';
import {
  effectCounts,
  openTestStore,
  recordEffect,
  storeBackends,
  type StoreBackend,
} from '../test/test-stores';
import { decodeEnvelope } from './decode-envelope';
import { createMessageHandler } from './message-handler';
import { processOnce } from './process-once';

jest.setTimeout(180_000);

const logger = createLogger({ name: 'rebalance-test', level: 'silent' });
const [postgres] = storeBackends as [StoreBackend];

const cases: BusCase[] = [inProcessBus, kafkaBus];
const partitions = 6;
/** A key that both buses put on `partition` (Kafka's murmur2 partitioner). */
const keyOn = (partition: number): string => {
  let index = 0;
  while (partitionForKey(`marker-${index}`, partitions) !== partition) index += 1;
  return `marker-${index}`;
};

describe.each(cases)('a consumer group rebalancing mid-batch on $name', (busCase) => {
  let store: DataSource;
  let dispose: () => Promise<void>;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    const opened = await postgres.open(1);
    dispose = opened.dispose;
    store = await openTestStore(opened.locations[0]!);
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await store?.destroy();
    await dispose?.();
  });

  it('applies every effect exactly once while members join and leave during slow batches', async () => {
    const topic = randomName('outbox.rebalance');
    const groupId = randomName('rebalance');
    // Each member as its own process would have it: its own bus (Kafka client). The in-process bus
    // is one per process, so its members share it.
    const shared = busCase.open();
    const openBus = (): EventBus => (busCase.kafka ? busCase.open() : shared);
    closers.push(() => shared.close());
    await shared.ensureTopics([{ name: topic, partitions }]);

    const handledBy = new Map<string, number>();
    const deliveries = { a: 0, b: 0 };
    async function join(member: 'a' | 'b'): Promise<Subscription> {
      const bus = openBus();
      if (bus !== shared) closers.push(() => bus.close());
      const subscription = await bus.subscribe({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handleBatch: createMessageHandler({
          groupId,
          dataSource: store,
          logger,
          backoffMs: 10,
          handle: async (message: ReceivedMessage) => {
            deliveries[member]++;
            const { eventId } = decodeEnvelope(message.value);
            // Slow on purpose, so that batches are in flight when the group changes: this pause is
            // the load the test puts on the group, not a wait for anything.
            await new Promise((resolve) => setTimeout(resolve, 4));
            await store.transaction((manager) =>
              processOnce(manager, { consumerGroup: groupId, eventId }, async (m) => {
                await recordEffect(m, eventId, message.key);
                handledBy.set(eventId, (handledBy.get(eventId) ?? 0) + 1);
              }),
            );
          },
        }),
      });
      closers.push(() => subscription.close());
      return subscription;
    }

    // A steady stream on top of a backlog, so that batches are always in flight.
    const published = Array.from({ length: 600 }, (_, i) => testEvent(topic, `key-${i % 60}`));
    await shared.publish(topic, published);
    let producing = true;
    const producer = (async () => {
      for (let round = 0; producing; round++) {
        const events = Array.from({ length: 10 }, (_, i) => testEvent(topic, `key-${(round * 10 + i) % 60}`));
        await shared.publish(topic, events);
        published.push(...events);
        // The pace of the stream (about 200 events a second), not a wait for anything.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const a = await join('a');
    await waitFor(() => deliveries.a >= 50, { timeoutMs: 60_000, what: 'member a to be mid-stream' });
    await join('b');
    await waitFor(() => deliveries.b >= 50, { timeoutMs: 60_000, what: 'member b to get partitions' });
    // a leaves in the middle of its batches; b takes everything over.
    const bBefore = deliveries.b;
    await a.close();
    await waitFor(() => deliveries.b >= bBefore + 100, { timeoutMs: 60_000, what: 'member b to take over' });
    producing = false;
    await producer;

    await waitFor(async () => (await effectCounts(store)).size >= published.length, {
      timeoutMs: 120_000,
      what: 'every effect',
    });
    // A marker on every partition, published after the rest: once each is applied, whatever a
    // rebalance cut short has come again before it, so a late redelivery would show by now.
    const markers = Array.from({ length: partitions }, (_, partition) => testEvent(topic, keyOn(partition)));
    await shared.publish(topic, markers);
    published.push(...markers);
    await waitFor(
      async () => {
        const effects = await effectCounts(store);
        return markers.every((marker) => effects.has(marker.eventId));
      },
      { timeoutMs: 60_000, what: 'a marker applied on every partition' },
    );
    const effects = await effectCounts(store);
    expect(effects.size).toBe(published.length);
    for (const event of published) expect(effects.get(event.eventId)).toBe(1);
    expect([...handledBy.values()].every((n) => n === 1)).toBe(true);
    // Batches cut short by the rebalances came again: the idempotency was needed, not just present.
    expect(deliveries.a + deliveries.b).toBeGreaterThan(published.length);
    expect(deliveries.a).toBeGreaterThan(0);
    expect(deliveries.b).toBeGreaterThan(0);
  });
});
