// Path (a): the project's own event bus on Kafka, as services use it, on kafkajs (the default) or on
// @platformatic/kafka (EVENTS_KAFKA_CLIENT=platformatic, under evaluation).
import { createKafkaEventBus, type KafkaClientName } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import type { BenchClient } from './bench-client';

export function createBusClient(brokers: string[], client: KafkaClientName): BenchClient {
  const bus = createKafkaEventBus({
    brokers,
    clientId: `bench-events-bus-${client}`,
    client,
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
