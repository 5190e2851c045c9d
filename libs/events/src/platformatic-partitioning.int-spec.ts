// Keys land on the same partitions whichever client publishes them, so switching clients leaves
// every key's order intact over data already in the topics. On the real broker, random names.
import { createLogger } from '@coldreach/observability';
import { randomName, testKafkaBrokers, waitFor } from '@coldreach/testing';
import type { EventBus, ReceivedMessage } from './event-bus';
import { createKafkaEventBus, type KafkaClientName } from './kafka-event-bus';
import { partitionForKey } from './partition-for-key';

const logger = createLogger({ name: 'partitioning-int-spec', level: 'silent' });
const open = (client: KafkaClientName): EventBus =>
  createKafkaEventBus({ brokers: testKafkaBrokers(), clientId: randomName(client), logger, client });

describe('partitioning with kafkajs and @platformatic/kafka', () => {
  it('puts each key on the same partition with either client, the one partitionForKey gives', async () => {
    const [kafkajs, platformatic] = [open('kafkajs'), open('platformatic')];
    const topic = randomName('partitioning');
    const partitions = 7;
    const keys = Array.from({ length: 150 }, (_, i) => `client-${i}:${i * 7919}`);
    try {
      await kafkajs.ensureTopics([{ name: topic, partitions }]);
      for (const [name, bus] of [
        ['kafkajs', kafkajs],
        ['platformatic', platformatic],
      ] as const) {
        await bus.publish(
          topic,
          keys.map((key) => ({ key, value: new TextEncoder().encode(name), headers: { client: name } })),
        );
      }
      const seen: ReceivedMessage[] = [];
      await platformatic.subscribe({
        groupId: randomName('group'),
        topics: [topic],
        handleBatch: async (batch) => {
          seen.push(...batch.messages);
        },
      });
      await waitFor(() => seen.length >= keys.length * 2 || undefined, {
        timeoutMs: 30_000,
        what: 'both sets',
      });

      const partitionOf = (client: string) =>
        new Map(seen.filter((m) => m.headers.client === client).map((m) => [m.key, m.partition]));
      const expected = new Map(keys.map((key) => [key, partitionForKey(key, partitions)]));
      expect(partitionOf('kafkajs')).toEqual(expected);
      expect(partitionOf('platformatic')).toEqual(expected);
    } finally {
      await Promise.all([kafkajs.close(), platformatic.close()]);
    }
  }, 90_000);
});
