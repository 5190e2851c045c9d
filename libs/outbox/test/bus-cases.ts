// Test support: the buses the outbox is tested on, each with random topic names.
import { createInProcessEventBus, createKafkaEventBus, type EventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { randomName, testKafkaBrokers } from '@coldreach/testing';

export interface BusCase {
  name: string;
  /** True for a real broker: redelivery counts and timings differ from memory. */
  kafka: boolean;
  open(): EventBus;
}

export const inProcessBus: BusCase = {
  name: 'the in-process bus',
  kafka: false,
  open: () => createInProcessEventBus({ retryBackoffMs: 50 }),
};

export const kafkaBus: BusCase = {
  name: 'Kafka',
  kafka: true,
  open: () =>
    createKafkaEventBus({
      brokers: testKafkaBrokers(),
      clientId: randomName('outbox-test'),
      logger: createLogger({ name: 'outbox-test-kafka', level: 'silent' }),
      retryBackoffMs: 100,
      sessionTimeoutMs: 10_000,
    }),
};
