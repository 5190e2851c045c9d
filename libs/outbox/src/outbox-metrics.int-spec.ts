import type { DataSource } from 'typeorm';
import { createLogger, renderMetrics } from '@coldreach/observability';
import { metricValue, randomName, waitFor } from '@coldreach/testing';
import { inProcessBus } from '../test/bus-cases';
import { commitEvents, testEvent } from '../test/test-events';
import { openTestStore, storeBackends, type StoreBackend } from '../test/test-stores';
import { watchOutboxBacklog } from './outbox-metrics';
import { startOutboxRelay } from './outbox-relay';

const logger = createLogger({ name: 'outbox-metrics-test', level: 'silent' });
const [postgres] = storeBackends as [StoreBackend];

describe('outbox backlog metrics', () => {
  let store: DataSource;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await postgres.open(1);
    dispose = opened.dispose;
    store = await openTestStore(opened.locations[0]!);
  }, 60_000);
  afterAll(async () => {
    await store?.destroy();
    await dispose?.();
  });

  it('show waiting events and the oldest one’s age until the relay publishes them', async () => {
    const service = randomName('svc');
    const labels = { service, shard: '0' };
    const stopWatching = watchOutboxBacklog([store], service);
    try {
      const topic = randomName('topic');
      await commitEvents(store, [testEvent(topic, 'a'), testEvent(topic, 'b'), testEvent(topic, 'c')]);
      // The database's clock moves on: the oldest event gets older between scrapes.
      await waitFor(
        async () =>
          metricValue(
            (await renderMetrics()).body,
            'coldreach_outbox_oldest_unpublished_age_seconds',
            labels,
          ) > 0,
        { what: 'the oldest event to age' },
      );
      const waiting = (await renderMetrics()).body;
      expect(metricValue(waiting, 'coldreach_outbox_unpublished_events', labels)).toBe(3);

      const bus = inProcessBus.open();
      const relay = startOutboxRelay({ shards: [store], bus, logger, service, pollIntervalMs: 20 });
      try {
        await relay.drain();
        const published = (await renderMetrics()).body;
        expect(metricValue(published, 'coldreach_outbox_unpublished_events', labels)).toBe(0);
        expect(metricValue(published, 'coldreach_outbox_oldest_unpublished_age_seconds', labels)).toBe(0);
        expect(metricValue(published, 'coldreach_worker_heartbeat_deadline_seconds', { service })).toBe(120);
      } finally {
        await relay.stop();
        await bus.close();
      }
      const stopped = (await renderMetrics()).body;
      expect(metricValue(stopped, 'coldreach_worker_heartbeat_deadline_seconds', { service })).toBe(0);
    } finally {
      stopWatching();
    }
  });
});
