import { randomName, waitFor } from '@coldreach/testing';
import type { BatchContext, EventBus, EventMessage, MessageBatch } from './event-bus';
import { createInProcessEventBus } from './in-process-event-bus';
import { partitionForKey } from './partition-for-key';
import { describeEventBusContract, idOf, numberedMessages, recorder } from './test/event-bus-contract';

describeEventBusContract('in-process', {
  createBus: () => createInProcessEventBus({ retryBackoffMs: 100 }),
  retryBackoffMs: 100,
  deliveryTimeoutMs: 2_000,
  quietMs: 100,
});

describe('createInProcessEventBus', () => {
  const topic = 'leads';
  /** A key that lands on `partition` of a two-partition topic. */
  const keyOn = (partition: number) =>
    Array.from({ length: 20 }, (_, i) => `key-${i}`).find((key) => partitionForKey(key, 2) === partition)!;
  const message = (id: string, key: string): EventMessage => ({
    key,
    value: new TextEncoder().encode(id),
    headers: { 'event-id': id },
  });

  /** A handler that holds each batch until the test releases it, and reports its signal. */
  function heldHandler() {
    const held: { batch: MessageBatch; context: BatchContext; release(error?: Error): void }[] = [];
    return {
      held,
      handleBatch: (batch: MessageBatch, context: BatchContext) =>
        new Promise<void>((resolve, reject) => {
          held.push({ batch, context, release: (error) => (error ? reject(error) : resolve()) });
        }),
    };
  }

  /**
   * Group `g` on a two-partition topic: a first member holding a batch of each partition when a
   * second member joins, which takes partition 1 from it.
   */
  async function joinWhileHolding(bus: EventBus) {
    const first = heldHandler();
    await bus.subscribe({ groupId: 'g', topics: [topic], handleBatch: first.handleBatch });
    await bus.publish(topic, [message('a-0', keyOn(0)), message('a-1', keyOn(1))]);
    await waitFor(() => first.held.length === 2 || undefined);
    const second = heldHandler();
    await bus.subscribe({ groupId: 'g', topics: [topic], handleBatch: second.handleBatch });
    return { first, second };
  }

  it('gives unknown topics the default partition count', async () => {
    const bus = createInProcessEventBus({ partitionsByDefault: 2 });
    const seen = recorder();
    await bus.subscribe({ groupId: 'g', topics: [topic], handleBatch: seen.handleBatch });
    await bus.publish(topic, numberedMessages('run', 40, 40));
    await waitFor(() => seen.messages().length >= 40 || undefined);
    expect([...new Set(seen.messages().map((message) => message.partition))].sort()).toEqual([0, 1]);
    await bus.close();
  });

  it('keeps every group at its own offsets', async () => {
    const bus = createInProcessEventBus();
    const analytics = recorder();
    const campaigns = recorder();
    await bus.subscribe({ groupId: 'analytics', topics: [topic], handleBatch: analytics.handleBatch });
    await bus.subscribe({ groupId: 'campaigns', topics: [topic], handleBatch: campaigns.handleBatch });
    await bus.publish(topic, numberedMessages('run', 12, 4));
    await waitFor(
      () => (analytics.messages().length >= 12 && campaigns.messages().length >= 12) || undefined,
    );
    expect(analytics.ids().sort()).toEqual(campaigns.ids().sort());
    await bus.close();
  });

  /** A group created now gets only what is published from now on: what was consumed is gone. */
  async function expectNewGroupToStartAfterThem(bus: EventBus) {
    const late = recorder();
    await bus.subscribe({ groupId: 'late', topics: [topic], handleBatch: late.handleBatch });
    await bus.publish(topic, numberedMessages('b', 3, 3));
    await waitFor(() => late.messages().length >= 3 || undefined);
    // Later messages on the same keys (the same partitions): once they are handled, anything still
    // kept before them would have been handed over too.
    await bus.publish(topic, numberedMessages('c', 3, 3));
    await waitFor(() => late.messages().length >= 6 || undefined);
    expect(late.ids().sort()).toEqual(['b-0', 'b-1', 'b-2', 'c-0', 'c-1', 'c-2']);
  }

  it('keeps a message until every group consuming its topic committed past it', async () => {
    const bus = createInProcessEventBus({ retryBackoffMs: 20 });
    const fast = recorder();
    const lagging = recorder();
    let laggingFails = true;
    await bus.subscribe({ groupId: 'fast', topics: [topic], handleBatch: fast.handleBatch });
    await bus.subscribe({
      groupId: 'lagging',
      topics: [topic],
      handleBatch: async (batch) => {
        if (laggingFails) throw new Error('not yet');
        await lagging.handleBatch(batch);
      },
    });
    await bus.publish(topic, numberedMessages('a', 6, 3));
    await waitFor(() => fast.messages().length >= 6 || undefined);

    // The lagging group has not consumed them: still there for a group that starts now.
    const early = recorder();
    await bus.subscribe({ groupId: 'early', topics: [topic], handleBatch: early.handleBatch });
    await waitFor(() => early.messages().length >= 6 || undefined);

    laggingFails = false;
    await waitFor(() => lagging.messages().length >= 6 || undefined);
    // Every group is past them now, so they are gone: a later group starts after them.
    await expectNewGroupToStartAfterThem(bus);
    await bus.close();
  });

  it('holds every message for groups that join during start-up, until started() says all have', async () => {
    const bus = createInProcessEventBus({ retryBackoffMs: 20, holdUntilStarted: true });
    const first = recorder();
    await bus.subscribe({ groupId: 'first', topics: [topic], handleBatch: first.handleBatch });
    // A relay publishes what a crash left behind; the first group consumes and commits it.
    await bus.publish(topic, numberedMessages('a', 3, 3));
    await waitFor(() => first.messages().length >= 3 || undefined);
    // A group joining later in the start-up still gets them.
    const second = recorder();
    await bus.subscribe({ groupId: 'second', topics: [topic], handleBatch: second.handleBatch });
    await waitFor(() => second.messages().length >= 3 || undefined);
    expect(second.ids().sort()).toEqual(['a-0', 'a-1', 'a-2']);

    // Once started, what every group consumed goes: a group created afterwards starts after it.
    // (The second group commits once its handler settled: let that run first.)
    await new Promise((settle) => setImmediate(settle));
    bus.started();
    await expectNewGroupToStartAfterThem(bus);
    await bus.close();
  });

  it('hands a partition to a joining member only once the batch in flight settled, and commits it', async () => {
    const bus = createInProcessEventBus({ partitionsByDefault: 2 });
    const { first, second } = await joinWhileHolding(bus);
    // A group made after g, holding nothing back: the bus hands it each message right after g.
    const witness = recorder();
    await bus.subscribe({ groupId: 'witness', topics: [topic], handleBatch: witness.handleBatch });
    const revoked = first.held.find((entry) => entry.batch.partition === 1)!;
    expect(revoked.context.signal.aborted).toBe(true);
    expect(first.held.find((entry) => entry.batch.partition === 0)!.context.signal.aborted).toBe(false);
    await bus.publish(topic, [message('b-1', keyOn(1))]);
    // Once the witness has b-1, the newcomer would have it too had the partition already moved.
    await waitFor(() => witness.ids().includes('b-1') || undefined);
    expect(second.held).toHaveLength(0);

    revoked.release();
    await waitFor(() => second.held.length === 1 || undefined);
    // Committed before the move: the newcomer starts after it, with nothing of it again.
    expect(second.held[0]!.batch.messages.map(idOf)).toEqual(['b-1']);
    await Promise.all([...first.held, ...second.held].map((entry) => entry.release()));
    await bus.close();
  });

  it('aborts a revoked batch and moves its partition after the rebalance timeout, ignoring its commit', async () => {
    const bus = createInProcessEventBus({ partitionsByDefault: 2, rebalanceTimeoutMs: 100 });
    const { first, second } = await joinWhileHolding(bus);
    const revoked = first.held.find((entry) => entry.context.signal.aborted);
    const kept = first.held.find((entry) => !entry.context.signal.aborted);
    expect(revoked).toBeDefined();
    expect(kept).toBeDefined();

    // The first member does not give up its batch: after the timeout the newcomer gets it anyway.
    await waitFor(() => second.held.length === 1 || undefined);
    expect(second.held[0]!.batch.messages.map(idOf)).toEqual(revoked!.batch.messages.map(idOf));
    revoked!.release();
    second.held[0]!.release(new Error('newcomer fails once'));
    // The late success of the revoked batch committed nothing: the newcomer gets it again.
    await waitFor(() => second.held.length === 2 || undefined, { timeoutMs: 3_000 });
    expect(second.held[1]!.batch.messages.map(idOf)).toEqual(revoked!.batch.messages.map(idOf));
    await Promise.all([...first.held, ...second.held].map((entry) => entry.release()));
    await bus.close();
  });

  it('lets the batch of a closing member finish and commit before its partitions move', async () => {
    const bus = createInProcessEventBus({ partitionsByDefault: 1 });
    const closing = heldHandler();
    const leaving = await bus.subscribe({ groupId: 'g', topics: [topic], handleBatch: closing.handleBatch });
    const staying = recorder();
    await bus.subscribe({ groupId: 'g', topics: [topic], handleBatch: staying.handleBatch });
    await bus.publish(topic, numberedMessages('a', 3, 1));
    await waitFor(() => closing.held.length === 1 || undefined);

    const closed = leaving.close();
    expect(closing.held[0]!.context.signal.aborted).toBe(true);
    closing.held[0]!.release();
    await closed;
    await bus.publish(topic, numberedMessages('b', 2, 1));
    await waitFor(() => staying.messages().length >= 2 || undefined);
    expect(staying.ids()).toEqual(['b-0', 'b-1']);
    await bus.close();
  });

  it('stops delivering after close and refuses new work', async () => {
    /** A bus whose one message always fails, so it is delivered again every 20 ms while open. */
    async function failingForever() {
      const bus = createInProcessEventBus({ retryBackoffMs: 20 });
      const counted = { calls: 0 };
      await bus.subscribe({
        groupId: randomName('g'),
        topics: [topic],
        handleBatch: async () => {
          counted.calls += 1;
          throw new Error('always fails');
        },
      });
      await bus.publish(topic, numberedMessages('a', 1, 1));
      await waitFor(() => counted.calls > 1 || undefined);
      return { bus, counted };
    }
    const { bus, counted } = await failingForever();
    // The witness: an open bus retrying the same way. Two more of its retries take longer than one
    // backoff, so a retry the closed bus still had planned would have come by then.
    const control = await failingForever();
    await bus.close();
    const after = counted.calls;
    const controlAfter = control.counted.calls;
    await waitFor(() => control.counted.calls >= controlAfter + 2 || undefined);
    await control.bus.close();
    expect(counted.calls).toBe(after);
    await expect(bus.publish(topic, numberedMessages('b', 1, 1))).rejects.toThrow('closed');
    await expect(
      bus.subscribe({ groupId: 'g', topics: [topic], handleBatch: async () => {} }),
    ).rejects.toThrow('closed');
  });

  it('refuses partition counts that are not positive integers', async () => {
    expect(() => createInProcessEventBus({ partitionsByDefault: 0 })).toThrow('positive integer');
    await expect(createInProcessEventBus().ensureTopics([{ name: topic, partitions: 1.5 }])).rejects.toThrow(
      'positive integer',
    );
  });
});
