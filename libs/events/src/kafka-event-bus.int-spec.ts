// The Kafka event bus on the real broker (`npm run kafka:start`, or KAFKA_BROKERS), with random
// topic and group names so runs can share it.
import { createLogger } from '@coldreach/observability';
import { randomName, testKafkaBrokers, waitFor } from '@coldreach/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { EventBus } from './event-bus';
import { createKafkaEventBus, type KafkaEventBusOptions } from './kafka-event-bus';
import { describeEventBusContract, idOf, numberedMessages } from './test/event-bus-contract';

const logger = createLogger({ name: 'events-int-spec', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const busOptions = (overrides: Partial<KafkaEventBusOptions> = {}): KafkaEventBusOptions => ({
  brokers: testKafkaBrokers(),
  clientId: randomName('events-test'),
  logger,
  retryBackoffMs: 500,
  ...overrides,
});

describeEventBusContract('kafka', {
  createBus: () => createKafkaEventBus(busOptions()),
  retryBackoffMs: 500,
  deliveryTimeoutMs: 20_000,
  quietMs: 1_500,
});

describe('createKafkaEventBus', () => {
  let bus: EventBus;
  let admin: Admin;
  let topic: string;
  let groupId: string;

  beforeAll(async () => {
    admin = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());
  beforeEach(() => {
    bus = createKafkaEventBus(busOptions());
    topic = randomName('kafka-bus');
    groupId = randomName('group');
  });
  afterEach(() => bus.close());

  const committedOffset = async (): Promise<string> => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets!.partitions.find((partition) => partition.partition === 0)!.offset;
  };

  it('moves the committed offset only once a batch succeeded', async () => {
    await bus.ensureTopics([{ name: topic, partitions: 1 }]);
    let attempts = 0;
    const offsetsSeenByFailures: string[] = [];
    const handled: string[] = [];
    await bus.subscribe({
      groupId,
      topics: [topic],
      handleBatch: async (batch) => {
        attempts += 1;
        if (attempts <= 2) {
          offsetsSeenByFailures.push(await committedOffset());
          throw new Error('fails twice');
        }
        handled.push(...batch.messages.map(idOf));
      },
    });
    await bus.publish(topic, numberedMessages('run', 5, 1));

    await waitFor(() => handled.length >= 5 || undefined, { timeoutMs: 20_000 });
    // -1: the group has committed nothing for the partition while its batch kept failing.
    expect(offsetsSeenByFailures).toEqual(['-1', '-1']);
    await waitFor(async () => (await committedOffset()) === '5' || undefined, { timeoutMs: 10_000 });
  }, 60_000);

  it('creates topics with the partition counts asked for, and leaves existing ones alone', async () => {
    const other = randomName('kafka-bus');
    await bus.ensureTopics([{ name: topic, partitions: 6 }]);
    await bus.ensureTopics([
      { name: topic, partitions: 2 },
      { name: other, partitions: 2 },
    ]);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic, other] });
    const partitions = Object.fromEntries(
      topics.map((metadata) => [metadata.name, metadata.partitions.length]),
    );
    expect(partitions).toEqual({ [topic]: 6, [other]: 2 });
  }, 60_000);

  it('fails a publish to a topic that was never created, then publishes again', async () => {
    await expect(bus.publish(randomName('missing'), numberedMessages('run', 1, 1))).rejects.toThrow(
      /publishing 1 message\(s\) to missing_\w+ failed/,
    );
    await bus.ensureTopics([{ name: topic, partitions: 1 }]);
    await bus.publish(topic, numberedMessages('run', 2, 1));
    const [offsets] = await admin.fetchTopicOffsets(topic);
    expect(offsets!.high).toBe('2');
  }, 60_000);

  it('reports a consumer that crashed for good to the onFatal listeners', async () => {
    // A session timeout below the broker's group.min.session.timeout.ms (6 s by default): the
    // broker refuses the member with INVALID_SESSION_TIMEOUT, which kafkajs does not retry.
    const misconfigured = createKafkaEventBus(busOptions({ sessionTimeoutMs: 3_000 }));
    const fatal: Error[] = [];
    misconfigured.onFatal((error) => fatal.push(error));
    try {
      await misconfigured.ensureTopics([{ name: topic, partitions: 1 }]);
      await expect(
        misconfigured.subscribe({ groupId, topics: [topic], handleBatch: async () => {} }),
      ).rejects.toThrow(/session timeout/i);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]!.message).toMatch(/session timeout/i);
    } finally {
      await misconfigured.close();
    }
  }, 60_000);
});

describe('createKafkaEventBus with a namespace', () => {
  it('keeps two namespaces on one cluster apart under the same topic and group names', async () => {
    const topic = randomName('shared-name');
    const groupId = randomName('group');
    const [a, b] = [randomName('ns'), randomName('ns')].map((namespace) =>
      createKafkaEventBus(busOptions({ namespace })),
    ) as [EventBus, EventBus];
    try {
      const seen: Record<'a' | 'b', string[]> = { a: [], b: [] };
      for (const [name, bus] of [
        ['a', a],
        ['b', b],
      ] as const) {
        await bus.ensureTopics([{ name: topic, partitions: 2 }]);
        await bus.subscribe({
          groupId,
          topics: [topic],
          handleBatch: async (batch) => {
            expect(batch.topic).toBe(topic);
            seen[name].push(...batch.messages.map((message) => Buffer.from(message.value).toString()));
          },
        });
      }
      await a.publish(topic, [{ key: 'k', value: Buffer.from('for a'), headers: {} }]);
      await b.publish(topic, [{ key: 'k', value: Buffer.from('for b'), headers: {} }]);
      await waitFor(() => seen.a.length === 1 && seen.b.length === 1, { timeoutMs: 20_000 });
      expect(seen).toEqual({ a: ['for a'], b: ['for b'] });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
