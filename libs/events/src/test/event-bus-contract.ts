// The behaviour every EventBus implementation owes its users, run against each one (in memory in
// the unit tests, on the real broker in the integration tests) so the two cannot drift apart.
import { randomName, waitFor } from '@coldreach/testing';
import type { BatchContext, EventBus, EventMessage, MessageBatch, ReceivedMessage } from '../event-bus';
import { partitionForKey } from '../partition-for-key';

export interface EventBusContractTarget {
  /** A new bus whose failed batches come back after `retryBackoffMs`. */
  createBus(): EventBus;
  retryBackoffMs: number;
  /** Bound for each wait on a delivery. */
  deliveryTimeoutMs: number;
  /**
   * No longer read: "nothing more was delivered" is shown with markers published after the rest
   * (see `markers`), not with a pause. Kept so the callers still compile until they drop it.
   */
  quietMs?: number;
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** `count` messages spread over `keys` keys, each numbered within its key, ids unique per run. */
export function numberedMessages(run: string, count: number, keys: number, from = 0): EventMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const index = from + i;
    const key = `key-${index % keys}`;
    const seq = Math.floor(index / keys);
    const id = `${run}-${index}`;
    return { key, value: new TextEncoder().encode(JSON.stringify({ id, seq })), headers: { 'event-id': id } };
  });
}

export const idOf = (message: ReceivedMessage): string => message.headers['event-id'] ?? '';
const seqOf = (message: ReceivedMessage): number => (JSON.parse(text(message.value)) as { seq: number }).seq;

/**
 * One message on each of a topic's `partitions`, with ids `${run}-marker-<partition>`. Published after
 * the rest, they are handed over after everything before them on their partitions, so once a group
 * has them all, it has been handed everything published before them that it will ever get.
 */
function markers(run: string, partitions: number): EventMessage[] {
  return Array.from({ length: partitions }, (_, partition) => {
    let index = 0;
    while (partitionForKey(`marker-${index}`, partitions) !== partition) index += 1;
    const id = `${run}-marker-${partition}`;
    return {
      key: `marker-${index}`,
      value: new TextEncoder().encode(JSON.stringify({ id, seq: -1 })),
      headers: { 'event-id': id },
    };
  });
}

const isMarker = (id: string): boolean => id.includes('-marker-');

/** Records what a subscription was handed. */
export function recorder(): {
  batches: MessageBatch[];
  messages(): ReceivedMessage[];
  ids(): string[];
  handleBatch(batch: MessageBatch): Promise<void>;
} {
  const batches: MessageBatch[] = [];
  const messages = () => batches.flatMap((batch) => batch.messages);
  return {
    batches,
    messages,
    ids: () => messages().map(idOf),
    handleBatch: async (batch) => {
      batches.push(batch);
    },
  };
}

export function describeEventBusContract(name: string, target: EventBusContractTarget): void {
  const { retryBackoffMs, deliveryTimeoutMs } = target;
  const testTimeoutMs = deliveryTimeoutMs * 3;
  const until = (what: string, check: () => boolean) =>
    waitFor(() => check() || undefined, { timeoutMs: deliveryTimeoutMs, what });

  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus;
    let topic: string;
    let groupId: string;
    const run = randomName('run');

    beforeEach(async () => {
      bus = target.createBus();
      topic = randomName('contract');
      groupId = randomName('group');
    });
    afterEach(() => bus.close());

    /** Publishes a marker on each of the topic's `partitions` and waits until `seen` holds them all. */
    async function throughMarkers(partitions: number, seen: () => string[]): Promise<void> {
      const sent = markers(randomName('markers'), partitions);
      await bus.publish(topic, sent);
      await until('a marker on every partition', () => {
        const ids = new Set(seen());
        return sent.every((message) => ids.has(message.headers['event-id']!));
      });
    }

    it(
      'delivers what was published, with key, bytes, headers, partition and offset',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 3 }]);
        const seen = recorder();
        await bus.subscribe({ groupId, topics: [topic], handleBatch: seen.handleBatch });
        const sent = numberedMessages(run, 9, 3);
        await bus.publish(topic, sent);

        await until('9 messages', () => seen.messages().length >= 9);
        const byId = new Map(seen.messages().map((message) => [idOf(message), message]));
        expect([...byId.keys()].sort()).toEqual(sent.map((message) => message.headers['event-id']).sort());
        for (const message of sent) {
          const got = byId.get(message.headers['event-id']!)!;
          expect(got.key).toBe(message.key);
          expect(text(got.value)).toBe(text(message.value));
          expect(got.headers).toEqual(message.headers);
          expect(got.topic).toBe(topic);
          // The same murmur2 partitioner in both implementations.
          expect(got.partition).toBe(partitionForKey(message.key, 3));
          expect(got.offset).toMatch(/^\d+$/);
        }
        for (const batch of seen.batches) {
          expect(batch.messages.every((message) => message.partition === batch.partition)).toBe(true);
        }
      },
      testTimeoutMs,
    );

    it(
      'keeps the order of each key across 6 partitions and several publishes',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 6 }]);
        const seen = recorder();
        await bus.subscribe({ groupId, topics: [topic], handleBatch: seen.handleBatch });
        const keys = 12;
        const perKey = 25;
        for (let chunk = 0; chunk < 5; chunk += 1) {
          await bus.publish(
            topic,
            numberedMessages(run, (keys * perKey) / 5, keys, (chunk * keys * perKey) / 5),
          );
        }

        await until('all messages', () => seen.messages().length >= keys * perKey);
        const seqsByKey = new Map<string, number[]>();
        for (const message of seen.messages()) {
          seqsByKey.set(message.key, [...(seqsByKey.get(message.key) ?? []), seqOf(message)]);
          expect(message.partition).toBe(partitionForKey(message.key, 6));
        }
        expect(seqsByKey.size).toBe(keys);
        for (const seqs of seqsByKey.values())
          expect(seqs).toEqual(Array.from({ length: perKey }, (_, i) => i));
        expect(new Set(seen.messages().map((message) => message.partition)).size).toBeGreaterThan(1);
      },
      testTimeoutMs,
    );

    it(
      'delivers a failed batch again after the backoff, and only then moves on',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 1 }]);
        const attempts: { offsets: string[]; at: number }[] = [];
        const handled: string[] = [];
        await bus.subscribe({
          groupId,
          topics: [topic],
          handleBatch: async (batch) => {
            attempts.push({ offsets: batch.messages.map((message) => message.offset), at: Date.now() });
            if (attempts.length === 1) throw new Error('transient failure');
            handled.push(...batch.messages.map(idOf));
          },
        });
        const sent = numberedMessages(run, 5, 1);
        await bus.publish(topic, sent);

        await until('every message handled', () => handled.length >= 5);
        const [failed, retried] = attempts;
        // Delivered again from the first offset of the failed batch: nothing of it was committed.
        expect(retried!.offsets[0]).toBe(failed!.offsets[0]);
        expect(retried!.at - failed!.at).toBeGreaterThanOrEqual(retryBackoffMs * 0.9);
        expect(handled).toEqual(sent.map((message) => message.headers['event-id']));
      },
      testTimeoutMs,
    );

    it(
      'commits nothing of a failing batch: the next member of the group gets it again',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 1 }]);
        let failures = 0;
        const failing = await bus.subscribe({
          groupId,
          topics: [topic],
          handleBatch: async () => {
            failures += 1;
            throw new Error('always fails');
          },
        });
        const sent = numberedMessages(run, 4, 1);
        await bus.publish(topic, sent);
        await until('a failure', () => failures > 0);
        await failing.close();

        const seen = recorder();
        await bus.subscribe({ groupId, topics: [topic], handleBatch: seen.handleBatch });
        await until('the failed messages again', () => seen.messages().length >= 4);
        expect(seen.ids()).toEqual(sent.map((message) => message.headers['event-id']));
      },
      testTimeoutMs,
    );

    it(
      'hands a partition its next batch only after the current one settled',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 1 }]);
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let active = 0;
        let mostActive = 0;
        const seen: string[] = [];
        await bus.subscribe({
          groupId,
          topics: [topic],
          handleBatch: async (batch) => {
            active += 1;
            mostActive = Math.max(mostActive, active);
            seen.push(...batch.messages.map(idOf));
            await released;
            active -= 1;
          },
        });
        await bus.publish(topic, numberedMessages(run, 3, 1));
        await until('the first batch', () => seen.length > 0);
        const firstBatch = seen.length;
        await bus.publish(topic, numberedMessages(run, 3, 1, 3));
        // Another group has been handed all six: the later three were there to be handed over.
        const witness = recorder();
        await bus.subscribe({
          groupId: randomName('witness'),
          topics: [topic],
          handleBatch: witness.handleBatch,
        });
        await until('another group to get all six', () => witness.messages().length >= 6);
        expect(seen.length).toBe(firstBatch);

        release();
        await until('the rest', () => seen.length >= 6);
        expect(mostActive).toBe(1);
      },
      testTimeoutMs,
    );

    it(
      'shares the partitions between the members of a group, each message handled by one of them',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 6 }]);
        const first = recorder();
        const second = recorder();
        await bus.subscribe({ groupId, topics: [topic], handleBatch: first.handleBatch });
        await bus.subscribe({ groupId, topics: [topic], handleBatch: second.handleBatch });
        const sent = numberedMessages(run, 120, 30);
        await bus.publish(topic, sent);

        await until('every message', () => first.messages().length + second.messages().length >= sent.length);
        await throughMarkers(6, () => [...first.ids(), ...second.ids()]);
        const all = [...first.ids(), ...second.ids()].filter((id) => !isMarker(id));
        expect(all.sort()).toEqual(sent.map((message) => message.headers['event-id']!).sort());
        expect(first.ids().filter((id) => !isMarker(id)).length).toBeGreaterThan(0);
        expect(second.ids().filter((id) => !isMarker(id)).length).toBeGreaterThan(0);
        const partitionsOf = (seen: ReturnType<typeof recorder>) =>
          new Set(seen.messages().map((m) => m.partition));
        const shared = [...partitionsOf(first)].filter((partition) => partitionsOf(second).has(partition));
        expect(shared).toEqual([]);
      },
      testTimeoutMs,
    );

    it(
      'moves the partitions of a member closed mid-batch to the others, losing nothing',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 6 }]);
        const handled = new Map<string, number>();
        const effects = new Set<string>();
        // Idempotent by message id, as real consumers are: a redelivery has no second effect.
        const apply = (batch: MessageBatch) => {
          for (const message of batch.messages) {
            handled.set(idOf(message), (handled.get(idOf(message)) ?? 0) + 1);
            effects.add(idOf(message));
          }
        };
        let slowStarted = false;
        let slowAborted = false;
        const slow = await bus.subscribe({
          groupId,
          topics: [topic],
          // Busy until told to stop, so the close is certain to land in the middle of a batch.
          handleBatch: async (_batch: MessageBatch, { signal }: BatchContext) => {
            slowStarted = true;
            await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
            slowAborted = true;
            signal.throwIfAborted();
          },
        });
        await bus.subscribe({ groupId, topics: [topic], handleBatch: async (batch) => apply(batch) });
        const sent = numberedMessages(run, 240, 40);
        await bus.publish(topic, sent);

        await until('the slow member busy', () => slowStarted);
        await slow.close();
        expect(slowAborted).toBe(true);
        await until('every message', () => effects.size >= sent.length);
        await throughMarkers(6, () => [...effects]);
        expect([...effects].filter((id) => !isMarker(id))).toHaveLength(sent.length);
        for (const message of sent)
          expect(handled.get(message.headers['event-id']!)).toBeGreaterThanOrEqual(1);
      },
      testTimeoutMs,
    );

    it(
      'resumes a group from its committed offsets',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 3 }]);
        const before = recorder();
        const firstRun = await bus.subscribe({ groupId, topics: [topic], handleBatch: before.handleBatch });
        const earlier = numberedMessages(run, 30, 6);
        await bus.publish(topic, earlier);
        await until('the earlier messages', () => before.messages().length >= earlier.length);
        await firstRun.close();

        const later = numberedMessages(run, 30, 6, 30);
        await bus.publish(topic, later);
        const after = recorder();
        await bus.subscribe({ groupId, topics: [topic], handleBatch: after.handleBatch });
        await until('the later messages', () => after.messages().length >= later.length);
        await throughMarkers(3, () => after.ids());
        expect(
          after
            .ids()
            .filter((id) => !isMarker(id))
            .sort(),
        ).toEqual(later.map((message) => message.headers['event-id']!).sort());
      },
      testTimeoutMs,
    );

    it(
      'starts a new group at the end of the log with fromBeginning: false',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 2 }]);
        await bus.publish(topic, numberedMessages(`${run}-old`, 10, 5));
        const seen = recorder();
        await bus.subscribe({
          groupId,
          topics: [topic],
          handleBatch: seen.handleBatch,
          fromBeginning: false,
        });
        const fresh = numberedMessages(`${run}-new`, 10, 5);
        await bus.publish(topic, fresh);

        await until('the new messages', () => seen.messages().length >= fresh.length);
        await throughMarkers(2, () => seen.ids());
        expect(
          seen
            .ids()
            .filter((id) => !isMarker(id))
            .sort(),
        ).toEqual(fresh.map((message) => message.headers['event-id']!).sort());
      },
      testTimeoutMs,
    );

    it(
      'leaves existing topics as they are',
      async () => {
        await bus.ensureTopics([{ name: topic, partitions: 4 }]);
        await bus.ensureTopics([{ name: topic, partitions: 4 }]);
        await bus.ensureTopics([{ name: topic, partitions: 8 }]);
        const seen = recorder();
        await bus.subscribe({ groupId, topics: [topic], handleBatch: seen.handleBatch });
        await bus.publish(topic, numberedMessages(run, 80, 80));

        await until('every message', () => seen.messages().length >= 80);
        expect([...new Set(seen.messages().map((message) => message.partition))].sort()).toEqual([
          0, 1, 2, 3,
        ]);
      },
      testTimeoutMs,
    );
  });
}
