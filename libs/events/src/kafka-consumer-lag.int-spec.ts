// Consumer lag as Prometheus reads it, on the real broker with random topic, group and namespace.
import { createLogger, renderMetrics } from '@coldreach/observability';
import { metricValue, randomName, testKafkaBrokers, waitFor } from '@coldreach/testing';
import { createKafkaEventBus } from './kafka-event-bus';
import { numberedMessages } from './test/event-bus-contract';

jest.setTimeout(120_000);

const logger = createLogger({ name: 'consumer-lag-test', level: 'silent' });

describe('Kafka consumer lag metric', () => {
  it('shows the messages a group has not committed, per partition, and falls to 0 once they are handled', async () => {
    const bus = createKafkaEventBus({
      brokers: testKafkaBrokers(),
      clientId: randomName('lag-test'),
      logger,
      namespace: randomName('ns'),
      retryBackoffMs: 200,
    });
    const topic = randomName('lag');
    const groupId = randomName('lag-group');
    const lag = async () =>
      metricValue((await renderMetrics()).body, 'coldreach_kafka_consumer_lag', {
        group: groupId,
        topic,
        partition: '0',
      });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      await bus.publish(topic, numberedMessages('first', 3, 1));
      const subscription = await bus.subscribe({ groupId, topics: [topic], handleBatch: () => held });
      // The batch is held by its handler, so nothing is committed: all three wait.
      await waitFor(async () => (await lag()) === 3, { timeoutMs: 60_000, what: 'a lag of 3' });
      release();
      await waitFor(async () => (await lag()) === 0, { timeoutMs: 60_000, what: 'a lag of 0' });
      await bus.publish(topic, numberedMessages('second', 2, 1));
      await waitFor(async () => (await lag()) === 0, { timeoutMs: 60_000, what: 'the new messages handled' });
      await subscription.close();
      // A closed subscription is no longer reported.
      expect((await renderMetrics()).body).not.toContain(`group="${groupId}"`);
    } finally {
      release();
      await bus.close();
    }
  });
});
