import { waitFor } from '@coldreach/testing';
import { createInProcessEventBus } from './in-process-event-bus';
import { numberedMessages, recorder } from './test/event-bus-contract';

// Embedded mode runs for weeks on one in-process bus: whatever nobody reads, or a reader that is
// stuck, must not make it grow without bound.
describe('in-process bus retention', () => {
  const topic = 'clients.events';

  it('keeps at most maxRetainedPerPartition messages of a topic no group reads', async () => {
    const bus = createInProcessEventBus({ partitionsByDefault: 1, maxRetainedPerPartition: 50 });
    for (let round = 0; round < 100; round++) {
      await bus.publish(topic, numberedMessages('run', 100, 1, round * 100));
    }
    // 10,000 published; a group starting now finds the newest 50 only, so only those were kept.
    const late = recorder();
    await bus.subscribe({ groupId: 'late', topics: [topic], handleBatch: late.handleBatch });
    await waitFor(() => late.messages().length >= 50 || undefined, { what: 'the kept messages' });
    await bus.publish(topic, numberedMessages('marker', 1, 1));
    await waitFor(() => late.messages().length >= 51 || undefined, { what: 'the marker' });
    expect(late.ids()).toEqual([...Array.from({ length: 50 }, (_, i) => `run-${9950 + i}`), 'marker-0']);
    await bus.close();
  });

  it('moves a stuck group on to the oldest message kept, instead of keeping all it missed', async () => {
    const bus = createInProcessEventBus({
      partitionsByDefault: 1,
      maxRetainedPerPartition: 20,
      retryBackoffMs: 10,
    });
    const seen = recorder();
    let stuck = true;
    let attempts = 0;
    await bus.subscribe({
      groupId: 'stuck',
      topics: [topic],
      handleBatch: async (batch) => {
        attempts += 1;
        if (stuck) throw new Error('the database is away');
        await seen.handleBatch(batch);
      },
    });
    await bus.publish(topic, numberedMessages('early', 200, 1));
    await waitFor(() => attempts >= 2 || undefined, { what: 'a retried batch' });
    await bus.publish(topic, numberedMessages('late', 200, 1));
    stuck = false;
    await waitFor(() => seen.ids().includes('late-199') || undefined, { what: 'the newest message' });
    expect(seen.ids()).toEqual(Array.from({ length: 20 }, (_, i) => `late-${180 + i}`));
    await bus.close();
  });

  it('refuses a retention that is not a positive integer', () => {
    expect(() => createInProcessEventBus({ maxRetainedPerPartition: 0 })).toThrow(
      'maxRetainedPerPartition must be a positive integer',
    );
  });
});
