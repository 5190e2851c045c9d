import { waitFor } from '@coldreach/testing';
import { createInProcessEventBus } from './in-process-event-bus';
import { numberedMessages, recorder } from './test/event-bus-contract';

// Embedded mode runs for weeks on one in-process bus: what nobody reads, or what only a group whose
// members all left still needs, must not make it grow without bound; a reader that is there loses
// nothing.
describe('in-process bus retention', () => {
  const topic = 'clients.events';
  const publishRounds = async (
    bus: ReturnType<typeof createInProcessEventBus>,
    run: string,
    rounds: number,
  ) => {
    for (let round = 0; round < rounds; round++)
      await bus.publish(topic, numberedMessages(run, 100, 1, round * 100));
  };

  it('keeps at most maxRetainedPerPartition messages of a topic no group reads', async () => {
    const bus = createInProcessEventBus({ partitionsByDefault: 1, maxRetainedPerPartition: 50 });
    await publishRounds(bus, 'run', 100);
    // 10,000 published; a group starting now finds the newest 50 only, so only those were kept.
    const late = recorder();
    await bus.subscribe({ groupId: 'late', topics: [topic], handleBatch: late.handleBatch });
    await bus.publish(topic, numberedMessages('marker', 1, 1));
    await waitFor(() => late.ids().includes('marker-0') || undefined, { what: 'the marker' });
    expect(late.ids()).toEqual([...Array.from({ length: 50 }, (_, i) => `run-${9950 + i}`), 'marker-0']);
    await bus.close();
  });

  it('does not keep everything for a group whose members all left; it comes back to the oldest kept', async () => {
    const bus = createInProcessEventBus({ partitionsByDefault: 1, maxRetainedPerPartition: 20 });
    const first = recorder();
    const gone = await bus.subscribe({
      groupId: 'analytics',
      topics: [topic],
      handleBatch: first.handleBatch,
    });
    await bus.publish(topic, numberedMessages('early', 5, 1));
    await waitFor(() => first.messages().length >= 5 || undefined, { what: 'the early messages' });
    await gone.close();
    await publishRounds(bus, 'late', 2);
    const back = recorder();
    await bus.subscribe({ groupId: 'analytics', topics: [topic], handleBatch: back.handleBatch });
    await waitFor(() => back.ids().includes('late-199') || undefined, { what: 'the newest message' });
    expect(back.ids()).toEqual(Array.from({ length: 20 }, (_, i) => `late-${180 + i}`));
    await bus.close();
  });

  it('loses nothing of a group that is there but behind', async () => {
    const bus = createInProcessEventBus({
      partitionsByDefault: 1,
      maxRetainedPerPartition: 20,
      retryBackoffMs: 10,
    });
    const seen = recorder();
    let stuck = true;
    let attempts = 0;
    await bus.subscribe({
      groupId: 'email-workers',
      topics: [topic],
      handleBatch: async (batch) => {
        attempts += 1;
        if (stuck) throw new Error('the database is away');
        await seen.handleBatch(batch);
      },
    });
    await publishRounds(bus, 'run', 2);
    await waitFor(() => attempts >= 2 || undefined, { what: 'a retried batch' });
    stuck = false;
    await waitFor(() => seen.ids().includes('run-199') || undefined, { what: 'the newest message' });
    expect(seen.ids()).toEqual(Array.from({ length: 200 }, (_, i) => `run-${i}`));
    await bus.close();
  });

  it('refuses a retention that is not a positive integer', () => {
    expect(() => createInProcessEventBus({ maxRetainedPerPartition: 0 })).toThrow(
      'maxRetainedPerPartition must be a positive integer',
    );
  });
});
