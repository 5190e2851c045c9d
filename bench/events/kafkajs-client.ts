// Path (b): kafkajs used directly, with the same guarantees the bus gives: an idempotent producer
// with acks=all, offsets committed after each batch, the bus's consumer settings (3 partitions
// handled at once, 500 ms fetch wait), and none of its per-message mapping or bookkeeping.
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { BenchClient } from './bench-client';

export function createKafkajsClient(brokers: string[]): BenchClient {
  const kafka = new Kafka({ clientId: 'bench-events-kafkajs', brokers, logLevel: logLevel.WARN });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  const connected = producer.connect();
  return {
    async publish(topic, events) {
      await connected;
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic,
            messages: events.map((event) => ({
              key: event.key,
              value: Buffer.from(event.value.buffer, event.value.byteOffset, event.value.byteLength),
            })),
          },
        ],
      });
    },
    async subscribe(groupId, topic, onValues) {
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500, allowAutoTopicCreation: false });
      const fetched = new Promise<void>((resolve) => consumer.on(consumer.events.FETCH, () => resolve()));
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) =>
          onValues(batch.messages.map((message) => message.value ?? Buffer.alloc(0))),
      });
      await fetched;
      return { close: () => consumer.disconnect() };
    },
    async close() {
      await connected.catch(() => undefined);
      await producer.disconnect();
    },
  };
}
