// Path (a): the project's own event bus on Kafka, as services use it.
import { createKafkaEventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import type { BenchClient } from './bench-client';

export function createBusClient(brokers: string[]): BenchClient {
  const bus = createKafkaEventBus({
    brokers,
    clientId: 'bench-events-bus',
    logger: createLogger({ name: 'bench-events', level: 'warn', destination: process.stderr }),
  });
  return {
    publish: (topic, events) =>
      bus.publish(
        topic,
        events.map((event) => ({ key: event.key, value: event.value, headers: {} })),
      ),
    subscribe: (groupId, topic, onValues) =>
      bus.subscribe({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handleBatch: async (batch) => onValues(batch.messages.map((message) => message.value)),
      }),
    close: () => bus.close(),
  };
}
